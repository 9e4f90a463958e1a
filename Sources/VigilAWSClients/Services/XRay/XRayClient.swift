import Foundation

/// AWS X-Ray, read operations (rest-json; every operation is a POST with a JSON body, times in
/// epoch seconds): trace summaries, traces, the service graph.
public struct XRayClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "XRay", signingName: "xray", apiVersion: "2016-04-12", wireProtocol: .restJSON)

    /// BatchGetTraces takes at most this many trace ids per request.
    public static let maxTraceIdsPerBatch = 5

    public let client: AWSClient

    public init(_ client: AWSClient) {
        self.client = client
    }

    struct TimeWindowInput: Encodable {
        var StartTime: Date
        var EndTime: Date
        var Sampling: Bool?
        var FilterExpression: String?
        var NextToken: String?
    }

    struct TraceSummariesOutput: Decodable {
        var TraceSummaries: [XRayTraceSummary]?
        var NextToken: String?
    }

    /// Summaries of the traces that started between `start` and `end` (X-Ray allows 6 hours at most).
    public func getTraceSummaries(start: Date, end: Date, filterExpression: String? = nil) -> AWSPaginator<XRayTraceSummary> {
        let this = self
        return AWSPaginator { token in
            let output = try await this.post("GetTraceSummaries", "/TraceSummaries", TimeWindowInput(
                StartTime: start, EndTime: end, Sampling: false, FilterExpression: filterExpression, NextToken: token),
                TraceSummariesOutput.self)
            return AWSPage(items: output.TraceSummaries ?? [], nextToken: output.NextToken)
        }
    }

    struct BatchGetTracesInput: Encodable {
        var TraceIds: [String]
        var NextToken: String?
    }

    struct BatchGetTracesOutput: Decodable {
        var Traces: [XRayTrace]?
        var UnprocessedTraceIds: [String]?
        var NextToken: String?
    }

    /// The full traces of up to `maxTraceIdsPerBatch` ids; ids X-Ray could not process are returned
    /// beside them.
    public func batchGetTraces(ids: [String]) async throws -> (traces: [XRayTrace], unprocessed: [String]) {
        guard ids.count <= Self.maxTraceIdsPerBatch else {
            throw client.context(Self.service, "BatchGetTraces")
                .error(.invalidRequest("at most \(Self.maxTraceIdsPerBatch) trace ids per call, got \(ids.count)"), attempts: 0)
        }
        var traces: [XRayTrace] = []
        var unprocessed: [String] = []
        for try await page in AWSPaginator<BatchGetTracesOutput>({ token in
            let output = try await self.post("BatchGetTraces", "/Traces", BatchGetTracesInput(TraceIds: ids, NextToken: token),
                                             BatchGetTracesOutput.self)
            return AWSPage(items: [output], nextToken: output.NextToken)
        }) {
            for output in page.items {
                traces += output.Traces ?? []
                unprocessed += output.UnprocessedTraceIds ?? []
            }
        }
        return (traces, unprocessed)
    }

    struct ServiceGraphInput: Encodable {
        var StartTime: Date
        var EndTime: Date
        var NextToken: String?
    }

    struct ServiceGraphOutput: Decodable {
        var Services: [XRayGraphService]?
        var NextToken: String?
    }

    /// The nodes (with their edges) of the service graph between `start` and `end`.
    public func getServiceGraph(start: Date, end: Date) -> AWSPaginator<XRayGraphService> {
        let this = self
        return AWSPaginator { token in
            let output = try await this.post("GetServiceGraph", "/ServiceGraph",
                                             ServiceGraphInput(StartTime: start, EndTime: end, NextToken: token),
                                             ServiceGraphOutput.self)
            return AWSPage(items: output.Services ?? [], nextToken: output.NextToken)
        }
    }

    private func post<Input: Encodable, Output: Decodable>(
        _ operation: String, _ path: String, _ input: Input, _ output: Output.Type
    ) async throws -> Output {
        let body: [UInt8]
        do {
            body = Array(try JSONCodec.makeEncoder().encode(input))
        } catch {
            throw client.context(Self.service, operation).error(.invalidRequest("cannot encode the input: \(error)"), attempts: 0)
        }
        return try await client.restJSON(Self.service, operation: operation,
                                         request: RestJSONRequest(method: "POST", path: path, body: body), output: output)
    }
}
