import GRDB

/// Goals of one agent space.
public struct GoalTable {
    let db: Database

    public func insert(space: String, id: String, status: String, goalType: String, version: Int, doc: [UInt8]) throws {
        try db.execute(
            sql: "INSERT INTO goals (space_id, id, status, goal_type, version, doc) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [space, id, status, goalType, version, blob(doc)])
    }

    public func get(space: String, id: String) throws -> StoredDocument? {
        try Row.fetchOne(db, sql: "SELECT seq, id, doc FROM goals WHERE space_id = ? AND id = ?",
                         arguments: [space, id]).map(StoredDocument.init(row:))
    }

    public func update(space: String, id: String, expectedVersion: Int, status: String, version: Int, doc: [UInt8]) throws -> Bool {
        try db.execute(
            sql: "UPDATE goals SET status = ?, version = ?, doc = ? WHERE space_id = ? AND id = ? AND version = ?",
            arguments: [status, version, blob(doc), space, id, expectedVersion])
        return db.changesCount == 1
    }

    public func list(space: String, status: String?, goalType: String?, after cursor: PageCursor?, limit: Int) throws -> Page<StoredDocument> {
        var listing = Listing(table: "goals")
        listing.filter("space_id = ?", [space])
        if let status { listing.filter("status = ?", [status]) }
        if let goalType { listing.filter("goal_type = ?", [goalType]) }
        return try listing.fetch(db, after: cursor, limit: limit)
    }
}
