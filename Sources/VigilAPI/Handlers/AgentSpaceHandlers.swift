import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// CreateAgentSpace, GetAgentSpace, UpdateAgentSpace, DeleteAgentSpace, ListAgentSpaces.
enum AgentSpaceHandlers {
    static let table: [String: OperationHandler] = [
        "CreateAgentSpace": create,
        "GetAgentSpace": get,
        "UpdateAgentSpace": update,
        "DeleteAgentSpace": delete,
        "ListAgentSpaces": list,
    ]

    /// The live space with this id, or ResourceNotFoundException. Every space-scoped handler
    /// starts here, inside its transaction.
    static func require(_ tx: StoreTransaction, _ id: String) throws -> AgentSpace {
        guard let stored = try tx.agentSpaces.get(id) else {
            throw APIError.notFound("AgentSpace \(id) does not exist")
        }
        return try AgentSpace(stored)
    }

    static func create(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(CreateAgentSpaceInput.self)
        try await ctx.authorize(ctx.account.agentSpaceArn("*"))
        let limit = ctx.env.limits.maxAgentSpaces
        let account = ctx.account
        let now = ctx.now
        let operation = ctx.operation
        return try await Idempotency.run(ctx, scope: "account", token: input.clientToken, input: input.toJSON()) { tx in
            guard try tx.agentSpaces.liveCount() < limit else {
                throw APIError.quotaExceeded("The account already has \(limit) agent spaces in \(account.region), the maximum allowed")
            }
            let id = Identifier.make()
            let space = AgentSpace(name: input.name, description: input.description, locale: input.locale,
                                   createdAt: now, updatedAt: now, kmsKeyArn: input.kmsKeyArn, agentSpaceId: id)
            try tx.agentSpaces.insert(id: id, createdAt: now, doc: space.document)
            if let tags = input.tags { try tx.tags.put(account.agentSpaceArn(id), tags) }
            try GoalHandlers.createBuiltInGoals(tx, space: id, arn: account.agentSpaceArn(id), now: now)
            return .ok(operation, CreateAgentSpaceOutput(agentSpace: space, tags: input.tags ?? [:]))
        }
    }

    static func get(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(GetAgentSpaceInput.self)
        let arn = ctx.account.agentSpaceArn(input.agentSpaceId)
        try await ctx.authorize(arn)
        let output = try await ctx.store.read { tx in
            GetAgentSpaceOutput(agentSpace: try require(tx, input.agentSpaceId), tags: try tx.tags.get(arn))
        }
        return .ok(ctx.operation, output)
    }

    static func update(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(UpdateAgentSpaceInput.self)
        try await ctx.authorize(ctx.account.agentSpaceArn(input.agentSpaceId))
        let now = ctx.now
        let space = try await ctx.store.write { tx in
            var space = try require(tx, input.agentSpaceId)
            if let name = input.name { space.name = name }
            if let description = input.description { space.description = description }
            if let locale = input.locale { space.locale = locale }
            space.updatedAt = now
            try tx.agentSpaces.update(space.agentSpaceId, doc: space.document)
            return space
        }
        return .ok(ctx.operation, UpdateAgentSpaceOutput(agentSpace: space))
    }

    static func delete(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(DeleteAgentSpaceInput.self)
        let arn = ctx.account.agentSpaceArn(input.agentSpaceId)
        try await ctx.authorize(arn)
        let now = ctx.now
        try await ctx.store.write { tx in
            if try tx.agentSpaces.get(input.agentSpaceId) != nil {
                try tx.agentSpaces.delete(input.agentSpaceId, at: now, arn: arn)
            } else if try !tx.agentSpaces.isTombstone(input.agentSpaceId) {
                throw APIError.notFound("AgentSpace \(input.agentSpaceId) does not exist")
            }
        }
        return .ok(ctx.operation)
    }

    /// A principal allowed on every space sees them all; one allowed only on some sees only those
    /// (each listed space is authorized on its own ARN), so nothing of other spaces shows.
    static func list(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ListAgentSpacesInput.self)
        let seesAll = await ctx.env.authorizer.isAllowed(ctx.authorization(ctx.account.agentSpaceArn("*")))
        let tokens = ctx.env.pageTokens
        let cursor = try tokens.read(input.nextToken, operation: ctx.operation.name, scope: "account", query: "")
        let page = try await ctx.store.read { tx in
            try tx.agentSpaces.list(after: cursor, limit: pageSize(input.maxResults, default: 100))
        }
        var spaces = try page.items.map(AgentSpace.init)
        if !seesAll {
            var visible: [AgentSpace] = []
            for space in spaces where await ctx.env.authorizer.isAllowed(ctx.authorization(ctx.account.agentSpaceArn(space.agentSpaceId))) {
                visible.append(space)
            }
            spaces = visible
        }
        return .ok(ctx.operation, ListAgentSpacesOutput(
            nextToken: tokens.make(page.nextCursor, operation: ctx.operation.name, scope: "account", query: ""),
            agentSpaces: spaces))
    }
}
