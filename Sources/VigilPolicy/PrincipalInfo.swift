/// Who makes a request, as the policy engine sees it.
public struct PrincipalInfo: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// The account itself (`arn:aws:iam::111122223333:root`).
        case account = "Account"
        case user = "User"
        /// An IAM role named by its role ARN (for trust-policy checks of a role as caller).
        case role = "Role"
        case assumedRole = "AssumedRole"
        case federatedUser = "FederatedUser"
        /// A service principal such as `aidevops.amazonaws.com`.
        case service = "AWSService"
        /// A web-identity or SAML identity provider (`Federated` principals).
        case identityProvider = "IdentityProvider"
        case anonymous = "Anonymous"
    }

    public var kind: Kind
    /// The principal's ARN; for services and identity providers, their name.
    public var arn: String
    public var accountId: String?
    /// For assumed-role sessions: `arn:<partition>:iam::<account>:role/<name>`.
    public var roleArn: String?
    /// The unique id (`AIDA...`, `AROA...:session`), for `aws:userid`.
    public var userId: String?
    public var canonicalUserId: String?
    /// Principal tags (`aws:PrincipalTag/<key>`).
    public var tags: [String: String]

    public init(kind: Kind, arn: String, accountId: String? = nil, roleArn: String? = nil, userId: String? = nil,
                canonicalUserId: String? = nil, tags: [String: String] = [:]) {
        self.kind = kind
        self.arn = arn
        self.accountId = accountId
        self.roleArn = roleArn
        self.userId = userId
        self.canonicalUserId = canonicalUserId
        self.tags = tags
    }

    public static let anonymous = PrincipalInfo(kind: .anonymous, arn: "*")

    /// Reads a principal from its usual spelling: an IAM or STS ARN, a 12-digit account id,
    /// a service principal (`aidevops.amazonaws.com`), an identity provider
    /// (`cognito-identity.amazonaws.com`, a SAML/OIDC provider ARN), or `*`/`anonymous`.
    public init(parsing text: String, tags: [String: String] = [:]) {
        self.init(kind: .anonymous, arn: text, tags: tags)
        if text == "*" || text.lowercased() == "anonymous" {
            self.arn = "*"
            return
        }
        if text.count == 12, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            kind = .account
            accountId = text
            arn = "arn:aws:iam::\(text):root"
            return
        }
        let fields = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        if fields.count == 6, fields[0] == "arn" {
            let partition = fields[1]
            let service = fields[2]
            let account = String(fields[4])
            let resource = fields[5]
            accountId = account.isEmpty ? nil : account
            if service == "iam" {
                if resource == "root" {
                    kind = .account
                } else if resource.hasPrefix("user/") {
                    kind = .user
                } else if resource.hasPrefix("role/") {
                    kind = .role
                    roleArn = text
                } else if resource.hasPrefix("saml-provider/") || resource.hasPrefix("oidc-provider/") {
                    kind = .identityProvider
                } else {
                    kind = .user
                }
            } else if service == "sts" {
                if resource.hasPrefix("assumed-role/") {
                    kind = .assumedRole
                    let pieces = resource.split(separator: "/", omittingEmptySubsequences: false)
                    if pieces.count >= 3 {
                        roleArn = "arn:\(partition):iam::\(account):role/\(pieces[1])"
                    }
                } else if resource.hasPrefix("federated-user/") {
                    kind = .federatedUser
                }
            }
            return
        }
        if PrincipalInfo.identityProviders.contains(text.lowercased()) {
            kind = .identityProvider
        } else if text.contains(".") {
            kind = .service
        }
    }

    /// Web identity providers that appear as `Federated` principals without an ARN.
    static let identityProviders: Set<String> = [
        "cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com",
    ]

    /// Whether this is an IAM identity of an account (account root, user, role, session, federated user).
    var isAccountIdentity: Bool {
        switch kind {
        case .account, .user, .role, .assumedRole, .federatedUser: accountId != nil
        default: false
        }
    }

    /// `aws:username` for IAM users: the last path segment of the user ARN.
    var userName: String? {
        guard kind == .user, let slash = arn.lastIndex(of: "/") else { return nil }
        return String(arn[arn.index(after: slash)...])
    }

    /// The request-context keys derived from the principal (IAM's `aws:Principal*` keys),
    /// lowercased as `ContextKeys` stores them.
    var contextKeys: [String: [String]] {
        var keys: [String: [String]] = [:]
        keys.reserveCapacity(8 + tags.count)
        switch kind {
        case .anonymous:
            keys["aws:principaltype"] = ["Anonymous"]
            return keys
        case .service:
            keys["aws:principalservicename"] = [arn]
            keys["aws:principalisawsservice"] = ["true"]
            return keys
        case .identityProvider:
            keys["aws:federatedprovider"] = [arn]
            keys["aws:principalisawsservice"] = ["false"]
            return keys
        case .account: keys["aws:principaltype"] = ["Account"]
        case .user: keys["aws:principaltype"] = ["User"]
        case .role, .assumedRole: keys["aws:principaltype"] = ["AssumedRole"]
        case .federatedUser: keys["aws:principaltype"] = ["FederatedUser"]
        }
        keys["aws:principalisawsservice"] = ["false"]
        // For sessions, aws:PrincipalArn is the role's ARN, not the session's.
        keys["aws:principalarn"] = [roleArn ?? arn]
        if let accountId { keys["aws:principalaccount"] = [accountId] }
        if let userId { keys["aws:userid"] = [userId] }
        if let userName { keys["aws:username"] = [userName] }
        for (key, value) in tags { keys["aws:principaltag/" + ContextKeys.normalize(key)] = [value] }
        return keys
    }
}
