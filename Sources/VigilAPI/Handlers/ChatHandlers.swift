import Foundation
import VigilAPIModel
import VigilAWS
import VigilCore
import VigilInvestigation
import VigilStore

/// CreateChat, ListChats, SendMessage, ListPendingMessages.
///
/// A chat is an execution owned by the principal that created it. Until language-model reasoning
/// exists, SendMessage answers with `SpaceStatusReport`, a factual summary of the space's
/// records, and the answer says so.
///
/// CreateChat and SendMessage are on-demand invocations: each holds one of the space's slots
/// (`OnDemandSlots`, 10 per space by default) while it runs; with none free the call is refused
/// with ServiceQuotaExceededException and nothing is written.
enum ChatHandlers {
    static let table: [String: OperationHandler] = [
        "CreateChat": create,
        "ListChats": list,
        "SendMessage": send,
        "ListPendingMessages": pending,
    ]

    static let kind = "chat"

    /// Slots of a server without an investigation runner (tests of the API alone): one quota per
    /// process, so the limit still holds.
    static let unscheduledSlots = OnDemandSlots()

    /// Runs one on-demand invocation of `space` in a slot, or refuses it.
    static func invocation<T: Sendable>(_ ctx: OperationContext, space: String, _ work: () async throws -> T) async throws -> T {
        let slots = (ctx.env.taskEvents as? any OnDemandSlotOwner)?.onDemandSlots ?? unscheduledSlots
        guard let result = try await slots.holding(space: space, work) else {
            throw APIError.quotaExceeded("Agent space \(space) already has \(slots.limit) on-demand invocations running, "
                                         + "its quota of concurrent on-demand invocations; retry when one has finished")
        }
        return result
    }

    static func create(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(CreateChatRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let now = ctx.now
        let owner = ctx.principal.arn
        let chat = ChatExecution(executionId: Identifier.make(), createdAt: now, updatedAt: now)
        try await invocation(ctx, space: space) {
            try await ctx.store.write { tx in
                _ = try AgentSpaceHandlers.require(tx, space)
                try tx.executions.insert(space: space, id: chat.executionId, taskId: nil, kind: kind, owner: owner, doc: chat.document)
            }
        }
        return .ok(ctx.operation, CreateChatResponse(executionId: chat.executionId, createdAt: now))
    }

    static func list(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ListChatsRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let owner = ctx.principal.arn
        let tokens = ctx.env.pageTokens
        let cursor = try tokens.read(input.nextToken, operation: ctx.operation.name, scope: space, query: owner)
        let page = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            return try tx.executions.list(space: space, kind: kind, owner: owner, after: cursor,
                                          limit: pageSize(input.maxResults, default: 20))
        }
        return .ok(ctx.operation, ListChatsResponse(
            executions: try page.items.map(ChatExecution.init),
            nextToken: tokens.make(page.nextCursor, operation: ctx.operation.name, scope: space, query: owner)))
    }

    /// The caller's chat, or ResourceNotFoundException: another principal's chat is not visible.
    static func requireChat(_ tx: StoreTransaction, space: String, id: String, owner: String) throws -> ChatExecution {
        guard let found = try tx.executions.get(space: space, id: id), found.kind == kind, found.owner == owner else {
            throw APIError.notFound("Chat execution \(id) does not exist in agent space \(space)")
        }
        return try ChatExecution(found.document)
    }

    static func send(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(SendMessageRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let now = ctx.now
        let owner = ctx.principal.arn
        let user = UserReference(userId: owner, userType: .iam)
        let reply = try await invocation(ctx, space: space) { try await ctx.store.write { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            var chat = try requireChat(tx, space: space, id: input.executionId, owner: owner)
            let report = try SpaceStatusReport.build(tx, space: space)
            let question = JournalRecord(
                agentSpaceId: space, executionId: chat.executionId, recordId: Identifier.make(),
                content: .object(["role": .string("user"), "text": .string(input.content)]),
                createdAt: now, recordType: "CHAT_USER_MESSAGE", userReference: user)
            let answer = JournalRecord(
                agentSpaceId: space, executionId: chat.executionId, recordId: Identifier.make(),
                content: .object(["role": .string("assistant"), "text": .string(report),
                                  "generatedBy": .string("space-status-report")]),
                createdAt: now, recordType: "CHAT_ASSISTANT_MESSAGE")
            for record in [question, answer] {
                try tx.journal.append(space: space, executionId: chat.executionId, id: record.recordId,
                                      recordType: record.recordType, doc: record.document)
            }
            chat.updatedAt = now
            if chat.summary == nil { chat.summary = String(input.content.prefix(120)) }
            try tx.executions.update(space: space, id: chat.executionId, doc: chat.document)
            return report
        } }
        return .eventStream(ChatEventStream.frames(for: reply, responseId: Identifier.make()))
    }

    static func pending(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ListPendingMessagesRequest.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let owner = ctx.principal.arn
        let chat = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            return try requireChat(tx, space: space, id: input.executionId, owner: owner)
        }
        // Replies are produced within SendMessage itself, so nothing is ever left waiting.
        return .ok(ctx.operation, ListPendingMessagesResponse(
            agentSpaceId: space, executionId: chat.executionId, messages: [], createdAt: chat.updatedAt ?? chat.createdAt))
    }
}

/// The event order of a SendMessage reply: responseCreated, responseInProgress, one text block
/// (start, deltas, stop), responseCompleted; every event numbered.
enum ChatEventStream {
    static func frames(for text: String, responseId: String) -> [EventStreamMessage] {
        var sequence = 0
        var frames: [EventStreamMessage] = []
        func emit(_ event: SendMessageEvents) {
            frames.append(.event(type: event.memberName, json: JSONWriter.write(event.memberJSON())))
            sequence += 1
        }
        emit(.responseCreated(SendMessageResponseCreatedEvent(responseId: responseId, sequenceNumber: sequence)))
        emit(.responseInProgress(SendMessageResponseInProgressEvent(responseId: responseId, sequenceNumber: sequence)))
        let blockId = Identifier.make()
        emit(.contentBlockStart(SendMessageContentBlockStartEvent(index: 0, type: "text", id: blockId, sequenceNumber: sequence)))
        for chunk in sentences(of: text) {
            emit(.contentBlockDelta(SendMessageContentBlockDeltaEvent(
                index: 0, delta: .textDelta(SendMessageTextDelta(text: chunk)), sequenceNumber: sequence)))
        }
        emit(.contentBlockStop(SendMessageContentBlockStopEvent(index: 0, type: "text", text: text, last: true, sequenceNumber: sequence)))
        emit(.responseCompleted(SendMessageResponseCompletedEvent(responseId: responseId, sequenceNumber: sequence)))
        return frames
    }

    /// Splits after each ". " or newline so the text arrives in readable pieces that rejoin exactly.
    static func sentences(of text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var previous: Character = " "
        for character in text {
            current.append(character)
            if character == "\n" || (character == " " && previous == ".") {
                pieces.append(current)
                current = ""
            }
            previous = character
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces.isEmpty ? [""] : pieces
    }
}
