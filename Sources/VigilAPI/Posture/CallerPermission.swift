import Foundation
import VigilAWSClients
import VigilPolicy

/// The other half of a role assumption that a trust policy delegates: when the trust policy
/// allows Vigil only through its account (`"AWS": "ACCOUNT"` or `arn:aws:iam::ACCOUNT:root`), or the
/// role is in another account, IAM also requires the caller's own identity-based policies (and its
/// permissions boundary) to allow `sts:AssumeRole` (and `sts:TagSession` when tags are sent) on the
/// role. This reads those policies from IAM with Vigil's base credentials and evaluates them.
enum CallerPermission {
    /// The caller's IAM entity as named by its ARN.
    enum Entity: Equatable {
        case user(String)
        case role(String)
        /// The account's root user: its own account's IAM grants it everything.
        case root
    }

    /// `arn:aws:iam::A:user/path/name`, `arn:aws:sts::A:assumed-role/Role/session`,
    /// `arn:aws:iam::A:role/path/Role`, `arn:aws:iam::A:root`; nil for anything else (federated users).
    static func entity(ofCaller arn: String) -> Entity? {
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn" else { return nil }
        let resource = fields[5]
        let parts = resource.split(separator: "/", omittingEmptySubsequences: false)
        switch (fields[2], parts.first) {
        case ("iam", "root"?) where parts.count == 1: return .root
        case (_, "user"?) where parts.count >= 2: return parts.last.map { .user(String($0)) }
        case ("sts", "assumed-role"?) where parts.count >= 3: return .role(String(parts[1]))
        case ("iam", "role"?) where parts.count >= 2: return parts.last.map { .role(String($0)) }
        default: return nil
        }
    }

    /// The caller's identity policies and permissions boundary, read from its account's IAM.
    static func policies(of entity: Entity, iam: IAMClient) async throws -> PolicySet {
        var documents: [(String, String)] = []
        var boundaryArn: String?
        switch entity {
        case .root:
            return PolicySet()
        case .user(let name):
            boundaryArn = try await iam.getUser(name: name).permissionsBoundaryArn
            for attached in try await iam.listAttachedUserPolicies(userName: name).all() {
                documents.append((attached.policyArn, try await iam.defaultPolicyDocument(arn: attached.policyArn)))
            }
            for policy in try await iam.listUserPolicies(userName: name).all() {
                documents.append(("user \(name) inline \(policy)", try await iam.getUserPolicy(userName: name, policyName: policy).policyDocument))
            }
            for group in try await iam.listGroupsForUser(userName: name).all() {
                for attached in try await iam.listAttachedGroupPolicies(groupName: group).all() {
                    documents.append((attached.policyArn, try await iam.defaultPolicyDocument(arn: attached.policyArn)))
                }
                for policy in try await iam.listGroupPolicies(groupName: group).all() {
                    documents.append(("group \(group) inline \(policy)", try await iam.getGroupPolicy(groupName: group, policyName: policy).policyDocument))
                }
            }
        case .role(let name):
            boundaryArn = try await iam.getRole(name: name).permissionsBoundaryArn
            for attached in try await iam.listAttachedRolePolicies(roleName: name).all() {
                documents.append((attached.policyArn, try await iam.defaultPolicyDocument(arn: attached.policyArn)))
            }
            for policy in try await iam.listRolePolicies(roleName: name).all() {
                documents.append(("role \(name) inline \(policy)", try await iam.getRolePolicy(roleName: name, policyName: policy).policyDocument))
            }
        }
        let identity = try documents.map { name, json in try Policy(name: name, json: json, kind: .identity) }
        var boundary: Policy?
        if let boundaryArn {
            boundary = try Policy(name: boundaryArn, json: try await iam.defaultPolicyDocument(arn: boundaryArn), kind: .identity)
        }
        return PolicySet(identity: identity, permissionsBoundary: boundary)
    }

    /// Nil when the caller's policies allow every action needed on the role; otherwise why not.
    static func denial(policies: PolicySet, caller: CallerIdentity, roleArn: String, tagged: Bool,
                       keys: [String: [String]]) -> String? {
        var principal = PrincipalInfo(parsing: caller.arn)
        if principal.kind == .anonymous {
            principal = PrincipalInfo(kind: .user, arn: caller.arn, accountId: caller.account, userId: caller.userId)
        }
        let context = RequestContext(principal: principal, keys: keys)
        for action in tagged ? ["sts:AssumeRole", "sts:TagSession"] : ["sts:AssumeRole"] {
            let report = policies.explain(action: action, resource: roleArn, context: context)
            guard report.effect == .allow else {
                return "the role's trust policy leaves the decision to the caller's account, and the identity-based policies of \(caller.arn) do not allow it: \(report.reason)"
            }
        }
        return nil
    }
}
