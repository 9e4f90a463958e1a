import VigilIdentity
import VigilPolicy

/// How the policy engine sees a Vigil principal, shared by API authorization and STS trust checks.
extension Principal {
    func policyInfo(accountId: String) -> PrincipalInfo {
        switch kind {
        case .root:
            PrincipalInfo(kind: .account, arn: arn, accountId: accountId)
        case .user:
            PrincipalInfo(kind: .user, arn: arn, accountId: accountId, userId: uniqueId, tags: tags)
        case .assumedRole:
            PrincipalInfo(kind: .assumedRole, arn: arn, accountId: accountId, roleArn: policySubjectArn, userId: uniqueId, tags: tags)
        }
    }

    /// `aws:PrincipalArn` (the role for a session, as IAM defines it) and `aws:PrincipalAccount`.
    func principalKeys(accountId: String) -> [String: [String]] {
        ["aws:PrincipalArn": [kind == .assumedRole ? policySubjectArn : arn], "aws:PrincipalAccount": [accountId]]
    }
}
