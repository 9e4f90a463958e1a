import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// The runner's writes of task and execution state, each one transaction with compare-and-set on
/// the task's version, so a person's concurrent UpdateBacklogTask (cancel) always wins cleanly.
enum TaskLifecycle {
    static func columns(_ task: TaskShape) -> TaskTable.Columns {
        TaskTable.Columns(status: task.status.rawValue, priorityRank: TaskTable.rank(ofPriorityNamed: task.priority.rawValue),
                          taskType: task.taskType.rawValue, primaryTaskId: task.primaryTaskId, version: task.version)
    }

    struct Claim: Sendable {
        var task: TaskShape
        var executionId: String
        var attempt: Int
    }

    /// PENDING_START → IN_PROGRESS with a new RUNNING execution and a run row; nil when the task
    /// is no longer waiting (canceled, claimed by someone else).
    static func claim(_ tx: StoreTransaction, space: String, taskId: String, now: Date) throws -> Claim? {
        guard let stored = try tx.tasks.get(space: space, id: taskId) else { return nil }
        var task = try TaskShape(document: stored.doc)
        guard task.status == .pendingStart else { return nil }
        let attempt = try tx.investigationRuns.attempts(space: space, taskId: taskId) + 1
        let execution = Execution(agentSpaceId: space, executionId: Identifier.make(),
                                  agentSubTask: task.taskType == .evaluation ? "evaluation" : "investigation",
                                  createdAt: now, updatedAt: now, executionStatus: .running, agentType: "vigil-analysis")
        let expected = task.version
        task.status = .inProgress
        task.executionId = execution.executionId
        task.statusReason = "Investigation running (execution \(execution.executionId), attempt \(attempt))"
        task.updatedAt = now
        task.version += 1
        guard try tx.tasks.update(space: space, id: taskId, expectedVersion: expected, columns: columns(task), doc: task.document) else { return nil }
        try tx.executions.insert(space: space, id: execution.executionId, taskId: taskId, kind: "task", owner: nil, doc: execution.document)
        try tx.investigationRuns.start(space: space, executionId: execution.executionId, taskId: taskId,
                                       taskType: task.taskType.rawValue, attempt: attempt, at: now)
        return Claim(task: task, executionId: execution.executionId, attempt: attempt)
    }

    /// Ends a run: the execution gets `executionStatus`, the run row its outcome, a closing journal
    /// record says why, and the task moves to `taskStatus` — only if it is still this run's
    /// IN_PROGRESS task (a person may have canceled it meanwhile; their status stands).
    /// Returns the task's status afterwards.
    @discardableResult
    static func finish(_ tx: StoreTransaction, space: String, taskId: String, executionId: String,
                       taskStatus: TaskStatus, executionStatus: ExecutionStatus, reason: String,
                       closingRecord: Bool, now: Date) throws -> TaskStatus? {
        if let found = try tx.executions.get(space: space, id: executionId) {
            var execution = try Execution(document: found.document.doc)
            if execution.executionStatus == .running {
                execution.executionStatus = executionStatus
                execution.updatedAt = now
                try tx.executions.update(space: space, id: executionId, doc: execution.document)
            }
        }
        try tx.investigationRuns.finish(space: space, executionId: executionId, outcome: taskStatus.rawValue, at: now)
        if closingRecord {
            let record = JournalRecord(agentSpaceId: space, executionId: executionId, recordId: Identifier.make(),
                                       content: ["step": "end", "status": .string(taskStatus.rawValue), "reason": .string(reason)],
                                       createdAt: now, recordType: JournalRecordType.summary.rawValue)
            try tx.journal.append(space: space, executionId: executionId, id: record.recordId, recordType: record.recordType, doc: record.document)
        }
        guard let stored = try tx.tasks.get(space: space, id: taskId) else { return nil }
        var task = try TaskShape(document: stored.doc)
        guard task.status == .inProgress, task.executionId == executionId else { return task.status }
        let expected = task.version
        task.status = taskStatus
        task.statusReason = String(reason.prefix(1000))
        task.updatedAt = now
        task.version += 1
        _ = try tx.tasks.update(space: space, id: taskId, expectedVersion: expected, columns: columns(task), doc: task.document)
        return task.status
    }
}
