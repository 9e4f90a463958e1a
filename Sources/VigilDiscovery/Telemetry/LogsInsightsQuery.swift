import Foundation
import VigilAWSClients

/// Runs one CloudWatch Logs Insights query to completion or to a deadline: StartQuery, then
/// GetQueryResults every `pollInterval` until the query is final. It never waits past the
/// deadline: on timeout, and when the task is cancelled, it stops the query (StopQuery, so it does
/// not keep scanning) and throws. A query the service ends as Failed/Cancelled/Timeout throws too.
public struct LogsInsightsQuery: Sendable {
    public let client: CloudWatchLogsClient
    public var pollInterval: Duration
    public var timeout: Duration

    public init(client: AWSClient, pollInterval: Duration = .seconds(1), timeout: Duration = .seconds(60)) {
        self.client = CloudWatchLogsClient(client)
        self.pollInterval = pollInterval
        self.timeout = timeout
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not final by the deadline; the query was stopped (`stopped` says whether StopQuery succeeded).
        case timedOut(queryId: String, after: Duration, stopped: Bool)
        /// The service ended the query as Failed, Cancelled or Timeout.
        case ended(queryId: String, status: String)
        case invalid(String)

        public var description: String {
            switch self {
            case .timedOut(let id, let after, let stopped):
                "Logs Insights query \(id) did not finish within \(after); \(stopped ? "stopped" : "StopQuery failed")"
            case .ended(let id, let status): "Logs Insights query \(id) ended with status \(status)"
            case .invalid(let reason): "invalid Logs Insights query: \(reason)"
            }
        }
    }

    /// The rows of `query` over `logGroups` for [start, end].
    public func run(_ query: String, logGroups: [String], start: Date, end: Date, limit: Int? = nil) async throws -> LogsInsightsQueryResults {
        guard !logGroups.isEmpty else { throw Failure.invalid("no log groups") }
        guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw Failure.invalid("empty query") }
        guard end > start else { throw Failure.invalid("the end is not after the start") }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        let queryId = try await client.startQuery(
            logGroups: logGroups, startSeconds: Int64(start.timeIntervalSince1970.rounded(.down)),
            endSeconds: Int64(end.timeIntervalSince1970.rounded(.up)), query: query, limit: limit)
        do {
            while true {
                try Task.checkCancellation()
                let results = try await client.getQueryResults(queryId: queryId)
                switch results.status {
                case .complete: return results
                case .failed, .cancelled, .timeout: throw Failure.ended(queryId: queryId, status: results.rawStatus)
                case .scheduled, .running, .unknown, nil: break
                }
                let remaining = clock.now.duration(to: deadline)
                guard remaining > .zero else {
                    let stopped = await stop(queryId)
                    throw Failure.timedOut(queryId: queryId, after: timeout, stopped: stopped)
                }
                try await Task.sleep(for: min(pollInterval, remaining))
            }
        } catch {
            // Cancelled while sleeping or while a poll was in flight (whatever error that poll
            // then reports): the query must not outlive the caller.
            if Task.isCancelled { _ = await stop(queryId) }
            throw error
        }
    }

    /// StopQuery outside the (possibly cancelled) caller's task, so cancellation does not cancel it too.
    private func stop(_ queryId: String) async -> Bool {
        let client = client
        return await Task.detached { (try? await client.stopQuery(queryId: queryId)) ?? false }.value
    }
}
