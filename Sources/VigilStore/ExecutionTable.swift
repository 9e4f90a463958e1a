import GRDB

/// Executions of one agent space: runs of a task, and chat sessions (`kind` = "chat").
public struct ExecutionTable {
    let db: Database

    public func insert(space: String, id: String, taskId: String?, kind: String, owner: String?, doc: [UInt8]) throws {
        try db.execute(sql: "INSERT INTO executions (space_id, id, task_id, kind, owner, doc) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [space, id, taskId, kind, owner, blob(doc)])
    }

    public struct Found: Sendable {
        public var document: StoredDocument
        public var kind: String
        /// The principal a chat belongs to; nil for task executions.
        public var owner: String?
    }

    public func get(space: String, id: String) throws -> Found? {
        try Row.fetchOne(db, sql: "SELECT seq, id, doc, kind, owner FROM executions WHERE space_id = ? AND id = ?",
                         arguments: [space, id]).map { Found(document: StoredDocument(row: $0), kind: $0["kind"], owner: $0["owner"]) }
    }

    public func update(space: String, id: String, doc: [UInt8]) throws {
        try db.execute(sql: "UPDATE executions SET doc = ? WHERE space_id = ? AND id = ?", arguments: [blob(doc), space, id])
    }

    public func list(space: String, taskId: String, after cursor: PageCursor?, limit: Int) throws -> Page<StoredDocument> {
        var listing = Listing(table: "executions")
        listing.filter("space_id = ?", [space])
        listing.filter("task_id = ?", [taskId])
        return try listing.fetch(db, after: cursor, limit: limit)
    }

    /// One owner's executions of a kind, newest first, as a user expects of "recent chats".
    public func list(space: String, kind: String, owner: String, after cursor: PageCursor?, limit: Int) throws -> Page<StoredDocument> {
        var listing = Listing(table: "executions", order: .descending)
        listing.filter("space_id = ?", [space])
        listing.filter("kind = ?", [kind])
        listing.filter("owner = ?", [owner])
        return try listing.fetch(db, after: cursor, limit: limit)
    }
}
