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

/// Which requirement an implicitly denied request missed.
public enum ImplicitDenyReason: String, Sendable, Hashable {
    /// No identity-based policy (and no resource-based policy naming the principal) allows it.
    case noAllow
    /// Allowed, but the permissions boundary does not allow it.
    case permissionsBoundary
    /// Allowed, but the session policy does not allow it.
    case sessionPolicy
}

/// The outcome of evaluating one request. `statement` is the deciding statement: the first
/// matching Deny for an explicit deny, the first granting Allow for an allow, nil for an
/// implicit deny. It is computed without allocating; `PolicySet.explain` lists every statement.
public struct Decision: Sendable, Hashable, CustomStringConvertible {
    public var effect: DecisionEffect
    public var statement: StatementReference?
    /// For an implicit deny: what was missing.
    public var implicitDenyReason: ImplicitDenyReason?

    public init(effect: DecisionEffect, statement: StatementReference? = nil,
                implicitDenyReason: ImplicitDenyReason? = nil) {
        self.effect = effect
        self.statement = statement
        self.implicitDenyReason = implicitDenyReason
    }

    public var isAllowed: Bool { effect == .allow }

    /// The AccessDenied message AWS services return, e.g. `User: arn:aws:iam::111122223333:user/alice
    /// is not authorized to perform: aidevops:DeleteAgentSpace on resource: arn:... with an explicit
    /// deny in an identity-based policy`. nil for an allow.
    public func accessDeniedMessage(principal: String, action: String, resource: String?) -> String? {
        let head = "User: \(principal) is not authorized to perform: \(action)"
            + (resource.map { " on resource: \($0)" } ?? "")
        switch effect {
        case .allow:
            return nil
        case .explicitDeny:
            let role = statement?.role ?? .identity
            return head + " with an explicit deny in \(role == .identity ? "an" : "a") \(role.rawValue)"
        case .implicitDeny:
            switch implicitDenyReason ?? .noAllow {
            case .noAllow: return head + " because no identity-based policy allows the \(action) action"
            case .permissionsBoundary: return head + " because no permissions boundary allows the \(action) action"
            case .sessionPolicy: return head + " because no session policy allows the \(action) action"
            }
        }
    }

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

    /// For an implicit deny: what was missing.
    public var implicitDenyReason: ImplicitDenyReason?

    public var decision: Decision {
        Decision(effect: effect, statement: decidingStatements.first, implicitDenyReason: implicitDenyReason)
    }
}
