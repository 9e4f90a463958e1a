import Foundation
import GRDB

/// The embedded store: one SQLite database in WAL mode under the data directory.
///
/// Callers work inside `read` or `write`, receiving a `StoreTransaction` whose table accessors all
/// take the agent space id first, so a query cannot forget its space. A write closure runs in one
/// SQLite transaction: the mutation and its idempotency record commit together or not at all.
public final class Store: Sendable {
    private let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) `vigil.sqlite` in `directory` and brings its schema up to date.
    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.path = (directory as NSString).appendingPathComponent("vigil.sqlite")
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // WAL + NORMAL: a commit survives a process crash; only an OS crash can lose the last
            // commits, never corrupt the file. Foreign keys keep space deletion from orphaning rows.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        self.pool = try DatabasePool(path: path, configuration: config)
        try Schema.migrator.migrate(pool)
    }

    public func read<T: Sendable>(_ body: @Sendable (StoreTransaction) throws -> T) async throws -> T {
        try await pool.read { db in try body(StoreTransaction(db: db)) }
    }

    public func write<T: Sendable>(_ body: @Sendable (StoreTransaction) throws -> T) async throws -> T {
        try await pool.write { db in try body(StoreTransaction(db: db)) }
    }

    /// Synchronous variants for command-line tools that run outside any concurrency context.
    public func readNow<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try pool.read { db in try body(StoreTransaction(db: db)) }
    }

    public func writeNow<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try pool.write { db in try body(StoreTransaction(db: db)) }
    }

    /// Flushes the WAL into the main file; called on graceful shutdown.
    public func checkpoint() throws {
        _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }
}

/// A database transaction seen through per-aggregate accessors.
public struct StoreTransaction {
    let db: Database

    public var accessKeys: AccessKeyTable { AccessKeyTable(db: db) }
    public var agentSpaces: AgentSpaceTable { AgentSpaceTable(db: db) }
    public var tags: TagTable { TagTable(db: db) }
    public var services: ServiceTable { ServiceTable(db: db) }
    public var associations: AssociationTable { AssociationTable(db: db) }
    public var webhooks: WebhookTable { WebhookTable(db: db) }
    public var tasks: TaskTable { TaskTable(db: db) }
    public var goals: GoalTable { GoalTable(db: db) }
    public var recommendations: RecommendationTable { RecommendationTable(db: db) }
    public var executions: ExecutionTable { ExecutionTable(db: db) }
    public var journal: JournalTable { JournalTable(db: db) }
    public var operatorApps: OperatorAppTable { OperatorAppTable(db: db) }
    public var privateConnections: PrivateConnectionTable { PrivateConnectionTable(db: db) }
    public var idempotency: IdempotencyTable { IdempotencyTable(db: db) }
    public var iam: IAMTable { IAMTable(db: db) }
    public var sessions: SessionTable { SessionTable(db: db) }
    public var topology: TopologyTable { TopologyTable(db: db) }
    public var intakeInbox: IntakeInboxTable { IntakeInboxTable(db: db) }
    public var intakeAlerts: IntakeAlertTable { IntakeAlertTable(db: db) }
    public var pollerItems: PollerItemTable { PollerItemTable(db: db) }
    public var pollerCursors: PollerCursorTable { PollerCursorTable(db: db) }
    public var pollerSources: PollerSourceTable { PollerSourceTable(db: db) }
    public var investigationRuns: InvestigationRunTable { InvestigationRunTable(db: db) }
    public var mcp: MCPTable { MCPTable(db: db) }
    public var escalations: EscalationTable { EscalationTable(db: db) }
}

/// A stored JSON document with its position in insertion order (the pagination cursor).
public struct StoredDocument: Sendable, Equatable {
    public var seq: Int64
    public var id: String
    public var doc: [UInt8]

    init(row: Row) {
        seq = row["seq"]
        id = row["id"]
        let data: Data = row["doc"]
        doc = [UInt8](data)
    }
}

/// One page of a keyset-paginated listing.
public struct Page<Element: Sendable>: Sendable {
    public var items: [Element]
    /// Set when more rows follow: the cursor of the last returned item.
    public var nextCursor: PageCursor?
}

/// Where a listing resumes: the sort key and sequence number of the last item already returned.
public struct PageCursor: Sendable, Equatable, Codable {
    public var sortKey: Int64
    public var seq: Int64
    public init(sortKey: Int64, seq: Int64) {
        self.sortKey = sortKey
        self.seq = seq
    }
}

public enum ListOrder: Sendable {
    case ascending, descending
}
