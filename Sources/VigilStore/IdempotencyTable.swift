import Foundation
import GRDB

/// Responses remembered per client token, so a retried request gets the first answer back.
public struct IdempotencyTable {
    let db: Database

    public struct Record: Sendable {
        public var fingerprint: [UInt8]
        public var status: Int
        public var body: [UInt8]

        public init(fingerprint: [UInt8], status: Int, body: [UInt8]) {
            self.fingerprint = fingerprint
            self.status = status
            self.body = body
        }
    }

    /// The record for this token if it is younger than `window`; older records are forgotten.
    public func find(scope: String, operation: String, token: String, now: Date, window: TimeInterval) throws -> Record? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT fingerprint, status, body, created_at FROM idempotency_records WHERE scope = ? AND operation = ? AND token = ?",
            arguments: [scope, operation, token])
        else { return nil }
        let createdAt: Double = row["created_at"]
        if now.timeIntervalSince1970 - createdAt > window {
            try db.execute(sql: "DELETE FROM idempotency_records WHERE scope = ? AND operation = ? AND token = ?",
                           arguments: [scope, operation, token])
            return nil
        }
        return Record(fingerprint: row.bytes("fingerprint") ?? [], status: row["status"], body: row.bytes("body") ?? [])
    }

    public func save(scope: String, operation: String, token: String, record: Record, now: Date) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO idempotency_records (scope, operation, token, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [scope, operation, token, blob(record.fingerprint), record.status, blob(record.body), now.timeIntervalSince1970])
    }

    /// Drops records older than the window; run periodically.
    public func purge(olderThan cutoff: Date) throws -> Int {
        try db.execute(sql: "DELETE FROM idempotency_records WHERE created_at < ?", arguments: [cutoff.timeIntervalSince1970])
        return db.changesCount
    }
}
