import Foundation
import VigilCore
import VigilIdentity
import VigilStore

/// Re-resolves a session's principal from the store on every request, so deleting a user, a
/// role, an access key or a role session ends every web session acting as it at once (no cache).
enum PrincipalCheck {
    static func current(_ s: WebSessionTable.Record, tx: StoreTransaction, account: AccountContext, now: Date) throws -> Principal? {
        let viaKey = s.flow == SignInFlow.iam.rawValue
        switch Principal.Kind(rawValue: s.principalKind) {
        case .root:
            // Only a key the administrator still holds keeps an administrator session.
            guard let key = try tx.accessKeys.get(s.accessKeyId), key.status == "Active", key.principalArn == s.principalArn else {
                return nil
            }
            return Principal(kind: .root, arn: s.principalArn, accessKeyId: s.accessKeyId, policySubjectArn: s.policySubjectArn,
                             uniqueId: account.accountId)
        case .user:
            guard let user = try tx.iam.principal(arn: s.policySubjectArn), user.kind == .user else { return nil }
            if viaKey {
                guard let key = try tx.accessKeys.get(s.accessKeyId), key.status == "Active", key.principalArn == user.arn else {
                    return nil
                }
            }
            return Principal(kind: .user, arn: user.arn, accessKeyId: s.accessKeyId, policySubjectArn: user.arn,
                             uniqueId: user.uniqueId, tags: user.tags)
        case .assumedRole:
            guard let role = try tx.iam.principal(arn: s.policySubjectArn), role.kind == .role else { return nil }
            var sessionPolicy: String?
            var tags = role.tags
            if viaKey {
                // Temporary credentials from AssumeRole: the STS session must still be live.
                guard let sts = try tx.sessions.get(s.accessKeyId), sts.expiresAt > now, sts.roleArn == role.arn else { return nil }
                sessionPolicy = sts.sessionPolicy
                tags.merge(sts.tags) { _, session in session }
            }
            return Principal(kind: .assumedRole, arn: s.principalArn, accessKeyId: s.accessKeyId, policySubjectArn: role.arn,
                             uniqueId: s.uniqueId, sessionName: s.sessionName, sessionPolicy: sessionPolicy, tags: tags)
        case nil:
            return nil
        }
    }
}
