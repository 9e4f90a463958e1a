import GRDB

/// Journal records of executions; append-only from the API's point of view.
public struct JournalTable {
    let db: Database

    public func append(space: String, executionId: String, id: String, recordType: String, doc: [UInt8]) throws {
        try db.execute(
            sql: "INSERT INTO journal_records (space_id, execution_id, id, record_type, doc) VALUES (?, ?, ?, ?, ?)",
            arguments: [space, executionId, id, recordType, blob(doc)])
    }

    public func list(space: String, executionId: String, recordType: String?, order: ListOrder,
                     after cursor: PageCursor?, limit: Int) throws -> Page<StoredDocument> {
        var listing = Listing(table: "journal_records", order: order)
        listing.filter("space_id = ?", [space])
        listing.filter("execution_id = ?", [executionId])
        if let recordType { listing.filter("record_type = ?", [recordType]) }
        return try listing.fetch(db, after: cursor, limit: limit)
    }
}
