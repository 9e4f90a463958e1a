import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// Applies alerts to the backlog inside one store transaction: deduplicates by fingerprint,
/// groups, creates INVESTIGATION tasks, links them by topology, and rewrites each touched task's
/// intake metadata once at the end. The caller commits; nothing here does I/O besides the store.
struct IntakeApplier {
    let tx: StoreTransaction
    let topology: any TopologyNeighbours
    /// Names agent space ARNs, whose tags hold each space's intake rules.
    let account: AccountContext
    /// Tasks the investigation runner must hear about after the commit.
    private(set) var notify: Set<TaskRef> = []
    private var touched: Set<TaskRef> = []
    private var rulesCache: [String: IntakeRules] = [:]
    /// Dedup state already read or written in this transaction (alert rows are written back at
    /// `finish`, or before anything reads the alert table with SQL).
    private var memo = IntakeTransactionMemo()
    /// Group keys that depend only on the delivery (the sender's group key), per delivery.
    private var senderGroupKeys: [String: String] = [:]

    struct TaskRef: Hashable, Sendable {
        var space: String
        var taskId: String
    }

    /// Final statuses: an alert on such a task starts a new occurrence.
    static let finalStatuses: Set<TaskStatus> = [.completed, .failed, .timedOut, .canceled]

    init(tx: StoreTransaction, topology: any TopologyNeighbours, account: AccountContext) {
        self.tx = tx
        self.topology = topology
        self.account = account
    }

    /// The space's rules; a malformed rules tag falls back to defaults (and says so in the task).
    mutating func rules(space: String) throws -> (IntakeRules, String?) {
        if let cached = rulesCache[space] { return (cached, nil) }
        let tags = try tx.tags.get(account.agentSpaceArn(space))
        do {
            let rules = try IntakeRules(tags: tags)
            rulesCache[space] = rules
            return (rules, nil)
        } catch {
            rulesCache[space] = IntakeRules()
            return (IntakeRules(), "\(error); defaults used")
        }
    }

    mutating func apply(space: String, sourceIdentity: String, delivery: AdaptedDelivery, now: Double) throws {
        let (rules, rulesProblem) = try rules(space: space)
        for alert in delivery.alerts {
            let fingerprint = AlertIdentity.fingerprint(alert, sourceIdentity: sourceIdentity, rules: rules)
            let groupKey = groupKey(alert, fingerprint: fingerprint, sourceIdentity: sourceIdentity,
                                    senderGroupKey: delivery.senderGroupKey, rules: rules)
            let existing = try memo.alert(space: space, fingerprint: fingerprint, in: tx)
            var existingOpen = false
            if let existing { existingOpen = try isOpen(space: space, taskId: existing.taskId) }
            // The group matters only for a new occurrence of a firing alert.
            var group: IntakeAlertTable.Group?
            var groupState: (taskId: String, lastAlertAt: Double, taskOpen: Bool, hasFiring: Bool)?
            let isRepeat = existing?.status == IntakeAlert.Status.firing.rawValue && existingOpen
            if alert.status == .firing, !isRepeat, let found = try memo.group(space: space, key: groupKey, in: tx) {
                group = found
                let open = try isOpen(space: space, taskId: found.taskId)
                try memo.flushAlerts(in: tx)
                groupState = (found.taskId, found.lastAlertAt, open, try tx.intakeAlerts.hasFiring(space: space, taskId: found.taskId))
            }
            let decision = DedupDecision.decide(status: alert.status, now: now,
                                                existing: existing.map { ($0.status, $0.taskId) }, existingTaskOpen: existingOpen,
                                                group: groupState, rules: rules)
            switch decision {
            case .ignoreResolve:
                continue
            case .resolve(let taskId):
                guard var row = existing else { continue }
                row.status = IntakeAlert.Status.resolved.rawValue
                row.resolvedAt = alert.endsAt ?? now
                row.lastSeen = now
                memo.setAlert(space: space, row)
                touched.insert(TaskRef(space: space, taskId: taskId))
            case .repeatOf(let taskId):
                guard var row = existing else { continue }
                row.count += 1
                row.lastSeen = now
                memo.setAlert(space: space, row)
                touched.insert(TaskRef(space: space, taskId: taskId))
            case .joinGroup(let taskId):
                record(space: space, alert: alert, fingerprint: fingerprint, groupKey: groupKey, taskId: taskId, now: now)
                if var g = group {
                    g.lastAlertAt = now
                    try memo.upsertGroup(space: space, g, in: tx)
                }
                touched.insert(TaskRef(space: space, taskId: taskId))
            case .newTask:
                let taskId = try createTask(space: space, alert: alert, sourceIdentity: sourceIdentity, sender: delivery.sender,
                                            groupKey: groupKey, rules: rules, rulesProblem: rulesProblem, now: now)
                record(space: space, alert: alert, fingerprint: fingerprint, groupKey: groupKey, taskId: taskId, now: now)
                try memo.upsertGroup(space: space, .init(
                    groupKey: groupKey, taskId: taskId, openedAt: now, lastAlertAt: now,
                    releaseAt: rules.groupWaitSeconds > 0 ? now + rules.groupWaitSeconds : nil), in: tx)
                touched.insert(TaskRef(space: space, taskId: taskId))
            }
        }
    }

    private mutating func record(space: String, alert: IntakeAlert, fingerprint: String, groupKey: String, taskId: String, now: Double) {
        memo.setAlert(space: space, .init(
            fingerprint: fingerprint, taskId: taskId, groupKey: groupKey, status: alert.status.rawValue, alertName: alert.alertName,
            resource: alert.resource, count: 1, firstSeen: now, lastSeen: now, resolvedAt: nil))
    }

    private mutating func isOpen(space: String, taskId: String) throws -> Bool {
        guard let raw = try memo.taskStatus(space: space, taskId: taskId, in: tx), let status = TaskStatus(rawValue: raw) else {
            return false
        }
        return !Self.finalStatuses.contains(status)
    }

    /// `AlertIdentity.groupKey`, computed once per sender group key when the alert itself does not
    /// enter it (no `group-by` rule), as it is the same for every alert of the delivery.
    private mutating func groupKey(_ alert: IntakeAlert, fingerprint: String, sourceIdentity: String, senderGroupKey: String?,
                                   rules: IntakeRules) -> String {
        guard rules.groupBy == nil, let senderGroupKey else {
            return AlertIdentity.groupKey(alert, fingerprint: fingerprint, sourceIdentity: sourceIdentity,
                                          senderGroupKey: senderGroupKey, rules: rules)
        }
        let cacheKey = "\(sourceIdentity.utf8.count):\(sourceIdentity)\(senderGroupKey)"
        if let known = senderGroupKeys[cacheKey] { return known }
        let key = AlertIdentity.groupKey(alert, fingerprint: fingerprint, sourceIdentity: sourceIdentity,
                                         senderGroupKey: senderGroupKey, rules: rules)
        senderGroupKeys[cacheKey] = key
        return key
    }

    private mutating func createTask(space: String, alert: IntakeAlert, sourceIdentity: String, sender: IntakeAlert.Source,
                                     groupKey: String, rules: IntakeRules, rulesProblem: String?, now: Double) throws -> String {
        let taskId = Identifier.make()
        let created = Date(timeIntervalSince1970: now)
        // Linking: an open task on the same or a neighbouring resource, created within the window.
        var link: TaskLinker.Link?
        if let resource = alert.resource, rules.linkWindowSeconds > 0 {
            let recent = try tx.intakeAlerts.tasks(space: space, createdSince: now - rules.linkWindowSeconds)
            var candidates: [TaskLinker.Candidate] = []
            if !recent.isEmpty { try memo.flushAlerts(in: tx) }
            for r in recent {
                guard let raw = try memo.taskStatus(space: space, taskId: r.taskId, in: tx),
                      let status = TaskStatus(rawValue: raw) else { continue }
                guard !Self.finalStatuses.contains(status), status != .linked else { continue }
                var resources = Set(try tx.intakeAlerts.alerts(space: space, taskId: r.taskId).compactMap(\.resource))
                if let own = r.resource { resources.insert(own) }
                candidates.append(.init(taskId: r.taskId, resources: resources.sorted(), createdAt: r.createdAt, open: true, linked: false))
            }
            if !candidates.isEmpty {
                link = TaskLinker.primary(for: resource, now: now, candidates: candidates,
                                          neighbours: try topology.neighbours(space: space, of: resource, in: tx), window: rules.linkWindowSeconds)
            }
        }
        var intake: [String: JSONValue] = [
            "source": .string(sender.rawValue),
            "sourceIdentity": .string(sourceIdentity),
            "groupKey": .string(groupKey),
            "rules": .string(rules.explanation),
        ]
        let groupLabels = AlertIdentity.groupLabels(alert, rules: rules)
        if !groupLabels.isEmpty { intake["groupLabels"] = .object(groupLabels.mapValues { .string($0) }) }
        if let resource = alert.resource { intake["resource"] = .string(resource) }
        if let rulesProblem { intake["rulesProblem"] = .string(rulesProblem) }
        if let link { intake["link"] = .string(link.reason) }
        let status: TaskStatus = link != nil ? .linked : rules.groupWaitSeconds > 0 ? .pendingTriage : .pendingStart
        let reason: String = if let link {
            "Linked to task \(link.primaryTaskId) by intake"
        } else if rules.groupWaitSeconds > 0 {
            "Opened by \(sender.rawValue) alert '\(Self.clip(alert.alertName, 200))'; waiting \(Int(rules.groupWaitSeconds)) s (group_wait) for related alerts"
        } else {
            "Opened by \(sender.rawValue) alert '\(Self.clip(alert.alertName, 200))'; waiting for the investigation runner"
        }
        let task = TaskShape(
            agentSpaceId: space, taskId: taskId, title: Self.clip(alert.title, 500),
            description: Self.description(alert), taskType: .investigation,
            priority: Priority(rawValue: alert.priority) ?? .medium, status: status, createdAt: created, updatedAt: created,
            version: 1, metadata: .object(["intake": .object(intake)]), primaryTaskId: link?.primaryTaskId, statusReason: reason)
        try tx.tasks.insert(space: space, id: taskId, createdAt: created, columns: Self.columns(task), doc: task.document)
        memo.setTaskStatus(space: space, taskId: taskId, status.rawValue)
        try tx.intakeAlerts.recordTask(space: space, taskId: taskId, resource: alert.resource, createdAt: now)
        if let link { try markPrimary(space: space, primaryTaskId: link.primaryTaskId, linked: taskId, now: now) }
        if status == .pendingStart { notify.insert(TaskRef(space: space, taskId: taskId)) }
        return taskId
    }

    private mutating func markPrimary(space: String, primaryTaskId: String, linked: String, now: Double) throws {
        guard let stored = try tx.tasks.get(space: space, id: primaryTaskId) else { return }
        var task = try TaskShape(document: stored.doc)
        let expected = task.version
        task.hasLinkedTasks = true
        var meta = task.metadata?.objectValue ?? [:]
        var intake = meta["intake"]?.objectValue ?? [:]
        var linkedIds = intake["linkedTaskIds"]?.arrayValue ?? []
        if linkedIds.count < 100 { linkedIds.append(.string(linked)) }
        intake["linkedTaskIds"] = .array(linkedIds)
        meta["intake"] = .object(intake)
        task.metadata = .object(meta)
        task.updatedAt = Date(timeIntervalSince1970: now)
        task.version += 1
        _ = try tx.tasks.update(space: space, id: primaryTaskId, expectedVersion: expected, columns: Self.columns(task), doc: task.document)
    }

    /// Rewrites `metadata.intake.alerts` of every touched task from the alert table: per alert its
    /// status, count, first and last seen; and whether all its alerts are resolved.
    mutating func finish(now: Double) throws {
        try memo.flushAlerts(in: tx)
        for ref in touched.sorted(by: { ($0.space, $0.taskId) < ($1.space, $1.taskId) }) {
            guard let stored = try tx.tasks.get(space: ref.space, id: ref.taskId) else { continue }
            var task = try TaskShape(document: stored.doc)
            // The shown alerts are read as rows; the counts over all of them come from SQLite.
            let shownAlerts = try tx.intakeAlerts.alerts(space: ref.space, taskId: ref.taskId, limit: Self.alertsShown)
            let summary = try tx.intakeAlerts.summary(space: ref.space, taskId: ref.taskId)
            var meta = task.metadata?.objectValue ?? [:]
            var intake = meta["intake"]?.objectValue ?? [:]
            let shown = shownAlerts.map { a -> JSONValue in
                var o: [String: JSONValue] = [
                    "fingerprint": .string(a.fingerprint), "alertName": .string(Self.clip(a.alertName, 200)), "status": .string(a.status),
                    "count": .int(Int64(a.count)), "firstSeen": .string(ISO8601.format(a.firstSeen)), "lastSeen": .string(ISO8601.format(a.lastSeen)),
                ]
                if let r = a.resource { o["resource"] = .string(Self.clip(r, 300)) }
                if let t = a.resolvedAt { o["resolvedAt"] = .string(ISO8601.format(t)) }
                return .object(o)
            }
            intake["alerts"] = .array(shown)
            intake["alertCount"] = .int(Int64(summary.alerts))
            intake["occurrences"] = .int(Int64(summary.occurrences))
            intake["firingCount"] = .int(Int64(summary.firing))
            let allResolved = summary.alerts > 0 && summary.resolved == summary.alerts
            intake["allResolved"] = .bool(allResolved)
            if allResolved {
                intake["note"] = .string("All alerts of this task are resolved at the source; the task is kept for its investigation")
            } else {
                intake["note"] = nil
            }
            meta["intake"] = .object(intake)
            let expected = task.version
            task.metadata = .object(meta)
            task.updatedAt = Date(timeIntervalSince1970: now)
            task.version += 1
            _ = try tx.tasks.update(space: ref.space, id: ref.taskId, expectedVersion: expected, columns: Self.columns(task), doc: task.document)
        }
        touched.removeAll()
    }

    /// Moves groups whose group_wait elapsed from PENDING_TRIAGE to PENDING_START.
    mutating func releaseDueGroups(now: Double) throws {
        for due in try tx.intakeAlerts.groupsDue(at: now) {
            try memo.clearRelease(space: due.space, key: due.groupKey, in: tx)
            guard let stored = try tx.tasks.get(space: due.space, id: due.taskId) else { continue }
            var task = try TaskShape(document: stored.doc)
            guard task.status == .pendingTriage else { continue }
            let expected = task.version
            task.status = .pendingStart
            task.statusReason = "group_wait elapsed; waiting for the investigation runner"
            task.updatedAt = Date(timeIntervalSince1970: now)
            task.version += 1
            if try tx.tasks.update(space: due.space, id: due.taskId, expectedVersion: expected, columns: Self.columns(task), doc: task.document) {
                memo.setTaskStatus(space: due.space, taskId: due.taskId, task.status.rawValue)
                notify.insert(TaskRef(space: due.space, taskId: due.taskId))
            } else {
                memo.setTaskStatus(space: due.space, taskId: due.taskId, nil)
            }
        }
    }

    static let alertsShown = 50

    static func description(_ alert: IntakeAlert) -> String {
        var lines = [alert.description.isEmpty ? alert.title : alert.description]
        lines.append("Alert: \(alert.alertName) from \(alert.source.rawValue)\(alert.resource.map { " on \($0)" } ?? "")")
        let labels = alert.labels.keys.sorted().prefix(30).map { "\($0)=\(alert.labels[$0] ?? "")" }
        if !labels.isEmpty { lines.append("Labels: " + labels.joined(separator: ", ")) }
        return clip(lines.joined(separator: "\n"), 4000)
    }

    static func clip(_ s: String, _ max: Int) -> String {
        s.count <= max ? s : String(s.prefix(max - 1)) + "…"
    }

    static func columns(_ task: TaskShape) -> TaskTable.Columns {
        TaskTable.Columns(status: task.status.rawValue, priorityRank: TaskTable.rank(ofPriorityNamed: task.priority.rawValue),
                          taskType: task.taskType.rawValue, primaryTaskId: task.primaryTaskId, version: task.version)
    }
}
