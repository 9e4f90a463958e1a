import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// ListGoals and UpdateGoal. The model has no operation that creates goals: every space starts with
/// the built-in on-call report goal. Evaluations (EVALUATION tasks) write their preventive
/// recommendations against the evaluation task, not a goal (docs/investigations.md).
enum GoalHandlers {
    static let table: [String: OperationHandler] = [
        "ListGoals": list,
        "UpdateGoal": update,
    ]

    static func createBuiltInGoals(_ tx: StoreTransaction, space: String, arn: String, now: Date) throws {
        let goal = Goal(
            agentSpaceArn: arn, goalId: Identifier.make(), title: "On-call report",
            content: GoalContent(
                description: "A periodic summary of the incidents, investigations and open recommendations of this agent space.",
                objectives: "Summarise what happened since the last report, what is still open, and what needs a decision."),
            status: .active, goalType: .oncallReport, createdAt: now, updatedAt: now, version: 1,
            evaluationSchedule: GoalSchedule(state: .disabled, expression: "rate(7 days)"))
        try insert(tx, space: space, goal)
    }

    static func insert(_ tx: StoreTransaction, space: String, _ goal: Goal) throws {
        try tx.goals.insert(space: space, id: goal.goalId, status: goal.status.rawValue, goalType: goal.goalType.rawValue,
                            version: goal.version, doc: goal.document)
    }

    static func list(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ListGoalsRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let query = "\(input.status?.rawValue ?? "")|\(input.goalType?.rawValue ?? "")"
        let tokens = ctx.env.pageTokens
        let cursor = try tokens.read(input.nextToken, operation: ctx.operation.name, scope: space, query: query)
        let page = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            return try tx.goals.list(space: space, status: input.status?.rawValue, goalType: input.goalType?.rawValue,
                                     after: cursor, limit: pageSize(input.limit, default: 100))
        }
        return .ok(ctx.operation, ListGoalsResponse(
            goals: try page.items.map(Goal.init),
            nextToken: tokens.make(page.nextCursor, operation: ctx.operation.name, scope: space, query: query)))
    }

    static func update(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(UpdateGoalRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let now = ctx.now
        let operation = ctx.operation
        return try await Idempotency.run(ctx, scope: space, token: input.clientToken, input: input.toJSON()) { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            guard let stored = try tx.goals.get(space: space, id: input.goalId) else {
                throw APIError.notFound("Goal \(input.goalId) does not exist in agent space \(space)")
            }
            var goal = try Goal(stored)
            guard let schedule = input.evaluationSchedule, schedule.state != goal.evaluationSchedule?.state else {
                return .ok(operation, UpdateGoalResponse(goal: goal))
            }
            let expected = goal.version
            goal.evaluationSchedule = GoalSchedule(state: schedule.state, expression: goal.evaluationSchedule?.expression)
            goal.updatedAt = now
            goal.version += 1
            guard try tx.goals.update(space: space, id: goal.goalId, expectedVersion: expected, status: goal.status.rawValue,
                                      version: goal.version, doc: goal.document)
            else { throw APIError.conflict("Goal \(goal.goalId) was modified concurrently; retry") }
            return .ok(operation, UpdateGoalResponse(goal: goal))
        }
    }
}
