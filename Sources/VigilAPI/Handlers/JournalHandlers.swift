import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// ListExecutions and ListJournalRecords.
enum JournalHandlers {
    static let table: [String: OperationHandler] = [
        "ListExecutions": listExecutions,
        "ListJournalRecords": listRecords,
    ]

    static func listExecutions(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ListExecutionsRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        if let limit = input.limit, !(1...100).contains(limit) {
            throw APIError.invalidField("limit", "Member must be between 1 and 100")
        }
        let tokens = ctx.env.pageTokens
        let cursor = try tokens.read(input.nextToken, operation: ctx.operation.name, scope: space, query: input.taskId)
        let page = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            _ = try BacklogTaskHandlers.require(tx, space: space, task: input.taskId)
            return try tx.executions.list(space: space, taskId: input.taskId, after: cursor, limit: pageSize(input.limit, default: 100))
        }
        return .ok(ctx.operation, ListExecutionsResponse(
            executions: try page.items.map(Execution.init),
            nextToken: tokens.make(page.nextCursor, operation: ctx.operation.name, scope: space, query: input.taskId)))
    }

    static func listRecords(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ListJournalRecordsRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let recordType = (input.recordType?.isEmpty ?? true) ? nil : input.recordType
        let order: ListOrder = input.order == .asc ? .ascending : .descending
        let query = "\(input.executionId)|\(recordType ?? "")|\(order == .ascending ? "ASC" : "DESC")"
        let tokens = ctx.env.pageTokens
        let cursor = try tokens.read(input.nextToken, operation: ctx.operation.name, scope: space, query: query)
        let page = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            guard try tx.executions.get(space: space, id: input.executionId) != nil else {
                throw APIError.notFound("Execution \(input.executionId) does not exist in agent space \(space)")
            }
            return try tx.journal.list(space: space, executionId: input.executionId, recordType: recordType, order: order,
                                       after: cursor, limit: pageSize(input.limit, default: 100))
        }
        return .ok(ctx.operation, ListJournalRecordsResponse(
            records: try page.items.map(JournalRecord.init),
            nextToken: tokens.make(page.nextCursor, operation: ctx.operation.name, scope: space, query: query)))
    }
}
