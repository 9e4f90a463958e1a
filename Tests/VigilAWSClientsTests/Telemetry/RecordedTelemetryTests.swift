import Foundation
import Testing
@testable import VigilAWSClients
import VigilDiscovery
import VigilTelemetry
import VigilTopology

/// `AWSTelemetrySource` and the telemetry clients against recorded answers in AWS's wire format
/// (never run against a live endpoint: see docs/aws-telemetry.md).
@Suite("Telemetry from recorded AWS answers")
struct RecordedTelemetryTests {
    static let incident = IncidentInfo(detectedAt: Recorded.detectedAt, symptom: Recorded.checkout, title: "checkout errors")
    static let request = TelemetryRequest.lookingBack(from: incident, entities: [Recorded.checkout, Recorded.orders])
    static let s = Recorded.windowStart

    @Test func everyCollectorReadsItsRecording() async throws {
        let server = try LocalHTTPServer(handler: Recorded.account())
        defer { server.stop() }
        try await withHTTPClient { http in
            let source = AWSTelemetrySource(client: Recorded.client(server, http: AsyncHTTPClientExecutor(client: http)))
            let report = try await source.collectReport(Self.request)
            let telemetry = report.telemetry
            #expect(report.gaps.isEmpty, "\(report.gaps)")
            #expect(telemetry.windowStart == Self.s && telemetry.windowEnd == Recorded.detectedAt)

            // Metrics: the recorded m0 (Errors) and m3 (Invocations) of the function.
            #expect(telemetry.metrics == [
                MetricSeries(entity: Recorded.checkout, metric: "Errors", timestamps: [Self.s + 600, Self.s + 660, Self.s + 720],
                             values: [0, 3, 7], unit: "Sum"),
                MetricSeries(entity: Recorded.checkout, metric: "Invocations", timestamps: [Self.s + 600, Self.s + 660],
                             values: [120, 118], unit: "Sum"),
            ])
            let metricRequest = try #require(server.requests.first { Recorded.operation(of: $0) == "GetMetricData" })
            #expect(metricRequest.header("X-Amz-Target") == "GraniteServiceVersion20100801.GetMetricData")
            #expect(metricRequest.header("Content-Type") == "application/x-amz-json-1.0")
            let body = Recorded.body(of: metricRequest)
            #expect(body["StartTime"] as? Double == Self.s && body["EndTime"] as? Double == Recorded.detectedAt)
            let queries = try #require(body["MetricDataQueries"] as? [[String: Any]])
            // 5 Lambda metrics; 2 DynamoDB capacity metrics and 2 x 10 per-operation ones.
            #expect(queries.count == 27)
            let first = try #require((queries.first?["MetricStat"] as? [String: Any]))
            #expect(first["Stat"] as? String == "Sum" && first["Period"] as? Int == 60)
            #expect(((first["Metric"] as? [String: Any])?["Dimensions"] as? [[String: String]]) == [["Name": "FunctionName", "Value": "checkout"]])

            // Alarms: both history pages, only the alarm on an entity.
            #expect(telemetry.alarms == [
                AlarmEvent(timestamp: Self.s + 420.5, entity: Recorded.checkout, name: "checkout-errors", state: "OK",
                           reason: "Threshold Crossed: no datapoints were breaching"),
                AlarmEvent(timestamp: Self.s + 780.25, entity: Recorded.checkout, name: "checkout-errors", state: "ALARM",
                           reason: "Threshold Crossed: 1 out of the last 1 datapoints [7.0 (27/11/26 05:32:00)] was greater than or equal to the threshold (5.0)."),
            ])
            #expect(server.requests.filter { Recorded.operation(of: $0) == "DescribeAlarmHistory" }.count == 2)

            // Logs of /aws/lambda/checkout with level and trace id read from the message.
            #expect(telemetry.logs.map(\.timestamp) == [Self.s + 700, Self.s + 701.25])
            #expect(telemetry.logs.map(\.level) == [nil, "ERROR"])
            #expect(telemetry.logs.last?.traceId == "1-674696a5-3f2c1b0a9e8d7c6b5a493827")
            #expect(Set(telemetry.logs.map(\.entity)) == [Recorded.checkout])
            let logRequest = try #require(server.requests.first { Recorded.operation(of: $0) == "FilterLogEvents" })
            #expect(Recorded.body(of: logRequest)["logGroupName"] as? String == "/aws/lambda/checkout")
            #expect(Recorded.body(of: logRequest)["startTime"] as? Int == Int(Self.s) * 1000)

            // Traces: only the one through the function is fetched; segments and nested subsegments.
            let traceRequest = try #require(server.requests.first { $0.path == "/Traces" })
            #expect(Recorded.body(of: traceRequest)["TraceIds"] as? [String] == ["1-674696a5-3f2c1b0a9e8d7c6b5a493827"])
            let spans = Dictionary(uniqueKeysWithValues: telemetry.spans.map { ($0.spanId, $0) })
            #expect(spans.count == 4)
            #expect(spans["70de5b6f19ff9a0a"]?.entity == Recorded.checkout)
            #expect(spans["70de5b6f19ff9a0a"]?.parentSpanId == "5e1f2a3b4c5d6e7f")
            #expect(spans["70de5b6f19ff9a0a"]?.error == true)
            #expect(spans["0f1e2d3c4b5a6978"]?.parentSpanId == "70de5b6f19ff9a0a")
            #expect(spans["0f1e2d3c4b5a6978"]?.operation == "Invocation")
            #expect(spans["a1b2c3d4e5f60718"]?.operation == "DynamoDB PutItem")
            #expect(spans["a1b2c3d4e5f60718"]?.entity == Recorded.checkout)
            #expect(spans["a1b2c3d4e5f60718"]?.error == true)
            #expect(abs((spans["a1b2c3d4e5f60718"]?.durationMs ?? 0) - 250) < 0.01)
            #expect(spans["5e1f2a3b4c5d6e7f"]?.error == false)

            // Service graph: the client node is left out; X-Ray's Lambda and table become ARNs.
            #expect(telemetry.edges == [
                CallEdge(caller: Recorded.checkout, callee: Recorded.orders),
                CallEdge(caller: Recorded.checkout, callee: "api.stripe.com"),
            ])

            // Changes: CloudTrail (both pages), CodeDeploy, CodePipeline.
            let pipeline = "arn:aws:codepipeline:us-east-1:111122223333:checkout-pipeline"
            #expect(telemetry.changes.map(\.reference) == [
                "1a2b3c4d-0000-4000-8000-00000000a003", "a3c9f0e2-6b7d-4e1f-9a8b-1c2d3e4f5a6b", "d-7Q2XK5TBC",
                "1a2b3c4d-0000-4000-8000-00000000a001",
            ])
            #expect(telemetry.changes.map(\.entity) == [Recorded.checkout, pipeline, Recorded.checkout, Recorded.checkout])
            #expect(telemetry.changes.map(\.kind) == ["config", "pipeline", "deployment", "deployment"])
            #expect(telemetry.changes[3].description == "UpdateFunctionCode20150331v2 by deploy-bot (lambda.amazonaws.com)")
            #expect(telemetry.changes[2].description.contains("Failed") && telemetry.changes[2].description.contains("ALARM_ACTIVE"))
            #expect(telemetry.changes[1].description.contains("Source@9f86d081884c7d659a2feaa0c55ad015a3bf4f1b \"Raise order batch size\""))
            let lookups = server.requests.filter { Recorded.operation(of: $0) == "LookupEvents" }
            #expect(lookups.count == 2)
            #expect(lookups.first?.header("X-Amz-Target") == "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents")
            #expect((Recorded.body(of: lookups[0])["LookupAttributes"] as? [[String: String]]) == [["AttributeKey": "ReadOnly", "AttributeValue": "false"]])
            // The first page of executions already reaches before the window: no second page.
            #expect(server.requests.filter { Recorded.operation(of: $0) == "ListPipelineExecutions" }.count == 1)
            let deployments = try #require(server.requests.first { Recorded.operation(of: $0) == "ListDeployments" })
            #expect((Recorded.body(of: deployments)["createTimeRange"] as? [String: Double]) == ["start": Self.s, "end": Recorded.detectedAt])
        }
    }

    @Test func aFailingCollectorLeavesAGapAndTheOthersGoOn() async throws {
        let server = try LocalHTTPServer(handler: Recorded.account { operation in
            switch operation {
            case "ListDeployments":
                return Recorded.error(400, code: "AccessDeniedException",
                                      message: "User is not authorized to perform: codedeploy:ListDeployments")
            case "/ServiceGraph": return LocalHTTPServer.Reply(status: 500, body: "<html>bad gateway</html>")
            case "GetMetricData": return LocalHTTPServer.Reply(status: 200, headers: [("Content-Type", "application/x-amz-json-1.0")], body: "{not json")
            default: return nil
            }
        })
        defer { server.stop() }
        try await withHTTPClient { http in
            let client = Recorded.client(server, http: AsyncHTTPClientExecutor(client: http),
                                         retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2)))
            let report = try await AWSTelemetrySource(client: client).collectReport(Self.request)
            #expect(report.gaps.map(\.operation).sorted() == ["CloudWatch:GetMetricData", "CodeDeploy:ListDeployments", "XRay:GetServiceGraph"])
            let denied = try #require(report.gaps.first { $0.collector == "codedeploy" })
            #expect(denied.reason.contains("AccessDeniedException"))
            #expect(report.gaps.first { $0.collector == "service-graph" }?.reason.contains("after 2 attempts") == true)
            #expect(report.gaps.first { $0.collector == "metrics" }?.reason.contains("malformed response") == true)
            // Everything else is there.
            #expect(report.telemetry.metrics.isEmpty && report.telemetry.edges.isEmpty)
            #expect(report.telemetry.alarms.count == 2)
            #expect(report.telemetry.logs.count == 2)
            #expect(report.telemetry.spans.count == 4)
            #expect(report.telemetry.changes.map(\.kind) == ["config", "pipeline", "deployment"])
        }
    }

    @Test func entitiesOutsideTheClientsAccountAndRegionAreGapsNotReads() async throws {
        let server = try LocalHTTPServer(handler: Recorded.account())
        defer { server.stop() }
        try await withHTTPClient { http in
            var options = AWSTelemetryOptions()
            options.collectors = [.metrics]
            let source = AWSTelemetrySource(client: Recorded.client(server, http: AsyncHTTPClientExecutor(client: http)), options: options)
            let west = "arn:aws:lambda:us-west-2:111122223333:function:checkout"
            let elsewhere = "arn:aws:lambda:us-east-1:999988887777:function:checkout"
            let report = try await source.collectReport(.lookingBack(from: Self.incident, entities: [Recorded.checkout, west, elsewhere, "checkout"]))
            #expect(report.gaps.map(\.description) == [
                "- [\(west)]: in region us-west-2; this source reads us-east-1",
                "- [\(elsewhere)]: in account 999988887777; this source reads 111122223333",
                "- [checkout]: not an ARN: no telemetry is collected for it",
            ])
            // Only the function of this account and region was asked for.
            let queries = Recorded.body(of: try #require(server.requests.first))["MetricDataQueries"] as? [[String: Any]]
            #expect(queries?.count == 5)
            #expect(server.requests.count == 1)
            #expect(Set(report.telemetry.metrics.map(\.entity)) == [Recorded.checkout])
        }
    }

    @Test func requestsAreSignedAsBotocoreSignsThem() async throws {
        let server = try LocalHTTPServer(handler: Recorded.account())
        defer { server.stop() }
        try await withHTTPClient { http in
            let client = Recorded.client(server, http: AsyncHTTPClientExecutor(client: http))
            _ = try await CloudWatchClient(client).describeAlarms().all()
            _ = try await XRayClient(client).getServiceGraph(start: Date(timeIntervalSince1970: Self.s),
                                                             end: Date(timeIntervalSince1970: Recorded.detectedAt)).all()
            #expect(server.requests.count == 2)
            for request in server.requests {
                #expect(try botocoreSignatureMismatch(request, secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY") == nil)
            }
            #expect(server.requests[0].header("Authorization")?.contains("/us-east-1/monitoring/aws4_request") == true)
            #expect(server.requests[1].header("Authorization")?.contains("/us-east-1/xray/aws4_request") == true)
            #expect(server.requests[1].method == "POST" && server.requests[1].path == "/ServiceGraph")
        }
    }

    @Test func serviceGraphReaderGivesObservedEdges() async throws {
        let server = try LocalHTTPServer(handler: Recorded.account())
        defer { server.stop() }
        try await withHTTPClient { http in
            let reader = XRayServiceGraphReader(client: Recorded.client(server, http: AsyncHTTPClientExecutor(client: http)))
            let edges = try await reader.edges(start: Date(timeIntervalSince1970: Self.s), end: Date(timeIntervalSince1970: Recorded.detectedAt))
            let evidence = "X-Ray service graph 2026-11-27T05:20:00Z..2026-11-27T05:40:00Z"
            #expect(edges == [
                ObservedEdge(from: Recorded.checkout, to: Recorded.orders, kind: .invokes, evidence: evidence),
                ObservedEdge(from: Recorded.checkout, to: "api.stripe.com", kind: .invokes, evidence: evidence),
            ])
            let body = Recorded.body(of: try #require(server.requests.first))
            #expect(body["StartTime"] as? Double == Self.s && body["EndTime"] as? Double == Recorded.detectedAt)
        }
    }

    @Test func serviceGraphReaderReportsAFailure() async throws {
        let server = try LocalHTTPServer { _, _ in
            Recorded.error(403, code: "AccessDeniedException", message: "not authorized to perform: xray:GetServiceGraph",
                           type: "application/json")
        }
        defer { server.stop() }
        try await withHTTPClient { http in
            let reader = XRayServiceGraphReader(client: Recorded.client(server, http: AsyncHTTPClientExecutor(client: http)))
            let error = await expectAWSError { try await reader.edges(start: Date(timeIntervalSince1970: Self.s), end: Date(timeIntervalSince1970: Recorded.detectedAt)) }
            #expect(error?.code == "AccessDeniedException")
            #expect(error?.service == "XRay" && error?.operation == "GetServiceGraph")
        }
    }
}
