import VigilAPIModel
import VigilCore
import VigilStore

/// TagResource, UntagResource, ListTagsForResource on agent spaces and registered services.
enum TagHandlers {
    static let table: [String: OperationHandler] = [
        "TagResource": tag,
        "UntagResource": untag,
        "ListTagsForResource": listTags,
    ]

    /// The ARN must name a live resource of this account and region.
    static func requireResource(_ tx: StoreTransaction, _ arn: String, account: AccountContext) throws {
        switch ResourceARN.parse(arn, in: account) {
        case .agentSpace(let id):
            _ = try AgentSpaceHandlers.require(tx, id)
        case .service(let id):
            guard try tx.services.get(id) != nil else { throw APIError.notFound("Service \(id) is not registered") }
        case nil:
            throw APIError.notFound("Resource \(arn) does not exist in account \(account.accountId), region \(account.region)")
        }
    }

    static func tag(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(TagResourceRequest.self)
        try await ctx.authorize(input.resourceArn)
        let account = ctx.account
        try await ctx.store.write { tx in
            try requireResource(tx, input.resourceArn, account: account)
            let existing = try tx.tags.get(input.resourceArn)
            let total = existing.merging(input.tags) { _, new in new }.count
            guard total <= 50 else {
                throw APIError.invalidField("tags", "A resource can have at most 50 tags; this request would leave \(total)")
            }
            try tx.tags.put(input.resourceArn, input.tags)
        }
        return .ok(ctx.operation)
    }

    static func untag(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(UntagResourceRequest.self)
        try await ctx.authorize(input.resourceArn)
        let account = ctx.account
        try await ctx.store.write { tx in
            try requireResource(tx, input.resourceArn, account: account)
            try tx.tags.remove(input.resourceArn, keys: input.tagKeys)
        }
        return .ok(ctx.operation)
    }

    static func listTags(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ListTagsForResourceRequest.self)
        try await ctx.authorize(input.resourceArn)
        let account = ctx.account
        let tags = try await ctx.store.read { tx in
            try requireResource(tx, input.resourceArn, account: account)
            return try tx.tags.get(input.resourceArn)
        }
        return .ok(ctx.operation, ListTagsForResourceResponse(tags: tags))
    }
}
