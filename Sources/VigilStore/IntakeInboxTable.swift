import Foundation
import GRDB

/// The durable inbox of accepted webhook deliveries (see `intake_inbox` in Schema+Intake).
public struct IntakeInboxTable {
    let db: Database

    public struct Row: Sendable, Equatable {
        public var seq: Int64
        public var space: String
        public var webhookId: String
        public var receivedAt: Double
        public var headers: [UInt8]
        public var body: [UInt8]
        public var deliveryKey: String
    }

    /// Inserts a delivery. Returns false, writing nothing, when the same delivery key was already
    /// accepted for this webhook (a replay).
    public func insert(space: String, webhookId: String, receivedAt: Double, headers: [UInt8], body: [UInt8],
                       deliveryKey: String) throws -> Bool {
        // Once per delivery: a statement prepared once per connection.
        try db.cachedStatement(
            sql: """
                INSERT INTO intake_inbox (space_id, webhook_id, received_at, headers, body, delivery_key)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (space_id, webhook_id, delivery_key) DO NOTHING
                """
        ).execute(
            arguments: [space, webhookId, receivedAt, blob(headers), blob(body), deliveryKey])
        return db.changesCount == 1
    }

    /// The oldest unprocessed deliveries (after `seq` when given), in arrival order.
    public func pending(after seq: Int64 = 0, limit: Int) throws -> [Row] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT seq, space_id, webhook_id, received_at, headers, body, delivery_key FROM intake_inbox
                WHERE processed_at IS NULL AND seq > ? ORDER BY seq LIMIT ?
                """)
        return try GRDB.Row.fetchAll(statement, arguments: [seq, limit]).map { row in
            let headers: Data = row[4]
            let body: Data = row[5]
            return Row(seq: row[0], space: row[1], webhookId: row[2], receivedAt: row[3], headers: [UInt8](headers),
                       body: [UInt8](body), deliveryKey: row[6])
        }
    }

    /// Records the row's outcome; returns false, changing nothing, when it was already processed.
    @discardableResult
    public func markProcessed(seq: Int64, at time: Double, outcome: String) throws -> Bool {
        try db.cachedStatement(sql: "UPDATE intake_inbox SET processed_at = ?, outcome = ? WHERE seq = ? AND processed_at IS NULL")
            .execute(arguments: [time, outcome, seq])
        return db.changesCount == 1
    }

    public func pendingCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM intake_inbox WHERE processed_at IS NULL")) ?? 0
    }

    /// Deliveries of one webhook (tests and diagnostics): (processed, total).
    public func counts(space: String, webhookId: String) throws -> (processed: Int, total: Int) {
        let row = try GRDB.Row.fetchOne(
            db, sql: "SELECT COUNT(processed_at) AS p, COUNT(*) AS t FROM intake_inbox WHERE space_id = ? AND webhook_id = ?",
            arguments: [space, webhookId])
        return (row?["p"] ?? 0, row?["t"] ?? 0)
    }

    /// Outcomes of one webhook's deliveries in arrival order, nil while pending (tests and diagnostics).
    public func outcomes(space: String, webhookId: String) throws -> [String?] {
        try String?.fetchAll(db, sql: "SELECT outcome FROM intake_inbox WHERE space_id = ? AND webhook_id = ? ORDER BY seq",
                             arguments: [space, webhookId])
    }

    /// Forgets processed deliveries received before `cutoff` (replay protection needs only the
    /// signature's 5-minute validity window).
    public func purgeProcessed(before cutoff: Double) throws -> Int {
        try db.execute(sql: "DELETE FROM intake_inbox WHERE processed_at IS NOT NULL AND received_at < ?", arguments: [cutoff])
        return db.changesCount
    }
}
