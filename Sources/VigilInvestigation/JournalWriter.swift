import Foundation
import VigilAPIModel
import VigilAudit
import VigilCore
import VigilStore

/// Appends one execution's journal records and audits each step. Records are committed one by
/// one, so whatever a run wrote before a crash stays readable.
struct JournalWriter: Sendable {
    let store: Store
    let audit: any AuditSink
    let space: String
    let executionId: String
    let taskId: String
    let taskArn: String
    let now: @Sendable () -> Date

    @discardableResult
    func append(_ type: JournalRecordType, step: String, _ content: [String: JSONValue]) async throws -> String {
        // Secrets are redacted from every string, whatever step wrote it.
        var body = content.mapValues { $0.redactingSecrets() }
        body["step"] = .string(step)
        let record = JournalRecord(agentSpaceId: space, executionId: executionId, recordId: Identifier.make(),
                                   content: .object(body), createdAt: now(), recordType: type.rawValue)
        try await store.write { tx in
            try tx.journal.append(space: record.agentSpaceId, executionId: record.executionId, id: record.recordId,
                                  recordType: record.recordType, doc: record.document)
        }
        await auditStep(step, recordId: record.recordId, type: type)
        return record.recordId
    }

    func auditStep(_ step: String, recordId: String?, type: JournalRecordType?, decision: AuditDecision = .allow) async {
        var detail: [String: JSONValue] = ["executionId": .string(executionId), "taskId": .string(taskId)]
        if let recordId { detail["recordId"] = .string(recordId) }
        if let type { detail["recordType"] = .string(type.rawValue) }
        await audit.record(AuditEntry(kind: .reasoningStep, agentSpaceId: space, principal: "agent",
                                      action: "investigation:\(step)", resource: taskArn, decision: decision,
                                      requestId: executionId, detail: String(decoding: JSONWriter.write(.object(detail)), as: UTF8.self),
                                      time: now()))
    }
}
