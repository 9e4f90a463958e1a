import Foundation
import Testing
@testable import VigilAWSClients
import VigilDiscovery
import VigilTelemetry

/// Arranges fixtures in moto with boto3 (the real SDK), in the test's own account.
enum Boto3 {
    /// Runs `body` with `c(service)` returning a boto3 client on moto whose requests carry
    /// `x-moto-account-id`, and `now` = the test's incident time (epoch seconds); fails the test on error.
    static func run(_ endpoint: AWSEndpoint, account: String, now: Double, _ body: String) throws {
        let script = """
        import boto3, json, sys, datetime
        args = json.load(sys.stdin)
        now = args["now"]
        def c(service):
            client = boto3.client(service, endpoint_url=args["endpoint"], region_name="us-east-1",
                                  aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
            client.meta.events.register("before-sign.*.*", lambda request, **kw: request.headers.add_header("x-moto-account-id", args["account"]))
            return client
        \(body)
        """
        let input = #"{"endpoint":"\#(endpoint.origin)","account":"\#(account)","now":\#(now)}"#
        let result = try Python.run(script, input: input)
        guard result.status == 0 else { throw LocalHTTPServer.ServerError("boto3 fixture failed: \(result.err)") }
    }
}

extension MotoTests {
    /// `AWSTelemetrySource` and the clients against moto in server mode, fixtures made with boto3.
    @Suite("Telemetry on moto")
    struct TelemetryOnMoto {
        /// The incident is "now" (moto keeps data relative to the wall clock), on a whole minute.
        static func incidentTime() -> Double { (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 }

        static func source(_ account: MotoAccount, _ collectors: Set<AWSTelemetryOptions.Collector>,
                           configure: (inout AWSTelemetryOptions) -> Void = { _ in }) -> AWSTelemetrySource {
            var options = AWSTelemetryOptions()
            options.collectors = collectors
            configure(&options)
            let client = AWSClient(region: "us-east-1", credentials: testCredentials,
                                   transport: makeTransport(account.executor, retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))),
                                   endpoints: .override(account.endpoint), accountId: account.accountId, policy: .readOnly())
            return AWSTelemetrySource(client: client, options: options)
        }

        @Test func metricsAndAlarmsOfAFunction() async throws {
            try await withHTTPClient { http in
                let account = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let t = Self.incidentTime()
                let function = "arn:aws:lambda:us-east-1:\(account.accountId):function:checkout"
                try Boto3.run(account.endpoint, account: account.accountId, now: t, """
                cw = c("cloudwatch")
                dims = [{"Name": "FunctionName", "Value": "checkout"}]
                ts = lambda s: datetime.datetime.fromtimestamp(now + s, datetime.timezone.utc)
                cw.put_metric_data(Namespace="AWS/Lambda", MetricData=[
                    {"MetricName": "Errors", "Dimensions": dims, "Timestamp": ts(-600), "Value": 1.0},
                    {"MetricName": "Errors", "Dimensions": dims, "Timestamp": ts(-540), "Value": 4.0},
                    {"MetricName": "Errors", "Dimensions": dims, "Timestamp": ts(-540), "Value": 2.0},
                    {"MetricName": "Errors", "Dimensions": dims, "Timestamp": ts(-3600), "Value": 9.0},
                    {"MetricName": "Errors", "Dimensions": [{"Name": "FunctionName", "Value": "other"}], "Timestamp": ts(-600), "Value": 5.0},
                    {"MetricName": "Duration", "Dimensions": dims, "Timestamp": ts(-600), "Value": 100.0},
                    {"MetricName": "Duration", "Dimensions": dims, "Timestamp": ts(-600), "Value": 300.0}])
                cw.put_metric_alarm(AlarmName="checkout-errors", Namespace="AWS/Lambda", MetricName="Errors", Dimensions=dims,
                    Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=5.0, ComparisonOperator="GreaterThanOrEqualToThreshold")
                cw.put_metric_alarm(AlarmName="other-errors", Namespace="AWS/Lambda", MetricName="Errors",
                    Dimensions=[{"Name": "FunctionName", "Value": "other"}], Statistic="Sum", Period=60, EvaluationPeriods=1,
                    Threshold=5.0, ComparisonOperator="GreaterThanOrEqualToThreshold")
                cw.set_alarm_state(AlarmName="checkout-errors", StateValue="ALARM", StateReason="Threshold Crossed: 6 >= 5")
                """)
                // Two minutes after t, so the alarm's state change (now, on moto's clock) is in the window.
                let request = TelemetryRequest.lookingBack(from: IncidentInfo(detectedAt: t + 120, title: "errors"), entities: [function])
                let report = try await Self.source(account, [.metrics, .alarms]).collectReport(request)
                let telemetry = report.telemetry
                #expect(telemetry.metrics.first { $0.metric == "Errors" } ==
                        MetricSeries(entity: function, metric: "Errors", timestamps: [t - 600, t - 540], values: [1, 6], unit: "Sum"))
                #expect(telemetry.metrics.first { $0.metric == "Duration" } ==
                        MetricSeries(entity: function, metric: "Duration", timestamps: [t - 600], values: [200], unit: "Average"))
                #expect(telemetry.metrics.count == 2)
                // The alarm's current state (moto has no DescribeAlarmHistory: that read is a gap).
                #expect(telemetry.alarms.count == 1)
                #expect(telemetry.alarms.first?.name == "checkout-errors")
                #expect(telemetry.alarms.first?.entity == function)
                #expect(telemetry.alarms.first?.state == "ALARM")
                #expect(telemetry.alarms.first?.reason == "Threshold Crossed: 6 >= 5")
                #expect(report.gaps.map(\.operation) == ["CloudWatch:DescribeAlarmHistory"])
            }
        }

        @Test func logEventsOfAFunctionLatestFirstUnderTheCap() async throws {
            try await withHTTPClient { http in
                let account = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let t = Self.incidentTime()
                let function = "arn:aws:lambda:us-east-1:\(account.accountId):function:checkout"
                let worker = "arn:aws:ecs:us-east-1:\(account.accountId):service/shop/worker"
                try Boto3.run(account.endpoint, account: account.accountId, now: t, """
                logs = c("logs")
                for group in ["/aws/lambda/checkout", "/ecs/worker"]:
                    logs.create_log_group(logGroupName=group)
                    logs.create_log_stream(logGroupName=group, logStreamName="s1")
                ms = lambda s: int((now + s) * 1000)
                logs.put_log_events(logGroupName="/aws/lambda/checkout", logStreamName="s1", logEvents=[
                    {"timestamp": ms(-3000), "message": "ERROR too early"},
                    {"timestamp": ms(-900), "message": "INFO one"},
                    {"timestamp": ms(-800), "message": "WARN two"},
                    {"timestamp": ms(-700), "message": "[ERROR] three Root=1-674696a5-3f2c1b0a9e8d7c6b5a493827"},
                    {"timestamp": ms(-600), "message": "DEBUG four"}])
                logs.put_log_events(logGroupName="/ecs/worker", logStreamName="s1", logEvents=[
                    {"timestamp": ms(-500), "message": "worker started"}])
                """)
                let request = TelemetryRequest.lookingBack(from: IncidentInfo(detectedAt: t, title: "errors"),
                                                           entities: [function, worker, "not-an-arn"])
                let report = try await Self.source(account, [.logs]) {
                    $0.maxLogEventsPerGroup = 3
                    $0.logGroups = [worker: ["/ecs/worker", "/ecs/missing"]]
                }.collectReport(request)
                let logs = report.telemetry.logs
                #expect(logs.map(\.message) == ["WARN two", "[ERROR] three Root=1-674696a5-3f2c1b0a9e8d7c6b5a493827", "DEBUG four", "worker started"])
                #expect(logs.map(\.entity) == [function, function, function, worker])
                #expect(logs.map(\.level) == ["WARN", "ERROR", "DEBUG", nil])
                #expect(logs[1].traceId == "1-674696a5-3f2c1b0a9e8d7c6b5a493827")
                #expect(logs.first?.timestamp == t - 800)
                #expect(report.truncations == ["logs [/aws/lambda/checkout]: kept the latest 3 of 4 events read"])
                // The missing group and the name that is not an ARN are reported, not fatal.
                #expect(report.gaps.map(\.subject).sorted { ($0 ?? "") < ($1 ?? "") } == ["/ecs/missing", "not-an-arn"])
                #expect(report.gaps.first { $0.subject == "/ecs/missing" }?.reason.contains("ResourceNotFoundException") == true)
            }
        }

        @Test func tracesAsSpans() async throws {
            try await withHTTPClient { http in
                let account = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let t = Self.incidentTime()
                let function = "arn:aws:lambda:us-east-1:\(account.accountId):function:checkout"
                let traceId = String(format: "1-%08x-3f2c1b0a9e8d7c6b5a493827", Int(t) - 300)
                try Boto3.run(account.endpoint, account: account.accountId, now: t, """
                segment = {"id": "70de5b6f19ff9a0a", "name": "checkout", "trace_id": "\(traceId)", "start_time": now - 300,
                    "end_time": now - 299.5, "resource_arn": "\(function)", "fault": True,
                    "subsegments": [{"id": "a1b2c3d4e5f60718", "name": "DynamoDB", "namespace": "aws", "start_time": now - 299.9,
                        "end_time": now - 299.65, "error": True, "aws": {"operation": "PutItem", "table_name": "orders"}}]}
                c("xray").put_trace_segments(TraceSegmentDocuments=[json.dumps(segment)])
                """)
                // moto's trace summaries name no services or resources, so the request asks for
                // every trace of the window (no entities) rather than those of the function.
                let request = TelemetryRequest.lookingBack(from: IncidentInfo(detectedAt: t, title: "errors"), entities: [])
                let report = try await Self.source(account, [.traces]).collectReport(request)
                #expect(report.gaps.isEmpty, "\(report.gaps)")
                #expect(report.telemetry.spans == [
                    Span(traceId: traceId, spanId: "70de5b6f19ff9a0a", parentSpanId: nil, entity: function, operation: "checkout",
                         start: t - 300, durationMs: 500, error: true),
                    Span(traceId: traceId, spanId: "a1b2c3d4e5f60718", parentSpanId: "70de5b6f19ff9a0a", entity: function,
                         operation: "DynamoDB PutItem", start: t - 299.9, durationMs: report.telemetry.spans.last?.durationMs ?? -1, error: true),
                ])
                #expect(abs((report.telemetry.spans.last?.durationMs ?? 0) - 250) < 0.001)
            }
        }

        @Test func codeDeployDeploymentsAndPipelinesWithoutExecutions() async throws {
            try await withHTTPClient { http in
                let account = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let t = Self.incidentTime() + 60
                let function = "arn:aws:lambda:us-east-1:\(account.accountId):function:checkout"
                try Boto3.run(account.endpoint, account: account.accountId, now: t, """
                cd = c("codedeploy")
                cd.create_application(applicationName="shop", computePlatform="Lambda")
                cd.create_deployment_group(applicationName="shop", deploymentGroupName="live",
                    serviceRoleArn="arn:aws:iam::\(account.accountId):role/codedeploy")
                spec = {"version": 0.0, "Resources": [{"fn": {"Type": "AWS::Lambda::Function",
                    "Properties": {"Name": "checkout", "Alias": "live", "CurrentVersion": "1", "TargetVersion": "2"}}}]}
                d = cd.create_deployment(applicationName="shop", deploymentGroupName="live", description="v2",
                    revision={"revisionType": "AppSpecContent", "appSpecContent": {"content": json.dumps(spec)}})
                print(d["deploymentId"])
                trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                    "Principal": {"Service": "codepipeline.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
                c("iam").create_role(RoleName="cp", AssumeRolePolicyDocument=json.dumps(trust))
                c("codepipeline").create_pipeline(pipeline={"name": "shop-pipeline", "roleArn": "arn:aws:iam::\(account.accountId):role/cp",
                    "artifactStore": {"type": "S3", "location": "artifacts"},
                    "stages": [{"name": "Source", "actions": [{"name": "Source", "actionTypeId": {"category": "Source", "owner": "AWS",
                        "provider": "S3", "version": "1"}, "configuration": {"S3Bucket": "src", "S3ObjectKey": "app.zip"},
                        "outputArtifacts": [{"name": "src"}]}]},
                        {"name": "Deploy", "actions": [{"name": "Deploy", "actionTypeId": {"category": "Deploy", "owner": "AWS",
                        "provider": "CodeDeploy", "version": "1"}, "inputArtifacts": [{"name": "src"}]}]}]})
                """)
                let request = TelemetryRequest.lookingBack(from: IncidentInfo(detectedAt: t, title: "deploy"), entities: [function])
                let report = try await Self.source(account, [.codeDeploy, .codePipeline]).collectReport(request)
                let changes = report.telemetry.changes
                #expect(changes.count == 1)
                #expect(changes.first?.entity == function)
                #expect(changes.first?.kind == "deployment")
                #expect(changes.first?.description.hasPrefix("CodeDeploy deployment ") == true)
                #expect(changes.first?.description.contains("of shop/live: Created") == true)
                #expect(changes.first?.reference?.isEmpty == false)
                // moto lists pipelines but has no ListPipelineExecutions: a gap for that pipeline.
                #expect(report.gaps.map { "\($0.operation) \($0.subject ?? "")" } == ["CodePipeline:ListPipelineExecutions shop-pipeline"])
                #expect(account.executor.requests.contains { $0.header("X-Amz-Target") == "CodePipeline_20150709.ListPipelines" })
            }
        }

        @Test func logsInsightsQueryRunsToCompletion() async throws {
            try await withHTTPClient { http in
                let account = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let t = Self.incidentTime()
                try Boto3.run(account.endpoint, account: account.accountId, now: t, """
                logs = c("logs")
                logs.create_log_group(logGroupName="/aws/lambda/checkout")
                logs.create_log_stream(logGroupName="/aws/lambda/checkout", logStreamName="s1")
                logs.put_log_events(logGroupName="/aws/lambda/checkout", logStreamName="s1", logEvents=[
                    {"timestamp": int((now - 3000) * 1000), "message": "DEBUG before the window"},
                    {"timestamp": int((now - 120) * 1000), "message": "ERROR boom"},
                    {"timestamp": int((now - 60) * 1000), "message": "INFO fine"}])
                """)
                // moto's Insights engine knows `fields`, `sort` and `limit` (not `filter`).
                let insights = LogsInsightsQuery(client: account.client, pollInterval: .milliseconds(20), timeout: .seconds(600))
                let results = try await insights.run("fields @timestamp, @message | sort @timestamp asc",
                                                     logGroups: ["/aws/lambda/checkout"],
                                                     start: Date(timeIntervalSince1970: t - 600), end: Date(timeIntervalSince1970: t))
                #expect(results.status == .complete)
                #expect(results.rows.map { row in row.first { $0.field == "@message" }?.value } == ["ERROR boom", "INFO fine"])
            }
        }
    }
}
