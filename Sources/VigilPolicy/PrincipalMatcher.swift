/// How a request's principal matched a Principal element.
enum PrincipalMatch: Sendable {
    case none
    /// Matched only through its account (`"AWS": "111122223333"` or `...:root`): the account
    /// delegates, so the principal's identity-based policies must also allow.
    case account
    /// Matched by name (user, role, session, service, provider) or by `*`.
    case direct
}

/// A compiled Principal / NotPrincipal element.
struct PrincipalMatcher: Sendable {
    let everyone: Bool
    let accounts: Set<String>
    /// User, role and session ARNs and unique ids, compared exactly.
    let names: Set<String>
    /// Service principals, lowercased.
    let services: Set<String>
    let providers: Set<String>
    let canonicalUsers: Set<String>

    init(_ spec: PrincipalSpec) {
        var everyone = spec.everyone
        var accounts: Set<String> = []
        var names: Set<String> = []
        for value in spec.aws {
            if value == "*" {
                everyone = true
            } else if let account = PrincipalMatcher.accountId(of: value) {
                accounts.insert(account)
            } else {
                names.insert(value)
            }
        }
        self.everyone = everyone
        self.accounts = accounts
        self.names = names
        self.services = Set(spec.service.map { $0.lowercased() })
        self.providers = Set(spec.federated)
        self.canonicalUsers = Set(spec.canonicalUser)
    }

    /// `111122223333` or `arn:<partition>:iam::111122223333:root` → the account id.
    static func accountId(of value: String) -> String? {
        if value.count == 12, value.allSatisfy({ $0.isASCII && $0.isNumber }) { return value }
        let fields = value.split(separator: ":", omittingEmptySubsequences: false)
        if fields.count == 6, fields[0] == "arn", fields[2] == "iam", fields[5] == "root", !fields[4].isEmpty {
            return String(fields[4])
        }
        return nil
    }

    /// The Principal element: does it name the request's principal?
    func match(_ principal: PrincipalInfo) -> PrincipalMatch {
        if everyone { return .direct }
        switch principal.kind {
        case .anonymous:
            return .none
        case .service:
            return services.contains(principal.arn.lowercased()) ? .direct : .none
        case .identityProvider:
            return providers.contains(principal.arn) ? .direct : .none
        default:
            break
        }
        if let canonical = principal.canonicalUserId, canonicalUsers.contains(canonical) { return .direct }
        if names.contains(principal.arn) { return .direct }
        if let role = principal.roleArn, names.contains(role) { return .direct }
        if let userId = principal.userId, names.contains(userId) { return .direct }
        if let account = principal.accountId, principal.isAccountIdentity, accounts.contains(account) {
            return principal.kind == .account ? .direct : .account
        }
        return .none
    }

    /// The NotPrincipal element: is the principal excluded? IAM checks each identity in the chain
    /// (account, then role, then session), so a principal is excluded only when every one of
    /// them is listed; listing a user or session without its account excludes nobody.
    func excludes(_ principal: PrincipalInfo) -> Bool {
        if everyone { return true }
        switch principal.kind {
        case .anonymous:
            return false
        case .service:
            return services.contains(principal.arn.lowercased())
        case .identityProvider:
            return providers.contains(principal.arn)
        default:
            break
        }
        if let canonical = principal.canonicalUserId, canonicalUsers.contains(canonical) { return true }
        if let account = principal.accountId, principal.isAccountIdentity, !accounts.contains(account) {
            return false
        }
        switch principal.kind {
        case .account:
            return true
        case .assumedRole:
            guard let role = principal.roleArn, names.contains(role) else { return false }
            return names.contains(principal.arn)
        default:
            return names.contains(principal.arn) || principal.userId.map(names.contains) == true
        }
    }
}
