import GRDB

/// Recommendations (mitigation plans) of one agent space. Every version is kept, so
/// GetRecommendation can answer for an earlier `recommendationVersion`.
public struct RecommendationTable {
    let db: Database

    public struct Columns: Sendable {
        public var taskId: String
        public var goalId: String?
        public var status: String
        public var priority: String
        public var version: Int
        public init(taskId: String, goalId: String?, status: String, priority: String, version: Int) {
            self.taskId = taskId
            self.goalId = goalId
            self.status = status
            self.priority = priority
            self.version = version
        }
    }

    public struct Filter: Sendable {
        public var taskId: String?
        public var goalId: String?
        public var status: String?
        public var priority: String?
        public init() {}
    }

    public func insert(space: String, id: String, columns: Columns, doc: [UInt8]) throws {
        try db.execute(
            sql: "INSERT INTO recommendations (space_id, id, task_id, goal_id, status, priority, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [space, id, columns.taskId, columns.goalId, columns.status, columns.priority, columns.version, blob(doc)])
        try saveVersion(space: space, id: id, version: columns.version, doc: doc)
    }

    public func get(space: String, id: String) throws -> StoredDocument? {
        try Row.fetchOne(db, sql: "SELECT seq, id, doc FROM recommendations WHERE space_id = ? AND id = ?",
                         arguments: [space, id]).map(StoredDocument.init(row:))
    }

    public func get(space: String, id: String, version: Int) throws -> [UInt8]? {
        try Row.fetchOne(db, sql: "SELECT doc FROM recommendation_versions WHERE space_id = ? AND id = ? AND version = ?",
                         arguments: [space, id, version])?.bytes("doc")
    }

    public func update(space: String, id: String, expectedVersion: Int, columns: Columns, doc: [UInt8]) throws -> Bool {
        try db.execute(
            sql: "UPDATE recommendations SET status = ?, priority = ?, version = ?, doc = ? WHERE space_id = ? AND id = ? AND version = ?",
            arguments: [columns.status, columns.priority, columns.version, blob(doc), space, id, expectedVersion])
        guard db.changesCount == 1 else { return false }
        try saveVersion(space: space, id: id, version: columns.version, doc: doc)
        return true
    }

    public func list(space: String, filter: Filter, after cursor: PageCursor?, limit: Int) throws -> Page<StoredDocument> {
        var listing = Listing(table: "recommendations")
        listing.filter("space_id = ?", [space])
        if let v = filter.taskId { listing.filter("task_id = ?", [v]) }
        if let v = filter.goalId { listing.filter("goal_id = ?", [v]) }
        if let v = filter.status { listing.filter("status = ?", [v]) }
        if let v = filter.priority { listing.filter("priority = ?", [v]) }
        return try listing.fetch(db, after: cursor, limit: limit)
    }

    private func saveVersion(space: String, id: String, version: Int, doc: [UInt8]) throws {
        try db.execute(sql: "INSERT INTO recommendation_versions (space_id, id, version, doc) VALUES (?, ?, ?, ?)",
                       arguments: [space, id, version, blob(doc)])
    }
}
