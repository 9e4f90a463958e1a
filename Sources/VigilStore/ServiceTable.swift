import Foundation
import GRDB

/// Services registered at the account level. Secrets live only in `secrets_sealed`, never in `doc`.
public struct ServiceTable {
    let db: Database

    public func insert(id: String, serviceType: String, createdAt: Date, doc: [UInt8], secretsSealed: [UInt8]?) throws {
        try db.execute(
            sql: "INSERT INTO services (id, service_type, created_at, doc, secrets_sealed) VALUES (?, ?, ?, ?, ?)",
            arguments: [id, serviceType, createdAt.timeIntervalSince1970, blob(doc), secretsSealed.map(blob)])
    }

    public func get(_ id: String) throws -> (document: StoredDocument, serviceType: String)? {
        try Row.fetchOne(db, sql: "SELECT seq, id, doc, service_type FROM services WHERE id = ?", arguments: [id])
            .map { (StoredDocument(row: $0), $0["service_type"]) }
    }

    public func list(serviceType: String?, after cursor: PageCursor?, limit: Int) throws -> Page<StoredDocument> {
        var listing = Listing(table: "services")
        if let serviceType { listing.filter("service_type = ?", [serviceType]) }
        return try listing.fetch(db, after: cursor, limit: limit)
    }

    public func delete(_ id: String) throws {
        try db.execute(sql: "DELETE FROM services WHERE id = ?", arguments: [id])
    }

    /// Ids of the live agent spaces that associate this service.
    public func associatedSpaces(_ id: String) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT space_id FROM associations WHERE service_id = ?", arguments: [id])
    }
}
