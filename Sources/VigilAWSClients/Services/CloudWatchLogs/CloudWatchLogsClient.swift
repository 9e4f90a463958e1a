import Foundation

/// Amazon CloudWatch Logs, read operations (json 1.1, `Logs_20140328`): FilterLogEvents, and
/// the three calls of a Logs Insights query (StartQuery, GetQueryResults, StopQuery; see
/// `AWSOperationPolicy.readsByOtherNames` for why the first and last are reads).
public struct CloudWatchLogsClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "CloudWatchLogs", signingName: "logs", apiVersion: "2014-03-28",
        wireProtocol: .json(version: "1.1", targetPrefix: "Logs_20140328"))

    public let client: AWSClient

    public init(_ client: AWSClient) {
        self.client = client
    }

    struct FilterLogEventsInput: Encodable, Sendable {
        var logGroupName: String
        var startTime: Int64
        var endTime: Int64
        var filterPattern: String?
        var nextToken: String?
        var limit: Int?
    }

    struct FilterLogEventsOutput: Decodable, Sendable {
        var events: [CloudWatchLogEvent]?
        var nextToken: String?
    }

    /// Events of every stream of `logGroup` from `start` to `end` (epoch milliseconds, the end
    /// exclusive as the service treats it), `pageSize` at most per page (service limit 10,000).
    public func filterLogEvents(
        logGroup: String, startMillis: Int64, endMillis: Int64, filterPattern: String? = nil, pageSize: Int? = nil
    ) -> AWSPaginator<CloudWatchLogEvent> {
        let client = client
        return AWSPaginator { token in
            let output = try await client.json(Self.service, operation: "FilterLogEvents", input: FilterLogEventsInput(
                logGroupName: logGroup, startTime: startMillis, endTime: endMillis, filterPattern: filterPattern,
                nextToken: token, limit: pageSize), output: FilterLogEventsOutput.self)
            return AWSPage(items: output.events ?? [], nextToken: output.nextToken)
        }
    }

    struct StartQueryInput: Encodable, Sendable {
        var logGroupNames: [String]
        var startTime: Int64
        var endTime: Int64
        var queryString: String
        var limit: Int?
    }

    struct StartQueryOutput: Decodable, Sendable {
        var queryId: String?
    }

    /// Starts a Logs Insights query over `logGroups` for [`startSeconds`, `endSeconds`] (epoch
    /// seconds); returns the query id.
    public func startQuery(logGroups: [String], startSeconds: Int64, endSeconds: Int64, query: String, limit: Int? = nil) async throws -> String {
        let output = try await client.json(Self.service, operation: "StartQuery", input: StartQueryInput(
            logGroupNames: logGroups, startTime: startSeconds, endTime: endSeconds, queryString: query, limit: limit),
            output: StartQueryOutput.self)
        guard let id = output.queryId, !id.isEmpty else {
            throw client.context(Self.service, "StartQuery").error(.malformedResponse("no queryId in the answer"), attempts: 1)
        }
        return id
    }

    struct QueryIdInput: Encodable, Sendable {
        var queryId: String
    }

    struct GetQueryResultsOutput: Decodable, Sendable {
        struct Statistics: Decodable, Sendable {
            var recordsMatched: Double?
            var recordsScanned: Double?
            var bytesScanned: Double?
        }
        var status: String?
        var results: [[LogsInsightsField]]?
        var statistics: Statistics?
    }

    public func getQueryResults(queryId: String) async throws -> LogsInsightsQueryResults {
        let output = try await client.json(Self.service, operation: "GetQueryResults", input: QueryIdInput(queryId: queryId),
                                           output: GetQueryResultsOutput.self)
        return LogsInsightsQueryResults(
            rawStatus: output.status ?? "Unknown", rows: output.results ?? [],
            recordsMatched: output.statistics?.recordsMatched, recordsScanned: output.statistics?.recordsScanned,
            bytesScanned: output.statistics?.bytesScanned)
    }

    struct StopQueryOutput: Decodable, Sendable {
        var success: Bool?
    }

    /// Stops a running query; returns whether the service says it stopped it.
    @discardableResult
    public func stopQuery(queryId: String) async throws -> Bool {
        let output = try await client.json(Self.service, operation: "StopQuery", input: QueryIdInput(queryId: queryId),
                                           output: StopQueryOutput.self)
        return output.success ?? false
    }
}
