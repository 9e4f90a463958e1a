import Foundation
import Logging
import VigilAWSClients
import VigilPolicy

/// A second opinion on an AssumeRole that STS accepted: Vigil reads the role's trust policy and
/// evaluates it itself for the principal it presented and the ExternalId and session tags it sent.
///
/// On AWS this agrees with STS. Against endpoints that do not enforce trust policies (moto, some
/// emulators) it is what keeps a role that does not trust Vigil, or wants another ExternalId, from
/// being reported valid.
enum TrustVerification {
    /// Who Vigil's base credentials are, asked once per validation.
    static func caller(aws: AWSAccess, region: String) async throws -> CallerIdentity {
        let base = AWSClient(region: region, credentials: aws.baseCredentials, transport: aws.transport, endpoints: aws.endpoints)
        return try await STSClient(base).getCallerIdentity()
    }

    /// Nil when the trust policy allows the assumption (or cannot be read: STS's verdict stands);
    /// otherwise the reason it does not.
    static func denial(caller: CallerIdentity, factory: AWSClientFactory, association: AWSAccountAssociation, region: String,
                       logger: Logger) async -> String? {
        do {
            guard let name = association.roleArn.split(separator: "/").last.map(String.init) else { return nil }
            let role = try await IAMClient(try factory.client(for: association.accountId, region: region)).getRole(name: name)
            guard let text = role.assumeRolePolicyDocument else { return nil }
            let trust = try Policy(name: "trust policy of \(role.arn)", json: text.removingPercentEncoding ?? text, kind: .trust)
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
            guard assume.isAllowed else { return "Vigil's evaluation of the trust policy: \(assume.report.reason)" }
            if !request.tags.isEmpty {
                let tag = TrustPolicyEvaluator.mayAssumeRole(trustPolicy: trust, principal: principal, context: keys, action: "sts:TagSession")
                guard tag.isAllowed else { return "Vigil's evaluation of the trust policy: \(tag.report.reason)" }
            }
            return nil
        } catch {
            logger.notice("trust policy not re-evaluated", metadata: ["role": .string(association.roleArn),
                                                                      "error": .string(String(describing: error))])
            return nil
        }
    }
}
