import GRDB

/// Operator App sign-in flows enabled for a space (iam, idc, idp), one row per flow.
public struct OperatorAppTable {
    let db: Database

    public struct Flow: Sendable {
        public var flow: String
        public var doc: [UInt8]
        public var secretSealed: [UInt8]?
    }

    public func put(space: String, flow: String, doc: [UInt8], secretSealed: [UInt8]?) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO operator_apps (space_id, flow, doc, secret_sealed) VALUES (?, ?, ?, ?)",
                       arguments: [space, flow, blob(doc), secretSealed.map(blob)])
    }

    public func all(space: String) throws -> [Flow] {
        try Row.fetchAll(db, sql: "SELECT flow, doc, secret_sealed FROM operator_apps WHERE space_id = ? ORDER BY flow",
                         arguments: [space]).map {
            Flow(flow: $0["flow"], doc: $0.bytes("doc") ?? [], secretSealed: $0.bytes("secret_sealed"))
        }
    }

    public func remove(space: String, flow: String?) throws {
        if let flow {
            try db.execute(sql: "DELETE FROM operator_apps WHERE space_id = ? AND flow = ?", arguments: [space, flow])
        } else {
            try db.execute(sql: "DELETE FROM operator_apps WHERE space_id = ?", arguments: [space])
        }
    }
}
