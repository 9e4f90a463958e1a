import VigilAPI
import VigilAPIModel
import VigilCore

/// The reads pages make, each through the invoker as the session's principal (authorized and
/// audited like the API), paging through `nextToken` internally with the largest page sizes the
/// operations allow, so a page costs a handful of calls however long the journal is.
extension WebApp {
    func tasks(_ s: ActiveSession, space: String, body: [String: JSONValue], ip: String?, maxPages: Int = 10) async throws(APIError)
        -> (tasks: [TaskShape], nextToken: String?) {
        var all: [TaskShape] = []
        var request = body
        var token: String?
        for _ in 0..<maxPages {
            if let token { request["nextToken"] = .string(token) }
            let page = try await invoker.call(ListBacklogTasksResponse.self, operation: "ListBacklogTasks", labels: ["agentSpaceId": space],
                                              body: .object(request), principal: s.principal, sourceIp: ip)
            all += page.tasks
            token = page.nextToken
            if token == nil { break }
        }
        return (all, token)
    }

    func task(_ s: ActiveSession, space: String, taskId: String, ip: String?) async throws(APIError) -> TaskShape {
        try await invoker.call(GetBacklogTaskResponse.self, operation: "GetBacklogTask",
                               labels: ["agentSpaceId": space, "taskId": taskId], principal: s.principal, sourceIp: ip).task
    }

    /// The task's most recent execution (its current or last run), if it ran.
    func latestExecution(_ s: ActiveSession, space: String, taskId: String, ip: String?) async throws(APIError) -> Execution? {
        var latest: Execution?
        var token: String?
        repeat {
            var body: [String: JSONValue] = ["taskId": .string(taskId), "limit": .int(100)]
            if let token { body["nextToken"] = .string(token) }
            let page = try await invoker.call(ListExecutionsResponse.self, operation: "ListExecutions", labels: ["agentSpaceId": space],
                                              body: .object(body), principal: s.principal, sourceIp: ip)
            for execution in page.executions where latest.map({ execution.createdAt >= $0.createdAt }) ?? true {
                latest = execution
            }
            token = page.nextToken
        } while token != nil
        return latest
    }

    /// Every journal record of an execution, oldest first (at most `maxRecords`).
    func journal(_ s: ActiveSession, space: String, executionId: String, ip: String?, maxRecords: Int = 5000) async throws(APIError) -> [JournalRecord] {
        var records: [JournalRecord] = []
        var token: String?
        repeat {
            var body: [String: JSONValue] = ["executionId": .string(executionId), "order": "ASC", "limit": .int(100)]
            if let token { body["nextToken"] = .string(token) }
            let page = try await invoker.call(ListJournalRecordsResponse.self, operation: "ListJournalRecords",
                                              labels: ["agentSpaceId": space], body: .object(body), principal: s.principal, sourceIp: ip)
            records += page.records
            token = page.nextToken
        } while token != nil && records.count < maxRecords
        return records
    }

    func recommendations(_ s: ActiveSession, space: String, taskId: String, ip: String?) async throws(APIError) -> [Recommendation] {
        var all: [Recommendation] = []
        var token: String?
        repeat {
            var body: [String: JSONValue] = ["taskId": .string(taskId), "limit": .int(100)]
            if let token { body["nextToken"] = .string(token) }
            let page = try await invoker.call(ListRecommendationsResponse.self, operation: "ListRecommendations",
                                              labels: ["agentSpaceId": space], body: .object(body), principal: s.principal, sourceIp: ip)
            all += page.recommendations
            token = page.nextToken
        } while token != nil
        return all
    }
}
