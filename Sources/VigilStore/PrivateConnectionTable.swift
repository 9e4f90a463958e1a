import GRDB

/// Private connections, account-level and keyed by name.
public struct PrivateConnectionTable {
    let db: Database

    public func insert(name: String, doc: [UInt8], certificate: String?) throws {
        try db.execute(sql: "INSERT INTO private_connections (id, doc, certificate) VALUES (?, ?, ?)",
                       arguments: [name, blob(doc), certificate])
    }

    public func get(_ name: String) throws -> StoredDocument? {
        try Row.fetchOne(db, sql: "SELECT seq, id, doc FROM private_connections WHERE id = ?", arguments: [name])
            .map(StoredDocument.init(row:))
    }

    public func update(_ name: String, doc: [UInt8], certificate: String?) throws {
        try db.execute(sql: "UPDATE private_connections SET doc = ?, certificate = COALESCE(?, certificate) WHERE id = ?",
                       arguments: [blob(doc), certificate, name])
    }

    public func delete(_ name: String) throws {
        try db.execute(sql: "DELETE FROM private_connections WHERE id = ?", arguments: [name])
    }

    public func all() throws -> [StoredDocument] {
        try Row.fetchAll(db, sql: "SELECT seq, id, doc FROM private_connections ORDER BY seq").map(StoredDocument.init(row:))
    }
}
