/// The role a policy plays in an authorization decision.
public enum PolicyRole: String, Sendable, Hashable {
    case identity = "identity-based policy"
    case resource = "resource-based policy"
    case permissionsBoundary = "permissions boundary"
    case session = "session policy"
    case trust = "trust policy"
}

/// Names one statement: the policy it belongs to, and its Sid or its index.
public struct StatementReference: Sendable, Hashable, CustomStringConvertible {
    public var policyName: String
    public var role: PolicyRole
    public var sid: String?
    /// Zero-based position in the policy's Statement list.
    public var index: Int

    public init(policyName: String, role: PolicyRole, sid: String?, index: Int) {
        self.policyName = policyName
        self.role = role
        self.sid = sid
        self.index = index
    }

    /// `Statement[2]`, or `Statement[2] (Sid "DenyDeletes")`.
    public var statementLabel: String {
        guard let sid, !sid.isEmpty else { return "Statement[\(index)]" }
        return "Statement[\(index)] (Sid \"\(sid)\")"
    }

    /// `identity-based policy "oncall": Statement[2] (Sid "DenyDeletes")`.
    public var description: String { "\(role.rawValue) \"\(policyName)\": \(statementLabel)" }
}

public enum DecisionEffect: String, Sendable, Hashable {
    case allow = "Allow"
    case explicitDeny = "ExplicitDeny"
    case implicitDeny = "ImplicitDeny"
}

/// The outcome of evaluating one request. `statement` is the deciding statement: the first
/// matching Deny for an explicit deny, the first granting Allow for an allow, nil for an
/// implicit deny. It is computed without allocating; `PolicySet.explain` lists every statement.
public struct Decision: Sendable, Hashable, CustomStringConvertible {
    public var effect: DecisionEffect
    public var statement: StatementReference?

    public init(effect: DecisionEffect, statement: StatementReference? = nil) {
        self.effect = effect
        self.statement = statement
    }

    public var isAllowed: Bool { effect == .allow }

    public var description: String {
        guard let statement else { return effect.rawValue }
        return "\(effect.rawValue) by \(statement)"
    }
}

/// A decision with its reasons: every statement that matched, by policy role, and a sentence.
public struct DecisionReport: Sendable, Hashable {
    public var effect: DecisionEffect
    /// The statements that decided: all matching Denies for an explicit deny; the granting
    /// Allows (and the boundary/session Allows that let them through) for an allow; empty for
    /// an implicit deny.
    public var decidingStatements: [StatementReference]
    /// Every statement whose Action, Resource, Principal and Condition matched.
    public var matchedStatements: [StatementReference]
    /// Why, in one sentence (for operators and the CLI).
    public var reason: String

    public var decision: Decision { Decision(effect: effect, statement: decidingStatements.first) }
}
