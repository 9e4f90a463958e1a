import Foundation
import GRDB

/// The MCP part's rows: tool catalogues of registered servers and OAuth flows in progress.
public struct MCPTable {
    let db: Database

    public struct StoredTool: Sendable {
        public var name: String
        public var allowlistable: Bool
        public var doc: [UInt8]
    }

    /// Replaces the catalogue of `serviceId` with `tools` (in order).
    public func putCatalogue(serviceId: String, tools: [(name: String, allowlistable: Bool, doc: [UInt8])]) throws {
        try db.execute(sql: "DELETE FROM mcp_tools WHERE service_id = ?", arguments: [serviceId])
        for (position, tool) in tools.enumerated() {
            try db.execute(
                sql: "INSERT INTO mcp_tools (service_id, name, position, allowlistable, doc) VALUES (?, ?, ?, ?, ?)",
                arguments: [serviceId, tool.name, position, tool.allowlistable, blob(tool.doc)])
        }
    }

    public func catalogue(serviceId: String) throws -> [StoredTool] {
        try Row.fetchAll(db, sql: "SELECT name, allowlistable, doc FROM mcp_tools WHERE service_id = ? ORDER BY position",
                         arguments: [serviceId]).map {
            StoredTool(name: $0["name"], allowlistable: $0["allowlistable"], doc: $0.bytes("doc") ?? [])
        }
    }

    public func tool(serviceId: String, name: String) throws -> StoredTool? {
        try Row.fetchOne(db, sql: "SELECT name, allowlistable, doc FROM mcp_tools WHERE service_id = ? AND name = ?",
                         arguments: [serviceId, name]).map {
            StoredTool(name: $0["name"], allowlistable: $0["allowlistable"], doc: $0.bytes("doc") ?? [])
        }
    }

    /// The sealed `serviceDetails` of a registered service (nil when there is none).
    public func sealedServiceDetails(serviceId: String) throws -> [UInt8]? {
        try Row.fetchOne(db, sql: "SELECT secrets_sealed FROM services WHERE id = ?", arguments: [serviceId])
            .flatMap { $0.bytes("secrets_sealed") }
    }

    /// Replaces the sealed `serviceDetails` of a service (refreshed OAuth tokens); false when it is gone.
    @discardableResult
    public func replaceSealedServiceDetails(serviceId: String, sealed: [UInt8]) throws -> Bool {
        try db.execute(sql: "UPDATE services SET secrets_sealed = ? WHERE id = ?", arguments: [blob(sealed), serviceId])
        return db.changesCount > 0
    }

    // MARK: OAuth authorization-code flows in progress

    /// `stateHash` is the SHA-256 of the `state` (hashed by the caller).
    public func insertPending(stateHash: [UInt8], createdAt: Date, expiresAt: Date, registrationSealed: [UInt8]) throws {
        try db.execute(
            sql: "INSERT INTO mcp_oauth_pending (state_hash, created_at, expires_at, registration_sealed) VALUES (?, ?, ?, ?)",
            arguments: [blob(stateHash), createdAt.timeIntervalSince1970, expiresAt.timeIntervalSince1970, blob(registrationSealed)])
    }

    /// Removes the flow of `state` and returns its sealed registration, if it existed and has not
    /// expired at `now`. Single use: a second call with the same state finds nothing.
    public func takePending(stateHash: [UInt8], now: Date) throws -> [UInt8]? {
        let key = blob(stateHash)
        guard let row = try Row.fetchOne(db, sql: "SELECT expires_at, registration_sealed FROM mcp_oauth_pending WHERE state_hash = ?",
                                         arguments: [key]) else { return nil }
        try db.execute(sql: "DELETE FROM mcp_oauth_pending WHERE state_hash = ?", arguments: [key])
        let expires: Double = row["expires_at"]
        guard expires > now.timeIntervalSince1970 else { return nil }
        return row.bytes("registration_sealed")
    }

    /// Deletes flows that expired before `now`; returns how many.
    @discardableResult
    public func deleteExpiredPending(now: Date) throws -> Int {
        try db.execute(sql: "DELETE FROM mcp_oauth_pending WHERE expires_at <= ?", arguments: [now.timeIntervalSince1970])
        return db.changesCount
    }
}
