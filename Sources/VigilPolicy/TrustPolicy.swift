/// The answer to "may this principal assume the role?".
public struct TrustDecision: Sendable, Hashable {
    public var report: DecisionReport
    /// The trust policy allowed the principal only through its account (`"AWS": "<account>"` or
    /// the account's root ARN): IAM then also requires the caller's identity-based policies to
    /// allow `sts:AssumeRole` on the role.
    public var requiresCallerPermission: Bool

    public var effect: DecisionEffect { report.effect }
    public var isAllowed: Bool { report.effect == .allow }
}

/// Role trust-policy evaluation: `sts:AssumeRole` (or `sts:AssumeRoleWithWebIdentity`,
/// `sts:TagSession`, ...) by a principal, with the context keys the STS request carries
/// (`sts:ExternalId`, `aws:SourceAccount`, `aws:SourceArn`, ...).
public enum TrustPolicyEvaluator {
    /// Evaluates the trust policy (kind `.trust`) for `principal`. A Deny that matches wins; an
    /// Allow whose Principal names the principal (or its account) and whose conditions hold
    /// allows; anything else is an implicit deny.
    public static func mayAssumeRole(trustPolicy: Policy, principal: PrincipalInfo,
                                     context keys: [String: [String]] = [:],
                                     action: String = "sts:AssumeRole") -> TrustDecision {
        let context = RequestContext(principal: principal, keys: keys)
        var denied: [StatementReference] = []
        var direct: [StatementReference] = []
        var throughAccount: [StatementReference] = []
        let program = trustPolicy.program
        withUTF8Bytes(action) { actionBytes in
            withUTF8Bytes("*") { resourceBytes in
                let request = EvaluationRequest(action: actionBytes, resource: resourceBytes, context: context,
                                                boundaryPresent: false)
                for index in 0..<program.statements.count {
                    let match = program.applies(index, request)
                    guard match != .none else { continue }
                    let ref = program.reference(at: index)
                    if program.statements[index].effect == .deny {
                        denied.append(ref)
                    } else if match == .direct {
                        direct.append(ref)
                    } else {
                        throughAccount.append(ref)
                    }
                }
            }
        }
        let matched = (denied + direct + throughAccount).sorted { $0.index < $1.index }
        let who = principal.kind == .anonymous ? "an anonymous caller" : principal.arn
        if let first = denied.first {
            return TrustDecision(
                report: DecisionReport(effect: .explicitDeny, decidingStatements: denied, matchedStatements: matched,
                                       reason: "\(action) by \(who) is explicitly denied by \(first)"),
                requiresCallerPermission: false)
        }
        if let first = direct.first ?? throughAccount.first {
            let delegatedOnly = direct.isEmpty
            var reason = "\(action) by \(who) is allowed by \(first)"
            if delegatedOnly {
                reason += "; it names the principal's account, so the caller's identity-based policies must also allow \(action)"
            }
            return TrustDecision(
                report: DecisionReport(effect: .allow, decidingStatements: direct + throughAccount,
                                       matchedStatements: matched, reason: reason),
                requiresCallerPermission: delegatedOnly)
        }
        return TrustDecision(
            report: DecisionReport(effect: .implicitDeny, decidingStatements: [], matchedStatements: matched,
                                   reason: "no statement of trust policy \"\(trustPolicy.name)\" allows \(who) "
                                       + "to perform \(action)"),
            requiresCallerPermission: false)
    }
}
