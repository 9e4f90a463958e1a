import VigilAPIModel
import VigilCore

/// The body of CreateEscalation: `{"kind": "ticket"|"supportCase", "target"?: String, "severity"?: String}`.
/// `target` is a ServiceNow instance URL or ticket webhook URL (ticket) or a 12-digit account id
/// (support case); without it the space's only destination of that kind is used.
struct EscalationRequest: Sendable, Equatable {
    enum Kind: String, Sendable, CaseIterable {
        case ticket
        case supportCase
    }

    static let severities = ["low", "normal", "high", "urgent", "critical"]

    var kind: Kind
    var target: String?
    /// nil: derived from the task's priority.
    var severity: String?

    /// Every problem of the body is reported at once; nothing is done with a body that has one.
    static func parse(_ body: JSONValue) throws(APIError) -> EscalationRequest {
        guard case .object(let fields) = body else {
            throw APIError.validation("The request body must be a JSON object")
        }
        var problems: [APIError.Field] = []
        for key in fields.keys.sorted() where !["kind", "target", "severity"].contains(key) {
            problems.append(APIError.Field(path: key, message: "Unknown member; expected kind, target, severity"))
        }
        var kind: Kind?
        switch fields["kind"] {
        case .string(let raw)?:
            kind = Kind(rawValue: raw)
            if kind == nil { problems.append(APIError.Field(path: "kind", message: "Must be one of: ticket, supportCase")) }
        case nil, .null?:
            problems.append(APIError.Field(path: "kind", message: "Required: ticket or supportCase"))
        default:
            problems.append(APIError.Field(path: "kind", message: "Must be a string: ticket or supportCase"))
        }
        var target: String?
        switch fields["target"] {
        case .string(let raw)?:
            if raw.isEmpty || raw.count > 2048 {
                problems.append(APIError.Field(path: "target", message: "Must be 1 to 2048 characters"))
            } else {
                target = raw
            }
        case nil, .null?: break
        default: problems.append(APIError.Field(path: "target", message: "Must be a string (a URL or an account id)"))
        }
        var severity: String?
        switch fields["severity"] {
        case .string(let raw)?:
            if severities.contains(raw) { severity = raw } else {
                problems.append(APIError.Field(path: "severity", message: "Must be one of: \(severities.joined(separator: ", "))"))
            }
        case nil, .null?: break
        default: problems.append(APIError.Field(path: "severity", message: "Must be a string"))
        }
        guard problems.isEmpty, let kind else {
            throw APIError.validation("Invalid escalation request: " + problems.map { "\($0.path): \($0.message)" }.joined(separator: "; "),
                                      fields: problems)
        }
        return EscalationRequest(kind: kind, target: target, severity: severity)
    }
}
