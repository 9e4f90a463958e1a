import GRDB

/// Tags of agent spaces and registered services, keyed by the resource's ARN.
public struct TagTable {
    let db: Database

    public func get(_ resourceArn: String) throws -> [String: String] {
        var tags: [String: String] = [:]
        // Read on every request that checks a space's tags (intake rules among them): prepared once.
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT key, value FROM tags WHERE resource_arn = ?"),
                                    arguments: [resourceArn]) {
            tags[row[0]] = row[1]
        }
        return tags
    }

    public func put(_ resourceArn: String, _ tags: [String: String]) throws {
        for (key, value) in tags {
            try db.execute(sql: "INSERT OR REPLACE INTO tags (resource_arn, key, value) VALUES (?, ?, ?)",
                           arguments: [resourceArn, key, value])
        }
    }

    public func remove(_ resourceArn: String, keys: [String]) throws {
        for key in keys {
            try db.execute(sql: "DELETE FROM tags WHERE resource_arn = ? AND key = ?", arguments: [resourceArn, key])
        }
    }

    public func removeAll(_ resourceArn: String) throws {
        try db.execute(sql: "DELETE FROM tags WHERE resource_arn = ?", arguments: [resourceArn])
    }
}
