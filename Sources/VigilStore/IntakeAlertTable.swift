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

    public func alert(space: String, fingerprint: String) throws -> Alert? {
        try Row.fetchOne(db, sql: "SELECT * FROM intake_alerts WHERE space_id = ? AND fingerprint = ?",
                         arguments: [space, fingerprint]).map(Self.alert(row:))
    }

    public func alerts(space: String, taskId: String) throws -> [Alert] {
        try Row.fetchAll(db, sql: "SELECT * FROM intake_alerts WHERE space_id = ? AND task_id = ? ORDER BY first_seen, fingerprint",
                         arguments: [space, taskId]).map(Self.alert(row:))
    }

    /// Whether any alert of the task is still firing.
    public func hasFiring(space: String, taskId: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM intake_alerts WHERE space_id = ? AND task_id = ? AND status = 'firing')",
                          arguments: [space, taskId]) ?? false
    }

    /// A task's status column, without decoding its document.
    public func taskStatus(space: String, taskId: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT status FROM tasks WHERE space_id = ? AND id = ?", arguments: [space, taskId])
    }

    public func upsert(space: String, _ a: Alert) throws {
        try db.execute(
            sql: """
                INSERT INTO intake_alerts (space_id, fingerprint, task_id, group_key, status, alert_name, resource, count,
                                           first_seen, last_seen, resolved_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (space_id, fingerprint) DO UPDATE SET task_id = excluded.task_id, group_key = excluded.group_key,
                    status = excluded.status, alert_name = excluded.alert_name, resource = excluded.resource,
                    count = excluded.count, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
                    resolved_at = excluded.resolved_at
                """,
            arguments: [space, a.fingerprint, a.taskId, a.groupKey, a.status, a.alertName, a.resource, a.count,
                        a.firstSeen, a.lastSeen, a.resolvedAt])
    }

    static func alert(row: Row) -> Alert {
        Alert(fingerprint: row["fingerprint"], taskId: row["task_id"], groupKey: row["group_key"], status: row["status"],
              alertName: row["alert_name"], resource: row["resource"], count: row["count"], firstSeen: row["first_seen"],
              lastSeen: row["last_seen"], resolvedAt: row["resolved_at"])
    }

    // MARK: groups

    public func group(space: String, key: String) throws -> Group? {
        try Row.fetchOne(db, sql: "SELECT * FROM intake_groups WHERE space_id = ? AND group_key = ?", arguments: [space, key])
            .map { Group(groupKey: $0["group_key"], taskId: $0["task_id"], openedAt: $0["opened_at"],
                         lastAlertAt: $0["last_alert_at"], releaseAt: $0["release_at"]) }
    }

    public func upsertGroup(space: String, _ g: Group) throws {
        try db.execute(
            sql: """
                INSERT INTO intake_groups (space_id, group_key, task_id, opened_at, last_alert_at, release_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (space_id, group_key) DO UPDATE SET task_id = excluded.task_id, opened_at = excluded.opened_at,
                    last_alert_at = excluded.last_alert_at, release_at = excluded.release_at
                """,
            arguments: [space, g.groupKey, g.taskId, g.openedAt, g.lastAlertAt, g.releaseAt])
    }

    /// Groups whose group_wait has elapsed: (space, task id, group key).
    public func groupsDue(at time: Double) throws -> [(space: String, taskId: String, groupKey: String)] {
        try Row.fetchAll(db, sql: "SELECT space_id, task_id, group_key FROM intake_groups WHERE release_at IS NOT NULL AND release_at <= ?",
                         arguments: [time]).map { ($0["space_id"], $0["task_id"], $0["group_key"]) }
    }

    public func nextRelease() throws -> Double? {
        try Double.fetchOne(db, sql: "SELECT MIN(release_at) FROM intake_groups WHERE release_at IS NOT NULL")
    }

    public func clearRelease(space: String, key: String) throws {
        try db.execute(sql: "UPDATE intake_groups SET release_at = NULL WHERE space_id = ? AND group_key = ?", arguments: [space, key])
    }

    // MARK: task resources

    public func recordTask(space: String, taskId: String, resource: String?, createdAt: Double) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO intake_tasks (space_id, task_id, resource, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [space, taskId, resource, createdAt])
    }

    /// Intake tasks of a space created at or after `since`, oldest first.
    public func tasks(space: String, createdSince since: Double) throws -> [TaskResource] {
        try Row.fetchAll(db, sql: "SELECT task_id, resource, created_at FROM intake_tasks WHERE space_id = ? AND created_at >= ? ORDER BY created_at, task_id",
                         arguments: [space, since])
            .map { TaskResource(taskId: $0["task_id"], resource: $0["resource"], createdAt: $0["created_at"]) }
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
