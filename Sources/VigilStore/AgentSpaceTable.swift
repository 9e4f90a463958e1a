import Foundation
import GRDB

/// Agent spaces. Deleted spaces keep a tombstone row so a repeated delete stays idempotent.
public struct AgentSpaceTable {
    let db: Database

    public func insert(id: String, createdAt: Date, doc: [UInt8]) throws {
        try db.execute(
            sql: "INSERT INTO agent_spaces (id, created_at, doc) VALUES (?, ?, ?)",
            arguments: [id, createdAt.timeIntervalSince1970, blob(doc)])
    }

    public func get(_ id: String) throws -> StoredDocument? {
        try Row.fetchOne(db, sql: "SELECT seq, id, doc FROM agent_spaces WHERE id = ? AND deleted_at IS NULL",
                         arguments: [id]).map(StoredDocument.init(row:))
    }

    /// True when the id names a space that existed and was deleted.
    public func isTombstone(_ id: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT deleted_at IS NOT NULL FROM agent_spaces WHERE id = ?",
                          arguments: [id]) ?? false
    }

    public func update(_ id: String, doc: [UInt8]) throws {
        try db.execute(sql: "UPDATE agent_spaces SET doc = ? WHERE id = ? AND deleted_at IS NULL",
                       arguments: [blob(doc), id])
    }

    public func liveCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agent_spaces WHERE deleted_at IS NULL") ?? 0
    }

    public func list(after cursor: PageCursor?, limit: Int) throws -> Page<StoredDocument> {
        var listing = Listing(table: "agent_spaces")
        listing.filter("deleted_at IS NULL", [])
        return try listing.fetch(db, after: cursor, limit: limit)
    }

    /// Marks the space deleted and removes everything that belonged to it, in the caller's transaction.
    public func delete(_ id: String, at date: Date, arn: String) throws {
        for table in ["associations", "webhooks", "tasks", "goals", "recommendations",
                      "recommendation_versions", "executions", "journal_records", "operator_apps"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE space_id = ?", arguments: [id])
        }
        try db.execute(sql: "DELETE FROM tags WHERE resource_arn = ?", arguments: [arn])
        try db.execute(sql: "DELETE FROM idempotency_records WHERE scope = ?", arguments: [id])
        try db.execute(sql: "UPDATE agent_spaces SET deleted_at = ? WHERE id = ?",
                       arguments: [date.timeIntervalSince1970, id])
    }
}
