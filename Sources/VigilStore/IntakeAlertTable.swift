import Foundation
import GRDB

/// Deduplication state of intake: alerts by fingerprint, open groups, and the resource of each
/// intake-created task (see Schema+Intake).
public struct IntakeAlertTable {
    let db: Database

    public struct Alert: Sendable, Equatable {
        public var fingerprint: String
        public var taskId: String
        public var groupKey: String
        public var status: String
        public var alertName: String
        public var resource: String?
        public var count: Int
        public var firstSeen: Double
        public var lastSeen: Double
        public var resolvedAt: Double?
        public init(fingerprint: String, taskId: String, groupKey: String, status: String, alertName: String,
                    resource: String?, count: Int, firstSeen: Double, lastSeen: Double, resolvedAt: Double?) {
            self.fingerprint = fingerprint
            self.taskId = taskId
            self.groupKey = groupKey
            self.status = status
            self.alertName = alertName
            self.resource = resource
            self.count = count
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
            self.resolvedAt = resolvedAt
        }
    }

    public struct Group: Sendable, Equatable {
        public var groupKey: String
        public var taskId: String
        public var openedAt: Double
        public var lastAlertAt: Double
        public var releaseAt: Double?
        public init(groupKey: String, taskId: String, openedAt: Double, lastAlertAt: Double, releaseAt: Double?) {
            self.groupKey = groupKey
            self.taskId = taskId
            self.openedAt = openedAt
            self.lastAlertAt = lastAlertAt
            self.releaseAt = releaseAt
        }
    }

    public struct TaskResource: Sendable, Equatable {
        public var taskId: String
        public var resource: String?
        public var createdAt: Double
    }

    // MARK: alerts

    // Intake's hot paths run these once per alert: they use statements prepared once per connection
    // (`cachedStatement`) and read columns by position, in the order `alertColumns` lists them.
    static let alertColumns = "fingerprint, task_id, group_key, status, alert_name, resource, count, first_seen, last_seen, resolved_at"

    public func alert(space: String, fingerprint: String) throws -> Alert? {
        let statement = try db.cachedStatement(sql: "SELECT \(Self.alertColumns) FROM intake_alerts WHERE space_id = ? AND fingerprint = ?")
        return try Row.fetchOne(statement, arguments: [space, fingerprint]).map(Self.alert(row:))
    }

    public func alerts(space: String, taskId: String) throws -> [Alert] {
        let statement = try db.cachedStatement(
            sql: "SELECT \(Self.alertColumns) FROM intake_alerts WHERE space_id = ? AND task_id = ? ORDER BY first_seen, fingerprint")
        return try Row.fetchAll(statement, arguments: [space, taskId]).map(Self.alert(row:))
    }

    /// The task's first `limit` alerts in the order `alerts(space:taskId:)` lists them.
    public func alerts(space: String, taskId: String, limit: Int) throws -> [Alert] {
        let statement = try db.cachedStatement(
            sql: "SELECT \(Self.alertColumns) FROM intake_alerts WHERE space_id = ? AND task_id = ? ORDER BY first_seen, fingerprint LIMIT ?")
        return try Row.fetchAll(statement, arguments: [space, taskId, limit]).map(Self.alert(row:))
    }

    /// Counts over all alerts of a task.
    public struct TaskAlertSummary: Sendable, Equatable {
        /// Distinct alerts (fingerprints).
        public var alerts: Int
        /// Occurrences: the sum of the alerts' counts.
        public var occurrences: Int
        public var firing: Int
        public var resolved: Int
    }

    /// The task's alert counts, computed by SQLite without decoding every row.
    public func summary(space: String, taskId: String) throws -> TaskAlertSummary {
        let statement = try db.cachedStatement(sql: """
            SELECT COUNT(*), COALESCE(SUM(count), 0), COALESCE(SUM(status = 'firing'), 0), COALESCE(SUM(status = 'resolved'), 0)
            FROM intake_alerts WHERE space_id = ? AND task_id = ?
            """)
        let row = try Row.fetchOne(statement, arguments: [space, taskId])
        return TaskAlertSummary(alerts: row?[0] ?? 0, occurrences: row?[1] ?? 0, firing: row?[2] ?? 0, resolved: row?[3] ?? 0)
    }

    /// Whether any alert of the task is still firing.
    public func hasFiring(space: String, taskId: String) throws -> Bool {
        let statement = try db.cachedStatement(
            sql: "SELECT EXISTS (SELECT 1 FROM intake_alerts WHERE space_id = ? AND task_id = ? AND status = 'firing')")
        return try Bool.fetchOne(statement, arguments: [space, taskId]) ?? false
    }

    /// A task's status column, without decoding its document.
    public func taskStatus(space: String, taskId: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM tasks WHERE space_id = ? AND id = ?"), arguments: [space, taskId])
    }

    public func upsert(space: String, _ a: Alert) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO intake_alerts (space_id, fingerprint, task_id, group_key, status, alert_name, resource, count,
                                           first_seen, last_seen, resolved_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (space_id, fingerprint) DO UPDATE SET task_id = excluded.task_id, group_key = excluded.group_key,
                    status = excluded.status, alert_name = excluded.alert_name, resource = excluded.resource,
                    count = excluded.count, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
                    resolved_at = excluded.resolved_at
                """
        ).execute(
            arguments: [space, a.fingerprint, a.taskId, a.groupKey, a.status, a.alertName, a.resource, a.count,
                        a.firstSeen, a.lastSeen, a.resolvedAt])
    }

    /// Decodes a row selected with `alertColumns`.
    static func alert(row: Row) -> Alert {
        Alert(fingerprint: row[0], taskId: row[1], groupKey: row[2], status: row[3], alertName: row[4], resource: row[5],
              count: row[6], firstSeen: row[7], lastSeen: row[8], resolvedAt: row[9])
    }

    // MARK: groups

    public func group(space: String, key: String) throws -> Group? {
        let statement = try db.cachedStatement(
            sql: "SELECT group_key, task_id, opened_at, last_alert_at, release_at FROM intake_groups WHERE space_id = ? AND group_key = ?")
        return try Row.fetchOne(statement, arguments: [space, key])
            .map { Group(groupKey: $0[0], taskId: $0[1], openedAt: $0[2], lastAlertAt: $0[3], releaseAt: $0[4]) }
    }

    public func upsertGroup(space: String, _ g: Group) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO intake_groups (space_id, group_key, task_id, opened_at, last_alert_at, release_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (space_id, group_key) DO UPDATE SET task_id = excluded.task_id, opened_at = excluded.opened_at,
                    last_alert_at = excluded.last_alert_at, release_at = excluded.release_at
                """
        ).execute(
            arguments: [space, g.groupKey, g.taskId, g.openedAt, g.lastAlertAt, g.releaseAt])
    }

    /// Groups whose group_wait has elapsed: (space, task id, group key).
    public func groupsDue(at time: Double) throws -> [(space: String, taskId: String, groupKey: String)] {
        let statement = try db.cachedStatement(
            sql: "SELECT space_id, task_id, group_key FROM intake_groups WHERE release_at IS NOT NULL AND release_at <= ?")
        return try Row.fetchAll(statement, arguments: [time]).map { ($0[0], $0[1], $0[2]) }
    }

    public func nextRelease() throws -> Double? {
        try Double.fetchOne(db.cachedStatement(sql: "SELECT MIN(release_at) FROM intake_groups WHERE release_at IS NOT NULL"))
    }

    public func clearRelease(space: String, key: String) throws {
        try db.execute(sql: "UPDATE intake_groups SET release_at = NULL WHERE space_id = ? AND group_key = ?", arguments: [space, key])
    }

    // MARK: task resources

    public func recordTask(space: String, taskId: String, resource: String?, createdAt: Double) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO intake_tasks (space_id, task_id, resource, created_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [space, taskId, resource, createdAt])
    }

    /// Intake tasks of a space created at or after `since`, oldest first.
    public func tasks(space: String, createdSince since: Double) throws -> [TaskResource] {
        let statement = try db.cachedStatement(
            sql: "SELECT task_id, resource, created_at FROM intake_tasks WHERE space_id = ? AND created_at >= ? ORDER BY created_at, task_id")
        return try Row.fetchAll(statement, arguments: [space, since])
            .map { TaskResource(taskId: $0[0], resource: $0[1], createdAt: $0[2]) }
    }

    // MARK: poll positions

    public func pollPosition(space: String, source: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT position FROM intake_poll_positions WHERE space_id = ? AND source = ?", arguments: [space, source])
    }

    public func setPollPosition(space: String, source: String, position: String) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO intake_poll_positions (space_id, source, position) VALUES (?, ?, ?)",
                       arguments: [space, source, position])
    }
}
