import Crypto
import Foundation
import Hummingbird
import VigilAPI
import VigilAPIModel
import VigilAudit
import VigilCore

/// `GET /app/spaces/{id}/tasks/{taskId}/audit`: the journal of the investigation and the audit
/// records about its task, each with its inclusion proof checked against the latest signed
/// checkpoint (proof path valid, root equal to the checkpoint's, checkpoint signature valid
/// under this server's audit key).
extension WebApp {
    static let maxAuditRecordsShown = 500

    func auditPage(_ s: ActiveSession, space: SpaceView, taskId: String, ip: String?) async throws -> Response {
        let data = try await investigationData(s, space: space.id, taskId: taskId, ip: ip)
        let taskArn = "\(env.account.agentSpaceArn(space.id))/task/\(taskId)"
        var rows: [[String: Any]] = []
        var checkpointText = "The audit log is not available to the web app in this process."
        if let auditLog {
            let checkpoint = try await auditLog.latestCheckpoint()
            let signatureValid = checkpoint.map { Self.signatureValid($0, key: auditLog.publicKey) } ?? false
            if let checkpoint {
                checkpointText = "Latest checkpoint #\(checkpoint.id): \(checkpoint.treeSize) records, root \(checkpoint.rootHash), "
                    + "signed \(checkpoint.timeISO); signature \(signatureValid ? "valid" : "NOT VALID")."
            } else {
                checkpointText = "No signed checkpoint yet; records are proven once the next checkpoint is written."
            }
            for record in try await taskRecords(auditLog, taskArn: taskArn, executionId: data.execution?.executionId) {
                var proof = "not yet in a checkpoint"
                var proven = false
                if let checkpoint, record.seq < checkpoint.treeSize {
                    let inclusion = try await auditLog.inclusionProof(seq: record.seq, treeSize: checkpoint.treeSize)
                    proven = inclusion.isValid && inclusion.rootHash == checkpoint.rootHash && inclusion.leafHash == record.leafHash && signatureValid
                    proof = proven ? "included in checkpoint #\(checkpoint.id) (\(inclusion.path.count)-hash path)" : "PROOF FAILED"
                }
                let e = record.entry
                rows.append(["seq": record.seq, "time": Self.time(e.time), "kind": e.kind.rawValue, "principal": Untrusted.cut(e.principal, 200),
                             "action": Untrusted.cut(e.action, 120), "decision": e.decision.rawValue, "detail": Untrusted.cut(e.detail, 300),
                             "proof": proof, "proven": proven, "proofClass": proven ? "proof-ok" : "proof-pending"])
            }
        }
        let context: [String: Any] = [
            "space": ["id": space.id, "name": Untrusted.cut(space.name, 120)],
            "task": taskRow(data.task, space: space.id),
            "records": data.records.map { r in
                ["type": r.recordType, "time": Self.time(r.createdAt), "text": Untrusted.cut(InvestigationModel.line(r), 400), "id": r.recordId]
            },
            "audit": rows, "noAudit": rows.isEmpty, "checkpoint": checkpointText,
            "back": "/app/spaces/\(space.id)/tasks/\(taskId)",
        ]
        return WebResponses.html(renderer.render("audit", title: "Audit · \(data.task.title)", session: s, context))
    }

    /// The newest records about the task: its ARN (reasoning steps, escalations) or its run.
    func taskRecords(_ log: AuditLog, taskArn: String, executionId: String?) async throws -> [AuditRecord] {
        var found: [AuditRecord] = []
        var next: Int64 = 0
        while true {
            let batch = try await log.records(from: next, limit: 2000)
            for record in batch where record.entry.resource == taskArn || record.entry.resource.hasPrefix(taskArn + "/")
                || (executionId != nil && record.entry.requestId == executionId) {
                found.append(record)
            }
            guard let last = batch.last, batch.count == 2000 else { break }
            next = last.seq + 1
        }
        return Array(found.suffix(Self.maxAuditRecordsShown))
    }

    static func signatureValid(_ checkpoint: AuditCheckpoint, key: Curve25519.Signing.PublicKey) -> Bool {
        guard checkpoint.publicKey == Array(key.rawRepresentation) else { return false }
        return key.isValidSignature(checkpoint.signature, for: checkpoint.signedMessage)
    }
}
