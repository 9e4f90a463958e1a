/// The policies that apply to one principal's requests, evaluated with IAM's logic for a
/// request within a single account:
///
/// 1. An explicit Deny in any applicable policy (identity-based, resource-based, permissions
///    boundary, session) decides: ExplicitDeny.
/// 2. Otherwise the request must be allowed by an identity-based policy or by a resource-based
///    policy statement whose Principal names the principal (a Principal naming only the account
///    delegates to the identity-based policies and grants nothing by itself).
/// 3. A permissions boundary, if present, must also allow; a session policy, if present, must
///    also allow.
/// 4. Anything else is an ImplicitDeny.
///
/// Build a `PolicySet` once (policies are parsed and compiled) and share it: it is an immutable
/// value, safe to use from any number of threads. `decide` does not allocate.
public struct PolicySet: Sendable {
    public let identityPolicies: [Policy]
    public let resourcePolicy: Policy?
    public let permissionsBoundary: Policy?
    public let sessionPolicy: Policy?

    /// All policies compiled together, statements in policy order.
    private let program: PolicyProgram

    public init(identity: [Policy] = [], resource: Policy? = nil, permissionsBoundary: Policy? = nil,
                session: Policy? = nil) {
        identityPolicies = identity
        resourcePolicy = resource
        self.permissionsBoundary = permissionsBoundary
        sessionPolicy = session
        var builder = ProgramBuilder()
        for policy in identity { builder.addPolicy(policy.document, name: policy.name, role: .identity) }
        if let resource { builder.addPolicy(resource.document, name: resource.name, role: .resource) }
        if let permissionsBoundary {
            builder.addPolicy(permissionsBoundary.document, name: permissionsBoundary.name, role: .permissionsBoundary)
        }
        if let session { builder.addPolicy(session.document, name: session.name, role: .session) }
        program = PolicyProgram(builder)
    }

    /// The decision for `action` on `resource` (nil: the action has no resource, matched as `*`).
    public func decide(action: String, resource: String?, context: RequestContext) -> Decision {
        withUTF8Bytes(action) { actionBytes in
            withUTF8Bytes(resource ?? "*") { resourceBytes in
                decide(EvaluationRequest(action: actionBytes, resource: resourceBytes, context: context,
                                         boundaryPresent: permissionsBoundary != nil))
            }
        }
    }

    /// Shorthand for `decide(...).isAllowed`.
    public func isAllowed(action: String, resource: String?, context: RequestContext) -> Bool {
        decide(action: action, resource: resource, context: context).isAllowed
    }

    private func decide(_ request: EvaluationRequest) -> Decision {
        let program = self.program
        for index in program.denyOrder where program.applies(Int(index), request) != .none {
            return Decision(effect: .explicitDeny, statement: program.reference(at: Int(index)))
        }
        var grant = -1
        var boundaryAllows = !request.boundaryPresent
        var sessionAllows = sessionPolicy == nil
        for index in program.allowOrder {
            let role = program.statements[Int(index)].role
            switch role {
            case .identity, .resource, .trust: if grant >= 0 { continue }
            case .permissionsBoundary: if boundaryAllows { continue }
            case .session: if sessionAllows { continue }
            }
            let match = program.applies(Int(index), request)
            guard match != .none else { continue }
            switch role {
            case .identity, .trust: grant = Int(index)
            case .resource: if match == .direct { grant = Int(index) }
            case .permissionsBoundary: boundaryAllows = true
            case .session: sessionAllows = true
            }
            if grant >= 0, boundaryAllows, sessionAllows { break }
        }
        guard grant >= 0 else { return Decision(effect: .implicitDeny, implicitDenyReason: .noAllow) }
        guard boundaryAllows else { return Decision(effect: .implicitDeny, implicitDenyReason: .permissionsBoundary) }
        guard sessionAllows else { return Decision(effect: .implicitDeny, implicitDenyReason: .sessionPolicy) }
        return Decision(effect: .allow, statement: program.reference(at: grant))
    }

    /// The decision with every matching statement and a sentence saying why (slower than
    /// `decide`: for CLIs, logs and AccessDenied messages).
    public func explain(action: String, resource: String?, context: RequestContext) -> DecisionReport {
        withUTF8Bytes(action) { actionBytes in
            withUTF8Bytes(resource ?? "*") { resourceBytes in
                explain(EvaluationRequest(action: actionBytes, resource: resourceBytes, context: context,
                                          boundaryPresent: permissionsBoundary != nil),
                        action: action, resource: resource ?? "*")
            }
        }
    }

    private func explain(_ request: EvaluationRequest, action: String, resource: String) -> DecisionReport {
        var matched: [StatementReference] = []
        var denied: [StatementReference] = []
        var grants: [StatementReference] = []
        var delegated: [StatementReference] = []
        var boundary: [StatementReference] = []
        var session: [StatementReference] = []
        for index in 0..<program.statements.count {
            let match = program.applies(index, request)
            guard match != .none else { continue }
            let statement = program.statements[index]
            let ref = program.reference(at: index)
            matched.append(ref)
            if statement.effect == .deny {
                denied.append(ref)
                continue
            }
            switch statement.role {
            case .identity, .trust: grants.append(ref)
            case .resource: if match == .direct { grants.append(ref) } else { delegated.append(ref) }
            case .permissionsBoundary: boundary.append(ref)
            case .session: session.append(ref)
            }
        }
        let request = "\(action) on \(resource)"
        if !denied.isEmpty {
            return DecisionReport(effect: .explicitDeny, decidingStatements: denied, matchedStatements: matched,
                                  reason: "\(request) is explicitly denied by \(denied[0])")
        }
        if grants.isEmpty {
            var reason = "no identity-based or resource-based policy allows \(request)"
            if let first = delegated.first {
                reason += " (\(first) names only the principal's account, which delegates to identity-based policies)"
            }
            return DecisionReport(effect: .implicitDeny, decidingStatements: [], matchedStatements: matched,
                                  reason: reason, implicitDenyReason: .noAllow)
        }
        if let permissionsBoundary, boundary.isEmpty {
            return DecisionReport(effect: .implicitDeny, decidingStatements: [], matchedStatements: matched,
                                  reason: "\(request) is allowed by \(grants[0]), but the permissions boundary "
                                      + "\"\(permissionsBoundary.name)\" does not allow it",
                                  implicitDenyReason: .permissionsBoundary)
        }
        if let sessionPolicy, session.isEmpty {
            return DecisionReport(effect: .implicitDeny, decidingStatements: [], matchedStatements: matched,
                                  reason: "\(request) is allowed by \(grants[0]), but the session policy "
                                      + "\"\(sessionPolicy.name)\" does not allow it",
                                  implicitDenyReason: .sessionPolicy)
        }
        return DecisionReport(effect: .allow, decidingStatements: grants + boundary + session,
                              matchedStatements: matched, reason: "\(request) is allowed by \(grants[0])")
    }
}
