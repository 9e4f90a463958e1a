import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// CreateBacklogTask, GetBacklogTask, UpdateBacklogTask, ListBacklogTasks.
enum BacklogTaskHandlers {
    static let table: [String: OperationHandler] = [
        "CreateBacklogTask": create,
        "GetBacklogTask": get,
        "UpdateBacklogTask": update,
        "ListBacklogTasks": list,
    ]

    static func require(_ tx: StoreTransaction, space: String, task id: String) throws -> TaskShape {
        guard let stored = try tx.tasks.get(space: space, id: id) else {
            throw APIError.notFound("Task \(id) does not exist in agent space \(space)")
        }
        return try TaskShape(stored)
    }

    static func columns(_ task: TaskShape) -> TaskTable.Columns {
        TaskTable.Columns(status: task.status.rawValue, priorityRank: TaskTable.rank(ofPriorityNamed: task.priority.rawValue),
                          taskType: task.taskType.rawValue, primaryTaskId: task.primaryTaskId, version: task.version)
    }

    static func create(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(CreateBacklogTaskRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let now = ctx.now
        let operation = ctx.operation
        let taskId = Identifier.make()
        let waiting = ctx.env.taskEvents is NoTaskEvents
            ? "Waiting: no investigation runner on this server (no telemetry source configured; see docs/investigations.md)"
            : "Waiting for the investigation runner to start it"
        let response = try await Idempotency.run(ctx, scope: space, token: input.clientToken, input: input.toJSON()) { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            var reference: ReferenceOutput?
            if let ref = input.reference {
                guard try tx.associations.get(space: space, id: ref.associationId) != nil else {
                    throw APIError.notFound("Association \(ref.associationId) does not exist in agent space \(space)")
                }
                reference = ReferenceOutput(system: ref.system, title: ref.title, referenceId: ref.referenceId,
                                            referenceUrl: ref.referenceUrl, associationId: ref.associationId)
            }
            let task = TaskShape(agentSpaceId: space, taskId: taskId, title: input.title,
                            description: input.description, reference: reference, taskType: input.taskType,
                            priority: input.priority, status: .pendingStart, createdAt: now, updatedAt: now, version: 1,
                            statusReason: waiting)
            try tx.tasks.insert(space: space, id: task.taskId, createdAt: now, columns: columns(task), doc: task.document)
            return .ok(operation, CreateBacklogTaskResponse(task: task))
        }
        // After the commit: the investigation runner picks the task up (a replayed token names no new task; harmless).
        ctx.env.taskEvents.taskChanged(space: space, taskId: taskId)
        return response
    }

    static func get(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(GetBacklogTaskRequest.self)
        try await ctx.authorize(ctx.account.agentSpaceArn(input.agentSpaceId))
        let task = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, input.agentSpaceId)
            return try require(tx, space: input.agentSpaceId, task: input.taskId)
        }
        return .ok(ctx.operation, GetBacklogTaskResponse(task: task))
    }

    /// Status changes a person may make; every other status is set by the agent itself.
    static let userTransitions: [TaskStatus: Set<TaskStatus>] = [
        .pendingTriage: [.pendingStart, .canceled],
        .pendingStart: [.canceled],
        .inProgress: [.canceled],
        .pendingCustomerApproval: [.pendingStart, .canceled],
        .failed: [.pendingStart],
        .timedOut: [.pendingStart],
        .linked: [.pendingStart],
    ]

    static func update(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(UpdateBacklogTaskRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let now = ctx.now
        let operation = ctx.operation
        let who = ctx.principal.arn
        let response = try await Idempotency.run(ctx, scope: space, token: input.clientToken, input: input.toJSON()) { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            var task = try require(tx, space: space, task: input.taskId)
            guard let target = input.taskStatus, target != task.status else {
                return .ok(operation, UpdateBacklogTaskResponse(task: task))
            }
            guard userTransitions[task.status]?.contains(target) == true else {
                throw APIError.conflict("Task \(task.taskId) cannot change from \(task.status.rawValue) to \(target.rawValue)")
            }
            let expected = task.version
            task.status = target
            task.statusReason = "Set to \(target.rawValue) by \(who)"
            if target == .pendingStart { task.primaryTaskId = nil }
            task.updatedAt = now
            task.version += 1
            guard try tx.tasks.update(space: space, id: task.taskId, expectedVersion: expected, columns: columns(task), doc: task.document) else {
                throw APIError.conflict("Task \(task.taskId) was modified concurrently; retry")
            }
            return .ok(operation, UpdateBacklogTaskResponse(task: task))
        }
        // After the commit: a re-queued task is scheduled, a canceled one stops its run.
        ctx.env.taskEvents.taskChanged(space: space, taskId: input.taskId)
        return response
    }

    static func list(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ListBacklogTasksRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let filter = try storeFilter(input.filter, sortField: input.sortField)
        let sortByPriority = input.sortField == .priority
        let order: ListOrder = input.order == .asc ? .ascending : .descending
        let query = String(decoding: JSONWriter.write(input.toJSON().removing("nextToken").removing("limit")), as: UTF8.self)
        let tokens = ctx.env.pageTokens
        let cursor = try tokens.read(input.nextToken, operation: ctx.operation.name, scope: space, query: query)
        let page = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            return try tx.tasks.list(space: space, filter: filter, sortByPriority: sortByPriority, order: order,
                                     after: cursor, limit: pageSize(input.limit, default: 100))
        }
        return .ok(ctx.operation, ListBacklogTasksResponse(
            tasks: try page.items.map(TaskShape.init),
            nextToken: tokens.make(page.nextCursor, operation: ctx.operation.name, scope: space, query: query)))
    }

    /// The documented TaskFilter and sorting restrictions, checked before any query runs.
    static func storeFilter(_ filter: TaskFilter?, sortField: TaskSortField?) throws(APIError) -> TaskTable.Filter {
        var result = TaskTable.Filter()
        guard let filter else { return result }
        let hasTimestamps = filter.createdAfter != nil || filter.createdBefore != nil
        let hasType = !(filter.taskType ?? []).isEmpty
        let hasPriority = !(filter.priority ?? []).isEmpty
        let hasStatus = !(filter.status ?? []).isEmpty
        if hasPriority && hasStatus && !hasType {
            throw APIError.invalidField("filter", "Filtering by priority and status at the same time requires a taskType filter")
        }
        if sortField == .priority && hasTimestamps {
            throw APIError.invalidField("sortField", "Sorting by PRIORITY is not supported with createdAfter or createdBefore filters")
        }
        if sortField == .priority && (hasPriority || hasStatus) && !hasType {
            throw APIError.invalidField("sortField", "Only sorting by CREATED_AT is supported when filtering by priority or status alone")
        }
        if let after = filter.createdAfter, let before = filter.createdBefore, after >= before {
            throw APIError.invalidField("filter.createdBefore", "createdBefore must be later than createdAfter")
        }
        result.createdAfter = filter.createdAfter
        result.createdBefore = filter.createdBefore
        result.priority = filter.priority?.first?.rawValue
        result.status = filter.status?.first?.rawValue
        result.taskType = filter.taskType?.first?.rawValue
        result.primaryTaskId = filter.primaryTaskId
        return result
    }
}
