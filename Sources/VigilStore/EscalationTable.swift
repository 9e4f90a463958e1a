import Foundation
import GRDB

/// Escalations of one agent space: a ticket or AWS Support case raised from a backlog task's
/// investigation, with its status (`PENDING`, `CREATED`, `REFUSED`, `FAILED`) and receipt in `doc`.
public struct EscalationTable {
    let db: Database

    public func insert(space: String, id: String, taskId: String, kind: String, status: String, createdAt: Date, doc: [UInt8]) throws {
        try db.execute(
            sql: "INSERT INTO escalations (space_id, id, task_id, kind, status, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [space, id, taskId, kind, status, createdAt.timeIntervalSince1970, blob(doc)])
    }

    public func update(space: String, id: String, status: String, doc: [UInt8]) throws {
        try db.execute(sql: "UPDATE escalations SET status = ?, doc = ? WHERE space_id = ? AND id = ?",
                       arguments: [status, blob(doc), space, id])
    }

    public func get(space: String, id: String) throws -> StoredDocument? {
        try Row.fetchOne(db, sql: "SELECT seq, id, doc FROM escalations WHERE space_id = ? AND id = ?",
                         arguments: [space, id]).map(StoredDocument.init(row:))
    }

    /// Escalations of one task (all of the space when `taskId` is nil), oldest first.
    public func list(space: String, taskId: String?, after cursor: PageCursor?, limit: Int) throws -> Page<StoredDocument> {
        var listing = Listing(table: "escalations")
        listing.filter("space_id = ?", [space])
        if let taskId { listing.filter("task_id = ?", [taskId]) }
        return try listing.fetch(db, after: cursor, limit: limit)
    }

    /// When the space's escalations of `kind` that reached the action guard's allowance were
    /// created, since `since` (for the rate limit; refused ones do not count).
    public func allowedTimes(space: String, kind: String, since: Date) throws -> [Date] {
        try Double.fetchAll(db, sql: """
            SELECT created_at FROM escalations
            WHERE space_id = ? AND kind = ? AND created_at >= ? AND status IN ('PENDING', 'CREATED', 'FAILED')
            """, arguments: [space, kind, since.timeIntervalSince1970]).map { Date(timeIntervalSince1970: $0) }
    }
}

extension EscalationTable {
    /// The sealed `serviceDetails` of a registered service (a ServiceNow instance's URL and client
    /// credentials), opened only by the escalation that sends through it.
    public func sealedServiceDetails(serviceId: String) throws -> [UInt8]? {
        try Row.fetchOne(db, sql: "SELECT secrets_sealed FROM services WHERE id = ?", arguments: [serviceId])
            .flatMap { $0.bytes("secrets_sealed") }
    }
}
