import Foundation
import Logging
import Testing
import VigilAPI
import VigilAPIModel
import VigilAudit
import VigilCore
import VigilIdentity
import VigilStore
@testable import VigilInvestigation

/// CreateChat and SendMessage through the real handlers (in-process, authorized as the
/// administrator) against the runner's per-space on-demand slots.
@Suite struct ChatSlotsTests {
    @Test func anInvocationBeyondTheSpacesSlotsIsRefusedAndOneFreedLetsTheNextIn() async throws {
        let world = try TestWorld()
        let box = SecretBox(key: try MasterKey.load(base64: nil, file: nil, dataDirectory: world.directory))
        let keys = AccessKeys(store: world.store, box: box, account: world.account)
        _ = try keys.ensureAdministrator(configured: .init(accessKeyId: "AKIACHATSLOTS0000001", secretAccessKey: "chat-slots-secret-0123456789"))
        let admin = try #require(try await keys.resolve("AKIACHATSLOTS0000001")).principal
        var settings = InvestigationSettings()
        settings.maxConcurrentOnDemand = 10
        let runner = world.runner(reasoner: DeterministicReasoner(), settings: settings)
        var env = APIEnvironment(account: world.account, store: world.store, accessKeys: keys, secrets: box,
                                 authorizer: PolicyAuthorizer(store: world.store, account: world.account), limits: APILimits(),
                                 publicBaseURL: "http://127.0.0.1:0", audit: DiscardingAuditSink(), logger: Logger(label: "chat-slots"))
        env.taskEvents = runner
        let api = APIInvoker(environment: env)
        func createSpace(_ name: String) async throws -> String {
            let made = try await api.call(operation: "CreateAgentSpace", body: ["name": .string(name)], principal: admin, sourceIp: nil)
            return try #require(made["agentSpace"]?["agentSpaceId"]?.stringValue)
        }
        func createChat(_ space: String) async throws(APIError) -> String? {
            try await api.call(operation: "CreateChat", labels: ["agentSpaceId": space], body: [:], principal: admin, sourceIp: nil)["executionId"]?.stringValue
        }
        func send(_ space: String, _ chat: String) async -> APIError? {
            do {
                _ = try await api.call(operation: "SendMessage", labels: ["agentSpaceId": space],
                                       body: ["executionId": .string(chat), "content": "what is open?"], principal: admin, sourceIp: nil)
                return nil
            } catch { return error }
        }
        let space = try await createSpace("busy")
        let other = try await createSpace("other")
        let chat = try #require(try await createChat(space))

        // Ten invocations of the space in flight, each holding a slot as a running answer does.
        for _ in 0..<10 { #expect(await runner.onDemandSlots.acquire(space: space)) }
        do {
            _ = try await createChat(space)
            Issue.record("the eleventh invocation was admitted")
        } catch {
            #expect(error.code == "ServiceQuotaExceededException" && error.httpStatus == 402)
            #expect(error.message.contains("10 on-demand invocations running"))
        }
        #expect(await send(space, chat)?.code == "ServiceQuotaExceededException")
        // Refused means nothing was written: the chat's journal is still empty.
        let written = try world.journal(space, chat)
        #expect(written.isEmpty)
        // Another space has its own slots.
        #expect(try await createChat(other) != nil)

        // One finishes: the next invocation runs, and gives its slot back when it is done.
        await runner.onDemandSlots.release(space: space)
        #expect(try await createChat(space) != nil)
        // SendMessage ran (it streams, so in-process it ends with the streaming notice) and wrote the exchange.
        #expect(await send(space, chat)?.message.contains("streams its answer") == true)
        #expect(try world.journal(space, chat).map(\.recordType) == ["CHAT_USER_MESSAGE", "CHAT_ASSISTANT_MESSAGE"])
        #expect(await runner.onDemandSlots.inUse(space: space) == 9)
        #expect(await runner.onDemandSlots.inUse(space: other) == 0)
    }
}
