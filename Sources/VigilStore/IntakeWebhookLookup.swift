import Foundation
import GRDB

/// What the webhook receiver needs about one webhook: its space, type and sealed secret. Only
/// webhooks whose association still exists are found.
public struct IntakeWebhookRecord: Sendable, Equatable {
    public var space: String
    public var id: String
    public var associationId: String
    public var type: String
    public var secretSealed: [UInt8]
}

extension WebhookTable {
    public func find(id: String) throws -> IntakeWebhookRecord? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT w.space_id, w.id, w.association_id, w.webhook_type, w.secret_sealed FROM webhooks w
                JOIN associations a ON a.space_id = w.space_id AND a.id = w.association_id
                WHERE w.id = ?
                """,
            arguments: [id]
        ).map { row in
            let sealed: Data = row["secret_sealed"]
            return IntakeWebhookRecord(space: row["space_id"], id: row["id"], associationId: row["association_id"],
                                       type: row["webhook_type"], secretSealed: [UInt8](sealed))
        }
    }

    /// Replaces the secret (rotation) and possibly the type; the old secret stops working at once.
    public func replaceSecret(space: String, id: String, type: String, secretSealed: [UInt8], doc: [UInt8]) throws {
        try db.execute(sql: "UPDATE webhooks SET webhook_type = ?, secret_sealed = ?, doc = ? WHERE space_id = ? AND id = ?",
                       arguments: [type, blob(secretSealed), blob(doc), space, id])
    }
}
