import VigilIdentity
import VigilPolicy
import VigilStore

/// Whether a principal may assume one of Vigil's own roles: the role's trust policy must admit the
/// caller with its conditions met, and when it admits only the caller's account, the caller's own
/// policies must also allow `sts:AssumeRole` on the role (the administrator always may). STS
/// AssumeRole and the web app's `idc` sign-in ask the same question here.
public enum RoleAssumption {
    /// `context` adds request keys (`sts:ExternalId`, `aws:RequestTag/*`, `aws:TagKeys`). Throws when
    /// the stored trust policy cannot be parsed.
    public static func permits(role: IAMTable.Principal, caller: Principal, context: [String: [String]] = [:],
                               environment env: APIEnvironment) async throws -> Bool {
        guard role.kind == .role, let trustText = role.trustPolicy else { return false }
        let trust = try Policy(name: "\(role.arn) trust policy", json: trustText, kind: .trust)
        var keys = caller.principalKeys(accountId: env.account.accountId)
        keys.merge(context) { _, requested in requested }
        let decision = TrustPolicyEvaluator.mayAssumeRole(
            trustPolicy: trust, principal: caller.policyInfo(accountId: env.account.accountId), context: keys)
        guard decision.isAllowed else { return false }
        if decision.requiresCallerPermission, !caller.isAdministrator {
            return await env.authorizer.isAllowed(AuthorizationRequest(principal: caller, action: "sts:AssumeRole",
                                                                       resourceArn: role.arn, context: keys))
        }
        return true
    }

    /// The principal of a session of `role` named `sessionName`, as AssumeRole names it, for
    /// sign-ins that act as a role without handing out credentials (the web app's SSO flows).
    public static func sessionPrincipal(role: IAMTable.Principal, sessionName: String, accountId: String) -> Principal {
        Principal(kind: .assumedRole, arn: "arn:aws:sts::\(accountId):assumed-role/\(role.name)/\(sessionName)",
                  accessKeyId: "", policySubjectArn: role.arn, uniqueId: "\(role.uniqueId):\(sessionName)",
                  sessionName: sessionName, tags: role.tags)
    }
}
