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
        // Once per delivery: a statement prepared once per connection, columns read by position.
        let statement = try db.cachedStatement(
            sql: """
                SELECT w.space_id, w.id, w.association_id, w.webhook_type, w.secret_sealed FROM webhooks w
                JOIN associations a ON a.space_id = w.space_id AND a.id = w.association_id
                WHERE w.id = ?
                """)
        return try Row.fetchOne(statement, arguments: [id]).map { row in
            let sealed: Data = row[4]
            return IntakeWebhookRecord(space: row[0], id: row[1], associationId: row[2], type: row[3], secretSealed: [UInt8](sealed))
        }
    }

    /// Replaces the secret (rotation) and possibly the type; the old secret stops working at once.
    public func replaceSecret(space: String, id: String, type: String, secretSealed: [UInt8], doc: [UInt8]) throws {
        try db.execute(sql: "UPDATE webhooks SET webhook_type = ?, secret_sealed = ?, doc = ? WHERE space_id = ? AND id = ?",
                       arguments: [type, blob(secretSealed), blob(doc), space, id])
    }
}
