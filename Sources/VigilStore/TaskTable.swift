import Foundation
import GRDB

/// Backlog tasks of one agent space.
public struct TaskTable {
    let db: Database

    public struct Columns: Sendable {
        public var status: String
        public var priorityRank: Int
        public var taskType: String
        public var primaryTaskId: String?
        public var version: Int
        public init(status: String, priorityRank: Int, taskType: String, primaryTaskId: String?, version: Int) {
            self.status = status
            self.priorityRank = priorityRank
            self.taskType = taskType
            self.primaryTaskId = primaryTaskId
            self.version = version
        }
    }

    public struct Filter: Sendable {
        public var createdAfter: Date?
        public var createdBefore: Date?
        public var priority: String?
        public var status: String?
        public var taskType: String?
        public var primaryTaskId: String?
        public init() {}
    }

    public func insert(space: String, id: String, createdAt: Date, columns: Columns, doc: [UInt8]) throws {
        // insert, get and update run once per alert-touched task in intake: prepared once per connection.
        try db.cachedStatement(
            sql: """
                INSERT INTO tasks (space_id, id, created_at, status, priority_rank, task_type, primary_task_id, version, doc)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [space, id, createdAt.timeIntervalSince1970, columns.status, columns.priorityRank,
                        columns.taskType, columns.primaryTaskId, columns.version, blob(doc)])
    }

    public func get(space: String, id: String) throws -> StoredDocument? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, id, doc FROM tasks WHERE space_id = ? AND id = ?"),
                         arguments: [space, id]).map(StoredDocument.init(row:))
    }

    /// Compare-and-set on `version`: returns false when another writer got there first.
    public func update(space: String, id: String, expectedVersion: Int, columns: Columns, doc: [UInt8]) throws -> Bool {
        try db.cachedStatement(
            sql: """
                UPDATE tasks SET status = ?, priority_rank = ?, task_type = ?, primary_task_id = ?, version = ?, doc = ?
                WHERE space_id = ? AND id = ? AND version = ?
                """
        ).execute(
            arguments: [columns.status, columns.priorityRank, columns.taskType, columns.primaryTaskId, columns.version,
                        blob(doc), space, id, expectedVersion])
        return db.changesCount == 1
    }

    public func list(space: String, filter: Filter, sortByPriority: Bool, order: ListOrder,
                     after cursor: PageCursor?, limit: Int) throws -> Page<StoredDocument> {
        var listing = Listing(table: "tasks", sortColumn: sortByPriority ? "priority_rank" : nil, order: order)
        listing.filter("space_id = ?", [space])
        if let v = filter.createdAfter { listing.filter("created_at > ?", [v.timeIntervalSince1970]) }
        if let v = filter.createdBefore { listing.filter("created_at < ?", [v.timeIntervalSince1970]) }
        if let v = filter.priority { listing.filter("priority_rank = ?", [TaskTable.rank(ofPriorityNamed: v)]) }
        if let v = filter.status { listing.filter("status = ?", [v]) }
        if let v = filter.taskType { listing.filter("task_type = ?", [v]) }
        if let v = filter.primaryTaskId { listing.filter("primary_task_id = ?", [v]) }
        return try listing.fetch(db, after: cursor, limit: limit)
    }

    public func count(space: String, statuses: [String]) throws -> Int {
        try Int.fetchOne(
            db,
            sql: "SELECT COUNT(*) FROM tasks WHERE space_id = ? AND status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ",")))",
            arguments: StatementArguments([space] + statuses)) ?? 0
    }

    /// Priority order used for sorting: CRITICAL first when descending.
    public static func rank(ofPriorityNamed name: String) -> Int {
        switch name {
        case "CRITICAL": 5
        case "HIGH": 4
        case "MEDIUM": 3
        case "LOW": 2
        case "MINIMAL": 1
        default: 0
        }
    }
}
