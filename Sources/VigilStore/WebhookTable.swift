import GRDB

/// Inbound webhooks created for associations. The secret (HMAC key or API key) is sealed.
public struct WebhookTable {
    let db: Database

    public func insert(space: String, id: String, associationId: String, type: String, secretSealed: [UInt8], doc: [UInt8]) throws {
        try db.execute(
            sql: "INSERT INTO webhooks (space_id, id, association_id, webhook_type, secret_sealed, doc) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [space, id, associationId, type, blob(secretSealed), blob(doc)])
    }

    public func list(space: String, associationId: String) throws -> [StoredDocument] {
        try Row.fetchAll(db, sql: "SELECT seq, id, doc FROM webhooks WHERE space_id = ? AND association_id = ? ORDER BY seq",
                         arguments: [space, associationId]).map(StoredDocument.init(row:))
    }
}
