import Foundation
import Testing
import VigilAPI
import VigilAPIModel
import VigilCore

/// The in-process invoker the pages act through: same validation, authorization and audit as HTTP.
@Suite struct WebAppInvokerTests {
    @Test func callsAreValidatedAuthorizedAndAuditedLikeTheAPI() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        let frank = try h.user("frank", policy: """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"aidevops:GetAgentSpace","Resource":"*"}]}
            """)
        let principal = try #require(try await h.env.accessKeys.resolve(frank.key.accessKeyId)).principal
        let got = try await h.invoker.call(operation: "GetAgentSpace", labels: ["agentSpaceId": space], principal: principal, sourceIp: "10.0.0.9")
        #expect(got["agentSpace"]?["name"]?.stringValue == "prod")
        await #expect(throws: APIError.self) {
            _ = try await h.invoker.call(operation: "CreateBacklogTask", labels: ["agentSpaceId": space],
                                         body: ["title": "x", "priority": "LOW", "taskType": "INVESTIGATION"], principal: principal, sourceIp: nil)
        }
        do {
            _ = try await h.invoker.call(operation: "CreateBacklogTask", labels: ["agentSpaceId": space],
                                         body: ["title": "", "priority": "NOPE", "taskType": "INVESTIGATION"], principal: h.admin, sourceIp: nil)
            Issue.record("an invalid input was accepted")
        } catch {
            #expect(error.code == "ValidationException")
            #expect(Set((error.fieldList ?? []).map(\.path)).isSuperset(of: ["priority"]))
        }
        do {
            _ = try await h.invoker.call(operation: "NoSuchOperation", principal: h.admin, sourceIp: nil)
            Issue.record("an unknown operation ran")
        } catch {
            #expect(error.message.contains("not available in this build"))
        }
        #expect(APIInvoker.supports("UpdateRecommendation"))
        #expect(!APIInvoker.supports("NoSuchOperation"))
        let frankRecords = try await h.auditLog.records(from: 0, limit: 1000).filter { $0.entry.principal == frank.principal }
        #expect(frankRecords.map(\.entry.action) == ["aidevops:GetAgentSpace", "aidevops:CreateBacklogTask"])
        #expect(frankRecords.map(\.entry.decision.rawValue) == ["allow", "deny"])
        let tasks = try await h.invoker.call(operation: "ListBacklogTasks", labels: ["agentSpaceId": space], body: [:], principal: h.admin, sourceIp: nil)
        #expect(tasks["tasks"]?.arrayValue?.isEmpty == true)  // nothing was partially applied
    }
}
