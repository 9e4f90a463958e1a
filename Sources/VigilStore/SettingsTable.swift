import Foundation
import GRDB

/// Small server-wide values (for example the sealed pagination key).
public struct SettingsTable {
    let db: Database

    public func get(_ key: String) throws -> [UInt8]? {
        try Row.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])?.bytes("value")
    }

    public func set(_ key: String, _ value: [UInt8]) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", arguments: [key, blob(value)])
    }
}
