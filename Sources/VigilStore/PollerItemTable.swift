import GRDB

/// The last version an intake poller saw of each item (see `poller_items` in Schema+Pollers).
public struct PollerItemTable {
    let db: Database

    /// Item id → version, for one poller scope.
    public func versions(space: String, source: String, scope: String) throws -> [String: String] {
        var out: [String: String] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT item_id, version FROM poller_items WHERE space_id = ? AND source = ? AND scope = ?",
            arguments: [space, source, scope])
        while let row = try rows.next() { out[row["item_id"]] = row["version"] }
        return out
    }

    /// The version of some items of a scope (those that exist).
    public func versions(space: String, source: String, scope: String, items: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for item in items {
            if let v = try String.fetchOne(
                db, sql: "SELECT version FROM poller_items WHERE space_id = ? AND source = ? AND scope = ? AND item_id = ?",
                arguments: [space, source, scope, item]) { out[item] = v }
        }
        return out
    }

    public func put(space: String, source: String, scope: String, item: String, version: String, updatedAt: Double) throws {
        try db.execute(
            sql: """
                INSERT INTO poller_items (space_id, source, scope, item_id, version, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (space_id, source, scope, item_id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at
                """,
            arguments: [space, source, scope, item, version, updatedAt])
    }

    public func remove(space: String, source: String, scope: String, items: [String]) throws {
        for item in items {
            try db.execute(sql: "DELETE FROM poller_items WHERE space_id = ? AND source = ? AND scope = ? AND item_id = ?",
                           arguments: [space, source, scope, item])
        }
    }

    /// Forgets items of a scope last updated before `cutoff`; returns how many.
    @discardableResult
    public func prune(space: String, source: String, scope: String, updatedBefore cutoff: Double) throws -> Int {
        try db.execute(sql: "DELETE FROM poller_items WHERE space_id = ? AND source = ? AND scope = ? AND updated_at < ?",
                       arguments: [space, source, scope, cutoff])
        return db.changesCount
    }
}

/// Where an intake poller resumes its query (see `poller_cursors` in Schema+Pollers).
public struct PollerCursorTable {
    let db: Database

    public func position(space: String, source: String, scope: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT position FROM poller_cursors WHERE space_id = ? AND source = ? AND scope = ?",
                            arguments: [space, source, scope])
    }

    public func set(space: String, source: String, scope: String, position: String) throws {
        try db.execute(
            sql: """
                INSERT INTO poller_cursors (space_id, source, scope, position) VALUES (?, ?, ?, ?)
                ON CONFLICT (space_id, source, scope) DO UPDATE SET position = excluded.position
                """,
            arguments: [space, source, scope, position])
    }
}
