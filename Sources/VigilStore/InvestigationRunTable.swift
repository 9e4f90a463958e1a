import Foundation
import GRDB

/// Runs of backlog tasks (one per execution) and the queue queries of the investigation runner.
/// Usage accounting reads the same rows: a run counts from `started_at` to `ended_at` (or now).
public struct InvestigationRunTable {
    let db: Database

    public struct Run: Sendable, Equatable {
        public var space: String
        public var executionId: String
        public var taskId: String
        public var taskType: String
        public var attempt: Int
        public var startedAt: Date
        public var endedAt: Date?
        public var outcome: String?
    }

    public func start(space: String, executionId: String, taskId: String, taskType: String, attempt: Int, at: Date) throws {
        try db.execute(
            sql: "INSERT INTO investigation_runs (space_id, execution_id, task_id, task_type, attempt, started_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [space, executionId, taskId, taskType, attempt, at.timeIntervalSince1970])
    }

    public func finish(space: String, executionId: String, outcome: String, at: Date) throws {
        try db.execute(
            sql: "UPDATE investigation_runs SET ended_at = ?, outcome = ? WHERE space_id = ? AND execution_id = ? AND ended_at IS NULL",
            arguments: [at.timeIntervalSince1970, outcome, space, executionId])
    }

    /// Runs that never ended (the process stopped while they ran), oldest first.
    public func unfinished() throws -> [Run] {
        try Row.fetchAll(db, sql: "SELECT * FROM investigation_runs WHERE ended_at IS NULL ORDER BY started_at")
            .map(Self.run)
    }

    /// How many runs a task has had (the next run's attempt number is this plus one).
    public func attempts(space: String, taskId: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM investigation_runs WHERE space_id = ? AND task_id = ?",
                         arguments: [space, taskId]) ?? 0
    }

    /// Seconds of run time per task type overlapping [from, to), across every space of the account.
    public func usageSeconds(from: Date, to: Date, now: Date) throws -> [String: Double] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT task_type, SUM(MAX(0, MIN(COALESCE(ended_at, ?), ?) - MAX(started_at, ?))) AS seconds
            FROM investigation_runs WHERE started_at < ? AND COALESCE(ended_at, ?) > ? GROUP BY task_type
            """, arguments: [now.timeIntervalSince1970, to.timeIntervalSince1970, from.timeIntervalSince1970,
                             to.timeIntervalSince1970, now.timeIntervalSince1970, from.timeIntervalSince1970])
        var result: [String: Double] = [:]
        for row in rows { result[row["task_type"]] = row["seconds"] }
        return result
    }

    /// Tasks waiting to start in one space: highest priority first, then oldest.
    public func pending(space: String, taskType: String, limit: Int) throws -> [StoredDocument] {
        try Row.fetchAll(db, sql: """
            SELECT seq, id, doc FROM tasks WHERE status = 'PENDING_START' AND space_id = ? AND task_type = ?
            ORDER BY priority_rank DESC, seq ASC LIMIT ?
            """, arguments: [space, taskType, limit]).map(StoredDocument.init(row:))
    }

    /// Spaces with tasks waiting to start.
    public func spacesWithPendingTasks() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT space_id FROM tasks WHERE status = 'PENDING_START'")
    }

    /// Tasks marked IN_PROGRESS, as (space, task id).
    public func tasksInProgress() throws -> [(space: String, taskId: String)] {
        try Row.fetchAll(db, sql: "SELECT space_id, id FROM tasks WHERE status = 'IN_PROGRESS'")
            .map { (space: $0["space_id"], taskId: $0["id"]) }
    }

    private static func run(_ row: Row) -> Run {
        let ended: Double? = row["ended_at"]
        return Run(space: row["space_id"], executionId: row["execution_id"], taskId: row["task_id"],
                   taskType: row["task_type"], attempt: row["attempt"],
                   startedAt: Date(timeIntervalSince1970: row["started_at"]),
                   endedAt: ended.map(Date.init(timeIntervalSince1970:)), outcome: row["outcome"])
    }
}
