import Foundation
import Testing
@testable import VigilAWSClients
import VigilDiscovery

/// The Logs Insights helper against recorded answers: completion after polling, the deadline
/// (the query is stopped), and a query the service fails.
@Suite("Logs Insights query from recorded answers")
struct RecordedInsightsTests {
    static let start = Date(timeIntervalSince1970: Recorded.windowStart)
    static let end = Date(timeIntervalSince1970: Recorded.detectedAt)
    static let query = "filter @message like /ERROR/ | stats count(*) as errors by bin(1m)"

    static func server(runningPolls: Int?, status: String? = nil) throws -> LocalHTTPServer {
        let polls = Counter()
        return try LocalHTTPServer { request, _ in
            guard Recorded.operation(of: request) == "GetQueryResults" else { return Recorded.account()(request, 0) }
            if let status {
                return .init(status: 200, headers: [("Content-Type", "application/x-amz-json-1.1")],
                             body: #"{"results":[],"status":"\#(status)"}"#)
            }
            let poll = polls.next()
            if let runningPolls, poll >= runningPolls { return Recorded.json("logs-GetQueryResults-complete.json", type: "application/x-amz-json-1.1") }
            return Recorded.json("logs-GetQueryResults-running.json", type: "application/x-amz-json-1.1")
        }
    }

    @Test func pollsUntilComplete() async throws {
        let server = try Self.server(runningPolls: 2)
        defer { server.stop() }
        try await withHTTPClient { http in
            let insights = LogsInsightsQuery(client: Recorded.client(server, http: AsyncHTTPClientExecutor(client: http)),
                                             pollInterval: .milliseconds(5), timeout: .seconds(600))
            let results = try await insights.run(Self.query, logGroups: ["/aws/lambda/checkout"], start: Self.start, end: Self.end, limit: 100)
            #expect(results.status == .complete)
            #expect(results.rows == [
                [LogsInsightsField(field: "bin(1m)", value: "2026-11-27 05:31:00.000"), LogsInsightsField(field: "errors", value: "3")],
                [LogsInsightsField(field: "bin(1m)", value: "2026-11-27 05:32:00.000"), LogsInsightsField(field: "errors", value: "7")],
            ])
            #expect(results.recordsScanned == 2400)
            let operations = server.requests.map(Recorded.operation(of:))
            #expect(operations == ["StartQuery", "GetQueryResults", "GetQueryResults", "GetQueryResults"])
            let start = Recorded.body(of: server.requests[0])
            #expect(start["logGroupNames"] as? [String] == ["/aws/lambda/checkout"])
            #expect(start["startTime"] as? Int == Int(Recorded.windowStart) && start["endTime"] as? Int == Int(Recorded.detectedAt))
            #expect(start["queryString"] as? String == Self.query && start["limit"] as? Int == 100)
            #expect(Recorded.body(of: server.requests[1])["queryId"] as? String == "12ab3456-12ab-123a-789e-1234567890ab")
        }
    }

    @Test func stopsTheQueryAtTheDeadline() async throws {
        let server = try Self.server(runningPolls: nil)
        defer { server.stop() }
        try await withHTTPClient { http in
            let insights = LogsInsightsQuery(client: Recorded.client(server, http: AsyncHTTPClientExecutor(client: http)),
                                             pollInterval: .milliseconds(20), timeout: .milliseconds(200))
            do {
                _ = try await insights.run(Self.query, logGroups: ["/aws/lambda/checkout"], start: Self.start, end: Self.end)
                Issue.record("expected a timeout")
            } catch let failure as LogsInsightsQuery.Failure {
                #expect(failure == .timedOut(queryId: "12ab3456-12ab-123a-789e-1234567890ab", after: .milliseconds(200), stopped: true))
            }
            let operations = server.requests.map(Recorded.operation(of:))
            #expect(operations.first == "StartQuery" && operations.last == "StopQuery")
            #expect(operations.filter { $0 == "StopQuery" }.count == 1)
            #expect(Recorded.body(of: try #require(server.requests.last))["queryId"] as? String == "12ab3456-12ab-123a-789e-1234567890ab")
        }
    }

    @Test func stopsTheQueryWhenCancelled() async throws {
        let server = try Self.server(runningPolls: nil)
        defer { server.stop() }
        try await withHTTPClient { http in
            let insights = LogsInsightsQuery(client: Recorded.client(server, http: AsyncHTTPClientExecutor(client: http)),
                                             pollInterval: .milliseconds(20), timeout: .seconds(600))
            let task = Task { try await insights.run(Self.query, logGroups: ["/aws/lambda/checkout"], start: Self.start, end: Self.end) }
            // Cancel once the query is being polled (no wall-clock assertion: wait for the polls).
            while server.requests.filter({ Recorded.operation(of: $0) == "GetQueryResults" }).count < 2 {
                try await Task.sleep(for: .milliseconds(5))
            }
            task.cancel()
            let result = await task.result
            #expect(throws: (any Error).self) { try result.get() }
            // StopQuery was sent even though the caller was cancelled.
            #expect(server.requests.map(Recorded.operation(of:)).last == "StopQuery")
        }
    }

    @Test func aFailedQueryThrows() async throws {
        let server = try Self.server(runningPolls: nil, status: "Failed")
        defer { server.stop() }
        try await withHTTPClient { http in
            let insights = LogsInsightsQuery(client: Recorded.client(server, http: AsyncHTTPClientExecutor(client: http)),
                                             pollInterval: .milliseconds(5), timeout: .seconds(600))
            await #expect(throws: LogsInsightsQuery.Failure.ended(queryId: "12ab3456-12ab-123a-789e-1234567890ab", status: "Failed")) {
                try await insights.run(Self.query, logGroups: ["/aws/lambda/checkout"], start: Self.start, end: Self.end)
            }
            await #expect(throws: LogsInsightsQuery.Failure.invalid("no log groups")) {
                try await insights.run(Self.query, logGroups: [], start: Self.start, end: Self.end)
            }
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
