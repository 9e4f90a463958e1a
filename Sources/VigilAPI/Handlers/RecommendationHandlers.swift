import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// GetRecommendation, ListRecommendations, UpdateRecommendation. Recommendations are written by
/// investigations; through the API a person can only decide on them.
enum RecommendationHandlers {
    static let table: [String: OperationHandler] = [
        "GetRecommendation": get,
        "ListRecommendations": list,
        "UpdateRecommendation": update,
    ]

    static func columns(_ r: Recommendation) -> RecommendationTable.Columns {
        .init(taskId: r.taskId, goalId: r.goalId, status: r.status.rawValue, priority: r.priority.rawValue, version: Int(r.version))
    }

    static func insert(_ tx: StoreTransaction, space: String, _ r: Recommendation) throws {
        try tx.recommendations.insert(space: space, id: r.recommendationId, columns: columns(r), doc: r.document)
    }

    static func get(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(GetRecommendationRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let recommendation = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            guard let stored = try tx.recommendations.get(space: space, id: input.recommendationId) else {
                throw APIError.notFound("Recommendation \(input.recommendationId) does not exist in agent space \(space)")
            }
            guard let version = input.recommendationVersion else { return try Recommendation(stored) }
            guard let doc = try tx.recommendations.get(space: space, id: input.recommendationId, version: Int(version)) else {
                throw APIError.notFound("Recommendation \(input.recommendationId) has no version \(version)")
            }
            return try Recommendation(document: doc)
        }
        return .ok(ctx.operation, GetRecommendationResponse(recommendation: recommendation))
    }

    static func list(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ListRecommendationsRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        var filter = RecommendationTable.Filter()
        filter.taskId = input.taskId
        filter.goalId = input.goalId
        filter.status = input.status?.rawValue
        filter.priority = input.priority?.rawValue
        let query = [filter.taskId, filter.goalId, filter.status, filter.priority].map { $0 ?? "" }.joined(separator: "|")
        let tokens = ctx.env.pageTokens
        let cursor = try tokens.read(input.nextToken, operation: ctx.operation.name, scope: space, query: query)
        let page = try await ctx.store.read { [filter] tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            return try tx.recommendations.list(space: space, filter: filter, after: cursor, limit: pageSize(input.limit, default: 100))
        }
        return .ok(ctx.operation, ListRecommendationsResponse(
            recommendations: try page.items.map(Recommendation.init),
            nextToken: tokens.make(page.nextCursor, operation: ctx.operation.name, scope: space, query: query)))
    }

    /// Decisions a person may record; UPDATE_IN_PROGRESS and COMPLETED belong to the agent.
    static let userTransitions: [RecommendationStatus: Set<RecommendationStatus>] = [
        .proposed: [.accepted, .rejected, .closed],
        .accepted: [.closed, .rejected],
        .rejected: [.closed, .accepted],
        .completed: [.closed],
    ]

    static func update(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(UpdateRecommendationRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let now = ctx.now
        let operation = ctx.operation
        return try await Idempotency.run(ctx, scope: space, token: input.clientToken, input: input.toJSON()) { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            guard let stored = try tx.recommendations.get(space: space, id: input.recommendationId) else {
                throw APIError.notFound("Recommendation \(input.recommendationId) does not exist in agent space \(space)")
            }
            var recommendation = try Recommendation(stored)
            var changed = false
            if let target = input.status, target != recommendation.status {
                guard userTransitions[recommendation.status]?.contains(target) == true else {
                    throw APIError.conflict("Recommendation \(recommendation.recommendationId) cannot change from \(recommendation.status.rawValue) to \(target.rawValue)")
                }
                recommendation.status = target
                changed = true
            }
            if let context = input.additionalContext, context != recommendation.additionalContext {
                recommendation.additionalContext = context
                changed = true
            }
            guard changed else { return .ok(operation, UpdateRecommendationResponse(recommendation: recommendation)) }
            let expected = Int(recommendation.version)
            recommendation.version += 1
            recommendation.updatedAt = now
            guard try tx.recommendations.update(space: space, id: recommendation.recommendationId, expectedVersion: expected,
                                                columns: columns(recommendation), doc: recommendation.document)
            else { throw APIError.conflict("Recommendation \(recommendation.recommendationId) was modified concurrently; retry") }
            return .ok(operation, UpdateRecommendationResponse(recommendation: recommendation))
        }
    }
}
