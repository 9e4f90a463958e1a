import GRDB

/// Service associations of one agent space. `slot` decides what "the same service" means for the
/// overwrite rule of AssociateService: one monitor account, one entry per source account, and one
/// association per registered service.
public struct AssociationTable {
    let db: Database

    public func find(space: String, slot: String) throws -> StoredDocument? {
        try Row.fetchOne(db, sql: "SELECT seq, id, doc FROM associations WHERE space_id = ? AND slot = ?",
                         arguments: [space, slot]).map(StoredDocument.init(row:))
    }

    public func get(space: String, id: String) throws -> StoredDocument? {
        try Row.fetchOne(db, sql: "SELECT seq, id, doc FROM associations WHERE space_id = ? AND id = ?",
                         arguments: [space, id]).map(StoredDocument.init(row:))
    }

    public func insert(space: String, id: String, serviceId: String, serviceType: String, slot: String, doc: [UInt8]) throws {
        try db.execute(
            sql: "INSERT INTO associations (space_id, id, service_id, service_type, slot, doc) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [space, id, serviceId, serviceType, slot, blob(doc)])
    }

    public func update(space: String, id: String, doc: [UInt8]) throws {
        try db.execute(sql: "UPDATE associations SET doc = ? WHERE space_id = ? AND id = ?",
                       arguments: [blob(doc), space, id])
    }

    public func delete(space: String, id: String) throws {
        try db.execute(sql: "DELETE FROM webhooks WHERE space_id = ? AND association_id = ?", arguments: [space, id])
        try db.execute(sql: "DELETE FROM associations WHERE space_id = ? AND id = ?", arguments: [space, id])
    }

    public func list(space: String, serviceTypes: [String]?, after cursor: PageCursor?, limit: Int) throws -> Page<StoredDocument> {
        var listing = Listing(table: "associations")
        listing.filter("space_id = ?", [space])
        if let serviceTypes {
            listing.filter("service_type IN (\(Array(repeating: "?", count: serviceTypes.count).joined(separator: ",")))",
                           serviceTypes)
        }
        return try listing.fetch(db, after: cursor, limit: limit)
    }

    public func all(space: String, serviceType: String) throws -> [StoredDocument] {
        try Row.fetchAll(db, sql: "SELECT seq, id, doc FROM associations WHERE space_id = ? AND service_type = ? ORDER BY seq",
                         arguments: [space, serviceType]).map(StoredDocument.init(row:))
    }
}
