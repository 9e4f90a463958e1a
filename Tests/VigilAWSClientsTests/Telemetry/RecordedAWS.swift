import Foundation
@testable import VigilAWSClients

/// Recorded AWS answers (Tests/VigilAWSClientsTests/Recorded/telemetry, written in each service's
/// exact wire format) served by a `LocalHTTPServer`, routed the way AWS routes: json-protocol
/// calls by `X-Amz-Target`, rest-json calls by path. Pages are chosen by the request's token.
enum Recorded {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Recorded/telemetry")

    static func text(_ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? "missing recorded file \(name)"
    }

    static let account = "111122223333"
    static let region = "us-east-1"
    /// The incident: 2026-11-27T05:40:00Z; the default window starts 20 minutes earlier.
    static let detectedAt = 1_795_758_000.0
    static let windowStart = detectedAt - 1200
    static let checkout = "arn:aws:lambda:us-east-1:111122223333:function:checkout"
    static let orders = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"

    static func json(_ name: String, type: String) -> LocalHTTPServer.Reply {
        .init(status: 200, headers: [("Content-Type", type), ("x-amzn-RequestId", UUID().uuidString)], body: text(name))
    }

    static func error(_ status: Int, code: String, message: String, type: String = "application/x-amz-json-1.1") -> LocalHTTPServer.Reply {
        .init(status: status, headers: [("Content-Type", type), ("x-amzn-RequestId", UUID().uuidString)],
              body: #"{"__type":"\#(code)","message":"\#(message)"}"#)
    }

    /// The operation a request calls: the `X-Amz-Target` operation, else the rest-json path.
    static func operation(of request: LocalHTTPServer.Request) -> String {
        if let target = request.header("X-Amz-Target") { return String(target.split(separator: ".").last ?? "") }
        return request.path
    }

    static func body(of request: LocalHTTPServer.Request) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
    }

    /// The whole account: every telemetry operation answers from its recording. `override` may
    /// answer an operation differently (a failure).
    static func account(override: @escaping @Sendable (String) -> LocalHTTPServer.Reply? = { _ in nil }) -> LocalHTTPServer.Handler {
        { request, _ in
            let operation = operation(of: request)
            if let reply = override(operation) { return reply }
            let body = body(of: request)
            let cw = "application/x-amz-json-1.0", j11 = "application/x-amz-json-1.1", rest = "application/json"
            switch operation {
            case "GetMetricData": return json("cloudwatch-GetMetricData.json", type: cw)
            case "DescribeAlarms": return json("cloudwatch-DescribeAlarms.json", type: cw)
            case "DescribeAlarmHistory":
                return json(body["NextToken"] == nil ? "cloudwatch-DescribeAlarmHistory-1.json" : "cloudwatch-DescribeAlarmHistory-2.json", type: cw)
            case "FilterLogEvents": return json("logs-FilterLogEvents.json", type: j11)
            case "/TraceSummaries": return json("xray-TraceSummaries.json", type: rest)
            case "/Traces": return json("xray-Traces.json", type: rest)
            case "/ServiceGraph": return json("xray-ServiceGraph.json", type: rest)
            case "LookupEvents":
                return json(body["NextToken"] == nil ? "cloudtrail-LookupEvents-1.json" : "cloudtrail-LookupEvents-2.json", type: j11)
            case "ListDeployments": return json("codedeploy-ListDeployments.json", type: j11)
            case "BatchGetDeployments": return json("codedeploy-BatchGetDeployments.json", type: j11)
            case "ListPipelines": return json("codepipeline-ListPipelines.json", type: j11)
            case "ListPipelineExecutions": return json("codepipeline-ListPipelineExecutions.json", type: j11)
            case "StartQuery": return json("logs-StartQuery.json", type: j11)
            case "StopQuery": return json("logs-StopQuery.json", type: j11)
            default: return error(400, code: "UnknownOperationException", message: "no recording for \(operation)")
            }
        }
    }

    static func client(_ server: LocalHTTPServer, http: AsyncHTTPClientExecutor, retry: RetryPolicy? = nil) -> AWSClient {
        AWSClient(region: region, credentials: testCredentials,
                  transport: retry.map { makeTransport(http, retry: $0) } ?? makeTransport(http),
                  endpoints: .override(server.endpoint), accountId: account, policy: .readOnly())
    }
}
