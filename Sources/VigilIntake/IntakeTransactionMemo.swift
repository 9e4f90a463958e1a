import VigilStore

/// What one intake transaction has already read or written of the dedup state, so that repeats of
/// an alert inside one batch (the norm in an alert storm) cost no statements: alert rows by
/// fingerprint (read once, written once per flush), task statuses by id, and groups by key.
///
/// Valid only inside the transaction it was made for, whose only writer is the applier: it never
/// sees another writer's changes, and there are none. Alert rows are written back lazily, so
/// anything that reads `intake_alerts` with SQL must `flushAlerts()` first; tasks and groups are
/// written through at once and only remembered.
struct IntakeTransactionMemo {
    struct AlertKey: Hashable {
        var space: String
        var fingerprint: String
    }

    struct ScopedKey: Hashable {
        var space: String
        var id: String
    }

    /// `.some(nil)`: known to be absent.
    private var alerts: [AlertKey: IntakeAlertTable.Alert?] = [:]
    /// Alert rows changed since the last flush, in the order they were first changed.
    private var dirty: [AlertKey] = []
    private var dirtySet: Set<AlertKey> = []
    private var taskStatuses: [ScopedKey: String?] = [:]
    private var groups: [ScopedKey: IntakeAlertTable.Group?] = [:]

    var pendingAlertWrites: Int { dirty.count }

    // MARK: alerts

    mutating func alert(space: String, fingerprint: String, in tx: StoreTransaction) throws -> IntakeAlertTable.Alert? {
        let key = AlertKey(space: space, fingerprint: fingerprint)
        if let known = alerts[key] { return known }
        let found = try tx.intakeAlerts.alert(space: space, fingerprint: fingerprint)
        alerts[key] = .some(found)
        return found
    }

    /// Records the row as the alert's current state; it reaches the table at the next flush.
    mutating func setAlert(space: String, _ row: IntakeAlertTable.Alert) {
        let key = AlertKey(space: space, fingerprint: row.fingerprint)
        alerts[key] = .some(row)
        if dirtySet.insert(key).inserted { dirty.append(key) }
    }

    /// Writes every changed alert row once.
    mutating func flushAlerts(in tx: StoreTransaction) throws {
        for key in dirty {
            if let row = alerts[key] ?? nil { try tx.intakeAlerts.upsert(space: key.space, row) }
        }
        dirty.removeAll(keepingCapacity: true)
        dirtySet.removeAll(keepingCapacity: true)
    }

    // MARK: tasks

    /// The task's status column (nil when there is no such task).
    mutating func taskStatus(space: String, taskId: String, in tx: StoreTransaction) throws -> String? {
        let key = ScopedKey(space: space, id: taskId)
        if let known = taskStatuses[key] { return known }
        let found = try tx.intakeAlerts.taskStatus(space: space, taskId: taskId)
        taskStatuses[key] = .some(found)
        return found
    }

    /// Remembers a status the applier just wrote; nil forgets it (re-read on next use).
    mutating func setTaskStatus(space: String, taskId: String, _ status: String?) {
        let key = ScopedKey(space: space, id: taskId)
        if let status { taskStatuses[key] = .some(status) } else { taskStatuses[key] = nil }
    }

    // MARK: groups

    mutating func group(space: String, key groupKey: String, in tx: StoreTransaction) throws -> IntakeAlertTable.Group? {
        let key = ScopedKey(space: space, id: groupKey)
        if let known = groups[key] { return known }
        let found = try tx.intakeAlerts.group(space: space, key: groupKey)
        groups[key] = .some(found)
        return found
    }

    /// Writes the group through to the table and remembers it.
    mutating func upsertGroup(space: String, _ group: IntakeAlertTable.Group, in tx: StoreTransaction) throws {
        try tx.intakeAlerts.upsertGroup(space: space, group)
        groups[ScopedKey(space: space, id: group.groupKey)] = .some(group)
    }

    /// Clears the group's release time in the table and in what is remembered.
    mutating func clearRelease(space: String, key groupKey: String, in tx: StoreTransaction) throws {
        try tx.intakeAlerts.clearRelease(space: space, key: groupKey)
        let key = ScopedKey(space: space, id: groupKey)
        if case .some(.some(var group)) = groups[key] {
            group.releaseAt = nil
            groups[key] = .some(group)
        }
    }
}
