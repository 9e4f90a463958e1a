/// The IAM policy language version. Policy variables are interpreted only in `2012-10-17`.
public enum PolicyVersion: String, Sendable, Hashable, CaseIterable {
    case v2012_10_17 = "2012-10-17"
    case v2008_10_17 = "2008-10-17"
}

/// Which grammar a document follows; it decides which elements are required or prohibited.
public enum PolicyKind: String, Sendable, Hashable, CaseIterable {
    /// Identity-based policies, permissions boundaries and session policies: no Principal,
    /// Resource or NotResource required.
    case identity
    /// Resource-based policies: Principal or NotPrincipal and Resource or NotResource required.
    case resource
    /// Role trust policies: Principal required, Resource and NotPrincipal prohibited.
    case trust

    /// IAM's size limit in characters, whitespace excluded: managed policies (6,144), resource
    /// policies (20,480, as for S3 bucket policies) and role trust policies (2,048, the default quota).
    public var defaultSizeLimit: Int {
        switch self {
        case .identity: 6144
        case .resource: 20480
        case .trust: 2048
        }
    }
}

public enum PolicyEffect: String, Sendable, Hashable {
    case allow = "Allow"
    case deny = "Deny"
}

/// A parsed policy document, values as written.
public struct PolicyDocument: Sendable, Hashable {
    /// nil when the document has no Version element (IAM then uses 2008-10-17).
    public var version: PolicyVersion?
    public var id: String?
    public var statements: [PolicyStatement]

    public init(version: PolicyVersion? = .v2012_10_17, id: String? = nil, statements: [PolicyStatement]) {
        self.version = version
        self.id = id
        self.statements = statements
    }

    /// Whether `${...}` in Resource and Condition values are policy variables.
    public var interpretsVariables: Bool { version == .v2012_10_17 }
}

/// One statement. Exactly one of each pair (Action/NotAction, Resource/NotResource,
/// Principal/NotPrincipal) may be present; which ones are required depends on the policy kind.
public struct PolicyStatement: Sendable, Hashable {
    public var sid: String?
    public var effect: PolicyEffect
    public var action: ActionElement
    public var resource: ResourceElement?
    public var principal: PrincipalElement?
    public var conditions: [ConditionClause]

    public init(sid: String? = nil, effect: PolicyEffect, action: ActionElement, resource: ResourceElement? = nil,
                principal: PrincipalElement? = nil, conditions: [ConditionClause] = []) {
        self.sid = sid
        self.effect = effect
        self.action = action
        self.resource = resource
        self.principal = principal
        self.conditions = conditions
    }
}

public enum ActionElement: Sendable, Hashable {
    case action([String])
    case notAction([String])

    public var patterns: [String] {
        switch self {
        case .action(let values), .notAction(let values): values
        }
    }

    public var isNegated: Bool { if case .notAction = self { true } else { false } }
    public var elementName: String { isNegated ? "NotAction" : "Action" }
}

public enum ResourceElement: Sendable, Hashable {
    case resource([String])
    case notResource([String])

    public var patterns: [String] {
        switch self {
        case .resource(let values), .notResource(let values): values
        }
    }

    public var isNegated: Bool { if case .notResource = self { true } else { false } }
    public var elementName: String { isNegated ? "NotResource" : "Resource" }
}

public enum PrincipalElement: Sendable, Hashable {
    case principal(PrincipalSpec)
    case notPrincipal(PrincipalSpec)

    public var spec: PrincipalSpec {
        switch self {
        case .principal(let spec), .notPrincipal(let spec): spec
        }
    }

    public var isNegated: Bool { if case .notPrincipal = self { true } else { false } }
    public var elementName: String { isNegated ? "NotPrincipal" : "Principal" }
}

/// The value of a Principal or NotPrincipal element: `"*"`, or lists per principal type.
public struct PrincipalSpec: Sendable, Hashable {
    /// `"Principal": "*"`.
    public var everyone: Bool
    /// Account ids, account root ARNs, user/role/assumed-role ARNs, or `*`.
    public var aws: [String]
    /// Service principals such as `aidevops.amazonaws.com`.
    public var service: [String]
    /// Identity providers: SAML/OIDC provider ARNs, `cognito-identity.amazonaws.com`, ...
    public var federated: [String]
    public var canonicalUser: [String]

    public init(everyone: Bool = false, aws: [String] = [], service: [String] = [], federated: [String] = [],
                canonicalUser: [String] = []) {
        self.everyone = everyone
        self.aws = aws
        self.service = service
        self.federated = federated
        self.canonicalUser = canonicalUser
    }

    public static let anyone = PrincipalSpec(everyone: true)
}

/// One condition test: operator, context key, and the policy values (ORed).
public struct ConditionClause: Sendable, Hashable {
    public var conditionOperator: ConditionOperator
    /// The key as written; keys are compared case-insensitively.
    public var key: String
    public var values: [String]

    public init(_ conditionOperator: ConditionOperator, key: String, values: [String]) {
        self.conditionOperator = conditionOperator
        self.key = key
        self.values = values
    }
}
