import Foundation
import VigilAPIModel
import VigilActions
import VigilCore
import VigilGuard

/// One escalation as stored and as the API shows it. Secrets never enter it: the subject is the
/// checked (redacted) one, receipts are references, refusals and failures are Vigil's own sentences.
struct EscalationRecord: Sendable, Equatable {
    enum Status: String, Sendable {
        /// Written before the action runs; stays only if the server stopped while it ran.
        case pending = "PENDING"
        case created = "CREATED"
        case refused = "REFUSED"
        case failed = "FAILED"
    }

    var escalationId: String
    var agentSpaceId: String
    var taskId: String
    var executionId: String?
    var kind: EscalationRequest.Kind
    /// The destination as the action guard saw it: `servicenow:URL`, `webhook:URL`, `aws-support:ACCOUNT`.
    var target: String
    var severity: String
    var subject: String
    var status: Status
    var receipt: ActionReceipt?
    var refusals: [ActionRefusal]
    var failure: ActionFailure?
    var createdBy: String
    var createdAt: Date
    var updatedAt: Date

    var actionKind: ActionKind { kind == .ticket ? .openTicket : .createSupportCase }

    mutating func apply(_ outcome: ActionOutcome, at time: Date) {
        updatedAt = time
        switch outcome {
        case .executed(let receipt):
            status = .created
            self.receipt = receipt
        case .refused(let refusals):
            status = .refused
            self.refusals = refusals
        case .failed(let failure):
            status = .failed
            self.failure = failure
        }
    }

    var json: JSONValue {
        var out: [String: JSONValue] = [
            "escalationId": .string(escalationId), "agentSpaceId": .string(agentSpaceId), "taskId": .string(taskId),
            "kind": .string(kind.rawValue), "target": .string(target), "severity": .string(severity),
            "subject": .string(subject), "status": .string(status.rawValue), "createdBy": .string(createdBy),
            "createdAt": .string(Self.format(createdAt)), "updatedAt": .string(Self.format(updatedAt)),
        ]
        if let executionId { out["executionId"] = .string(executionId) }
        if let receipt {
            var r: [String: JSONValue] = ["kind": .string(receipt.kind)]
            if let reference = receipt.reference { r["reference"] = .string(reference) }
            if let detail = receipt.detail { r["detail"] = .string(detail) }
            out["receipt"] = .object(r)
        }
        if !refusals.isEmpty {
            out["refusals"] = .array(refusals.map { ["code": .string($0.code.rawValue), "message": .string($0.message)] })
        }
        if let failure { out["failure"] = ["code": .string(failure.code.rawValue), "message": .string(failure.message)] }
        return .object(out)
    }

    var document: [UInt8] { JSONWriter.write(json) }

    init(escalationId: String, agentSpaceId: String, taskId: String, executionId: String?, kind: EscalationRequest.Kind,
         target: String, severity: String, subject: String, createdBy: String, createdAt: Date) {
        self.escalationId = escalationId
        self.agentSpaceId = agentSpaceId
        self.taskId = taskId
        self.executionId = executionId
        self.kind = kind
        self.target = target
        self.severity = severity
        self.subject = subject
        self.status = .pending
        self.receipt = nil
        self.refusals = []
        self.failure = nil
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// Reads a stored document back; a document Vigil did not write is an internal error.
    init(document: [UInt8]) throws {
        let json = try JSONParser.parse(document)
        func string(_ key: String) throws -> String {
            guard let value = json[key]?.stringValue else { throw CorruptEscalation(field: key) }
            return value
        }
        guard let kind = EscalationRequest.Kind(rawValue: try string("kind")),
              let status = Status(rawValue: try string("status")),
              let created = Self.parse(try string("createdAt")), let updated = Self.parse(try string("updatedAt")) else {
            throw CorruptEscalation(field: "kind/status/createdAt")
        }
        self.init(escalationId: try string("escalationId"), agentSpaceId: try string("agentSpaceId"), taskId: try string("taskId"),
                  executionId: json["executionId"]?.stringValue, kind: kind, target: try string("target"),
                  severity: try string("severity"), subject: try string("subject"), createdBy: try string("createdBy"), createdAt: created)
        self.status = status
        self.updatedAt = updated
        if let r = json["receipt"], let receiptKind = r["kind"]?.stringValue {
            receipt = ActionReceipt(kind: receiptKind, reference: r["reference"]?.stringValue, detail: r["detail"]?.stringValue)
        }
        refusals = (json["refusals"]?.arrayValue ?? []).compactMap { item in
            guard let code = item["code"]?.stringValue.flatMap(ActionRefusal.Code.init(rawValue:)) else { return nil }
            return ActionRefusal(code, item["message"]?.stringValue ?? "")
        }
        if let f = json["failure"], let code = f["code"]?.stringValue.flatMap(ActionFailure.Code.init(rawValue:)) {
            failure = ActionFailure(code, f["message"]?.stringValue ?? "")
        }
    }

    struct CorruptEscalation: Error, CustomStringConvertible {
        var field: String
        var description: String { "stored escalation lacks \(field)" }
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
