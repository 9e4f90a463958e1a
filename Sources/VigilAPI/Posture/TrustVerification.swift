import Foundation
import Logging
import VigilAWSClients
import VigilPolicy

/// A second opinion on an AssumeRole that STS accepted: Vigil reads the role's trust policy and
/// evaluates it itself for the principal it presented and the ExternalId and session tags it sent.
/// When the trust policy delegates the decision to the caller's account (it names only the account,
/// `"AWS": "ACCOUNT"` or `arn:aws:iam::ACCOUNT:root`, or the role is in another account), the
/// caller's own identity-based policies and permissions boundary must also allow `sts:AssumeRole`
/// (and `sts:TagSession` when tags are sent) on the role: Vigil reads them from IAM with its base
/// credentials and evaluates them too (`CallerPermission`).
///
/// On AWS this agrees with STS. Against endpoints that do not enforce trust policies (moto, some
/// emulators) it is what keeps a role that does not trust Vigil, or wants another ExternalId, from
/// being reported valid.
enum TrustVerification {
    enum Outcome: Equatable {
        case allowed(String)
        case denied(String)
        /// Something could not be read; STS's own verdict stands.
        case undetermined(String)
    }

    /// Who Vigil's base credentials are, asked once per validation.
    static func caller(aws: AWSAccess, region: String) async throws -> CallerIdentity {
        let base = AWSClient(region: region, credentials: aws.baseCredentials, transport: aws.transport, endpoints: aws.endpoints)
        return try await STSClient(base).getCallerIdentity()
    }

    /// Nil when the assumption is allowed (or cannot be judged: STS's verdict stands); otherwise the
    /// reason it is not. Without `aws` the caller's own policies are not read.
    static func denial(caller: CallerIdentity, factory: AWSClientFactory, association: AWSAccountAssociation, region: String,
                       logger: Logger, aws: AWSAccess? = nil) async -> String? {
        switch await assess(caller: caller, factory: factory, association: association, region: region, aws: aws) {
        case .allowed: return nil
        case .denied(let reason): return reason
        case .undetermined(let reason):
            logger.notice("trust not fully re-evaluated", metadata: ["role": .string(association.roleArn), "reason": .string(reason)])
            return nil
        }
    }

    static func assess(caller: CallerIdentity, factory: AWSClientFactory, association: AWSAccountAssociation, region: String,
                       aws: AWSAccess?) async -> Outcome {
        let role: IAMRole
        let trust: Policy
        do {
            guard let name = association.roleArn.split(separator: "/").last.map(String.init) else {
                return .undetermined("'\(association.roleArn)' names no role")
            }
            role = try await IAMClient(try factory.client(for: association.accountId, region: region)).getRole(name: name)
            guard let text = role.assumeRolePolicyDocument else { return .undetermined("role \(role.arn) has no trust policy in IAM's answer") }
            trust = try Policy(name: "trust policy of \(role.arn)", json: text.removingPercentEncoding ?? text, kind: .trust)
        } catch {
            return .undetermined("the trust policy could not be read: \(error)")
        }
        let request = factory.assumeRoleRequest(for: association)
        var keys: [String: [String]] = ["aws:PrincipalArn": [caller.arn], "aws:PrincipalAccount": [caller.account]]
        if let externalId = request.externalId { keys["sts:ExternalId"] = [externalId] }
        for tag in request.tags { keys["aws:RequestTag/\(tag.key)"] = [tag.value] }
        if !request.tags.isEmpty { keys["aws:TagKeys"] = request.tags.map(\.key) }
        var principal = PrincipalInfo(parsing: caller.arn)
        if principal.kind == .anonymous {
            // An ARN outside IAM's forms (moto answers `arn:aws:sts::ACCOUNT:user/moto`): a user of that account.
            principal = PrincipalInfo(kind: .user, arn: caller.arn, accountId: caller.account, userId: caller.userId)
        }
        let assume = TrustPolicyEvaluator.mayAssumeRole(trustPolicy: trust, principal: principal, context: keys)
        guard assume.isAllowed else { return .denied("Vigil's evaluation of the trust policy: \(assume.report.reason)") }
        if !request.tags.isEmpty {
            let tag = TrustPolicyEvaluator.mayAssumeRole(trustPolicy: trust, principal: principal, context: keys, action: "sts:TagSession")
            guard tag.isAllowed else { return .denied("Vigil's evaluation of the trust policy: \(tag.report.reason)") }
        }
        guard assume.requiresCallerPermission || caller.account != association.accountId else {
            return .allowed("the trust policy of \(role.arn) names \(caller.arn) itself: \(assume.report.reason)")
        }
        guard let aws else { return .undetermined("the caller's own policies were not read") }
        guard let entity = CallerPermission.entity(ofCaller: caller.arn) else {
            return .undetermined("\(caller.arn) is not a user or role whose policies IAM can list")
        }
        if entity == .root { return .allowed("\(caller.arn) is its account's root user") }
        let policies: PolicySet
        do {
            let base = AWSClient(region: region, credentials: aws.baseCredentials, transport: aws.transport, endpoints: aws.endpoints,
                                 policy: .readOnly())
            policies = try await CallerPermission.policies(of: entity, iam: IAMClient(base))
        } catch {
            return .undetermined("the identity policies of \(caller.arn) could not be read: \(error)")
        }
        if let denial = CallerPermission.denial(policies: policies, caller: caller, roleArn: role.arn, tagged: !request.tags.isEmpty, keys: keys) {
            return .denied("Vigil's evaluation of the caller's permissions: \(denial)")
        }
        return .allowed("the trust policy of \(role.arn) delegates to account \(caller.account), and the identity policies of \(caller.arn) allow sts:AssumeRole on it")
    }
}
