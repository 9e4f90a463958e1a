import Foundation
import Testing
@testable import VigilAWSClients
@testable import VigilDiscovery
import VigilTelemetry

/// The pure parts of telemetry collection: ARNs, metric plans, alarm matching, log fields, spans,
/// change events, windows.
@Suite("Telemetry mapping")
struct TelemetryMappingTests {
    @Test func entitiesFromARNs() throws {
        func kind(_ arn: String) -> TelemetryEntity.Kind? { TelemetryEntity(arn: arn)?.kind }
        #expect(kind("arn:aws:lambda:us-east-1:111122223333:function:checkout") == .lambdaFunction(name: "checkout"))
        #expect(kind("arn:aws:lambda:us-east-1:111122223333:function:checkout:live") == .lambdaFunction(name: "checkout"))
        #expect(kind("arn:aws:ecs:us-east-1:111122223333:service/shop/web") == .ecsService(cluster: "shop", service: "web"))
        #expect(kind("arn:aws:ecs:us-east-1:111122223333:service/web") == .ecsService(cluster: "default", service: "web"))
        #expect(kind("arn:aws:rds:us-east-1:111122223333:db:orders-db") == .rdsInstance(identifier: "orders-db"))
        #expect(kind("arn:aws:rds:us-east-1:111122223333:cluster:orders") == .rdsCluster(identifier: "orders"))
        #expect(kind("arn:aws:sqs:us-east-1:111122223333:orders-queue") == .sqsQueue(name: "orders-queue"))
        #expect(kind("arn:aws:dynamodb:us-east-1:111122223333:table/orders") == .dynamoDBTable(name: "orders"))
        #expect(kind("arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2026-01-01T00:00:00.000") == .dynamoDBTable(name: "orders"))
        #expect(kind("arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188")
                == .applicationLoadBalancer(dimension: "app/web/50dc6c495c0c9188"))
        #expect(kind("arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/nlb/50dc6c495c0c9188") == .other)
        #expect(kind("arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod") == .apiGatewayRestAPI(id: "a1b2c3"))
        #expect(kind("arn:aws:apigateway:us-east-1::/apis/x9y8z7") == .apiGatewayHTTPAPI(id: "x9y8z7"))
        #expect(kind("arn:aws:sns:us-east-1:111122223333:alerts") == .other)
        #expect(TelemetryEntity(arn: "arn:aws:sns:us-east-1:111122223333:alerts")?.name == "alerts")
        for bad in ["checkout", "", "arn:aws", "arn::lambda:us-east-1:1:function:x", "arn:aws:lambda:us-east-1:1:", "urn:aws:s3:::b"] {
            #expect(TelemetryEntity(arn: bad) == nil, "\(bad)")
        }
    }

    @Test func metricCatalogPerKind() throws {
        let ecs = try #require(TelemetryEntity(arn: "arn:aws:ecs:us-east-1:111122223333:service/shop/web"))
        let specs = MetricCatalog.specs(for: ecs)
        #expect(specs.map(\.metricName) == ["CPUUtilization", "MemoryUtilization"])
        #expect(specs.allSatisfy { $0.namespace == "AWS/ECS" && $0.stat == "Average" })
        #expect(specs[0].dimensions == [CloudWatchDimension(name: "ClusterName", value: "shop"), CloudWatchDimension(name: "ServiceName", value: "web")])

        let rds = try #require(TelemetryEntity(arn: "arn:aws:rds:us-east-1:111122223333:db:orders-db"))
        #expect(MetricCatalog.specs(for: rds).map { "\($0.metricName)/\($0.stat)" } ==
                ["CPUUtilization/Average", "DatabaseConnections/Average", "FreeableMemory/Minimum", "ReadLatency/Average", "WriteLatency/Average"])
        let sqs = try #require(TelemetryEntity(arn: "arn:aws:sqs:us-east-1:111122223333:orders-queue"))
        #expect(MetricCatalog.specs(for: sqs).map(\.metricName) == ["ApproximateAgeOfOldestMessage", "ApproximateNumberOfMessagesVisible"])
        let alb = try #require(TelemetryEntity(arn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188"))
        #expect(MetricCatalog.specs(for: alb).map(\.metricName) == ["HTTPCode_Target_5XX_Count", "TargetResponseTime"])
        #expect(MetricCatalog.specs(for: alb).first?.dimensions == [CloudWatchDimension(name: "LoadBalancer", value: "app/web/50dc6c495c0c9188")])

        let table = try #require(TelemetryEntity(arn: "arn:aws:dynamodb:us-east-1:111122223333:table/orders"))
        let dynamo = MetricCatalog.specs(for: table)
        #expect(dynamo.filter { $0.series == "ThrottledRequests" }.count == MetricCatalog.dynamoDBOperations.count)
        #expect(dynamo.filter { $0.series == "ThrottledRequests" }.allSatisfy { $0.dimensions.count == 2 && $0.dimensions[1].name == "Operation" })

        let rest = try #require(TelemetryEntity(arn: "arn:aws:apigateway:us-east-1::/restapis/a1b2c3"))
        #expect(MetricCatalog.specs(for: rest).isEmpty)
        #expect(MetricCatalog.specs(for: rest, apiName: "shop-api").map(\.metricName) == ["5XXError", "Latency"])
        #expect(MetricCatalog.specs(for: rest, apiName: "shop-api").first?.dimensions == [CloudWatchDimension(name: "ApiName", value: "shop-api")])
        let sns = try #require(TelemetryEntity(arn: "arn:aws:sns:us-east-1:111122223333:alerts"))
        #expect(MetricCatalog.specs(for: sns).isEmpty)
    }

    @Test func queryPlanBatchesAndMergesPages() throws {
        let table = try #require(TelemetryEntity(arn: "arn:aws:dynamodb:us-east-1:111122223333:table/orders"))
        let plan = MetricQueryPlan(specs: MetricCatalog.specs(for: table))
        let batches = plan.batches(maxPerBatch: 5)
        #expect(batches.map(\.count) == [5, 5, 5, 5, 2])
        #expect(Set(batches.flatMap { $0 }.map(\.id)).count == 22)
        #expect(batches[0][0].id == "m0" && batches[0][0].metricStat?.metric.metricName == "ConsumedReadCapacityUnits")

        // Two pages of m0; m2 and m3 (ThrottledRequests of GetItem and PutItem) summed per timestamp;
        // m1 with no datapoints is left out; unknown ids are ignored.
        let results = try JSONDecoder.epochSeconds.decode([CloudWatchMetricDataResult].self, from: Data(#"""
            [{"Id":"m0","Timestamps":[120,60],"Values":[2,1],"StatusCode":"PartialData"},
             {"Id":"m1","Timestamps":[],"Values":[],"StatusCode":"Complete"},
             {"Id":"m2","Timestamps":[60,120],"Values":[1,1],"StatusCode":"Complete"},
             {"Id":"m3","Timestamps":[120],"Values":[4],"StatusCode":"Complete"},
             {"Id":"zz","Timestamps":[60],"Values":[9]},
             {"Id":"m0","Timestamps":[180],"Values":[3],"StatusCode":"Complete"}]
            """#.utf8))
        #expect(plan.series(from: results) == [
            MetricSeries(entity: table.arn, metric: "ConsumedReadCapacityUnits", timestamps: [60, 120, 180], values: [1, 2, 3], unit: "Sum"),
            MetricSeries(entity: table.arn, metric: "ThrottledRequests", timestamps: [60, 120], values: [1, 5], unit: "Sum"),
        ])
    }

    @Test func alarmsMatchEntitiesByNamespaceAndDimensions() throws {
        let alarms = try JSONDecoder.epochSeconds.decode([CloudWatchMetricAlarm].self, from: Data(#"""
            [{"AlarmName":"web-cpu","Namespace":"AWS/ECS","MetricName":"CPUUtilization","StateValue":"ALARM","StateUpdatedTimestamp":100,
              "Dimensions":[{"Name":"ServiceName","Value":"web"},{"Name":"ClusterName","Value":"shop"}]},
             {"AlarmName":"other-cluster","Namespace":"AWS/ECS","MetricName":"CPUUtilization",
              "Dimensions":[{"Name":"ServiceName","Value":"web"},{"Name":"ClusterName","Value":"staging"}]},
             {"AlarmName":"throttles","Metrics":[{"Id":"e1","Expression":"m1+m2"},
               {"Id":"m1","MetricStat":{"Metric":{"Namespace":"AWS/DynamoDB","MetricName":"ThrottledRequests",
                 "Dimensions":[{"Name":"TableName","Value":"orders"},{"Name":"Operation","Value":"GetItem"}]},"Period":60,"Stat":"Sum"}}]},
             {"AlarmName":"wrong-namespace","Namespace":"AWS/Lambda","MetricName":"Errors","Dimensions":[{"Name":"TableName","Value":"orders"}]}]
            """#.utf8))
        let identities: [(entity: String, namespace: String, dimensions: [CloudWatchDimension])] = [
            ("web", "AWS/ECS", [CloudWatchDimension(name: "ClusterName", value: "shop"), CloudWatchDimension(name: "ServiceName", value: "web")]),
            ("orders", "AWS/DynamoDB", [CloudWatchDimension(name: "TableName", value: "orders")]),
        ]
        #expect(alarms.map { AlarmMapping.entities(of: $0, among: identities) } == [["web"], [], ["orders"], []])
    }

    @Test func alarmEventsFromHistoryAndCurrentState() throws {
        let alarms = try JSONDecoder.epochSeconds.decode([CloudWatchMetricAlarm].self, from: Data(#"""
            [{"AlarmName":"a","StateValue":"ALARM","StateReason":"since before","StateUpdatedTimestamp":50},
             {"AlarmName":"b","StateValue":"OK","StateReason":"quiet","StateUpdatedTimestamp":50},
             {"AlarmName":"c","StateValue":"OK","StateReason":"recovered","StateUpdatedTimestamp":150},
             {"AlarmName":"d","StateValue":"ALARM","StateReason":"history","StateUpdatedTimestamp":120}]
            """#.utf8))
        let history = try JSONDecoder.epochSeconds.decode([CloudWatchAlarmHistoryItem].self, from: Data(#"""
            [{"AlarmName":"d","Timestamp":120,"HistoryItemType":"StateUpdate","HistorySummary":"Alarm updated from OK to ALARM"},
             {"AlarmName":"d","Timestamp":300,"HistoryItemType":"StateUpdate","HistorySummary":"Alarm updated from ALARM to OK"},
             {"AlarmName":"x","Timestamp":130,"HistoryItemType":"StateUpdate","HistorySummary":"Alarm updated from OK to ALARM"}]
            """#.utf8))
        let events = AlarmMapping.events(alarms: alarms.map { ($0, ["e"]) }, history: history, start: 100, end: 200)
        #expect(events == [
            AlarmEvent(timestamp: 50, entity: "e", name: "a", state: "ALARM", reason: "since before"),
            AlarmEvent(timestamp: 120, entity: "e", name: "d", state: "ALARM", reason: "Alarm updated from OK to ALARM"),
            AlarmEvent(timestamp: 150, entity: "e", name: "c", state: "OK", reason: "recovered"),
        ])
    }

    @Test func logLevelsAndTraceIds() {
        #expect(LogEventMapping.level(of: "2026-11-27T05:31:41.250Z\t6f1c2d3e-4a5b\tERROR\tInvoke Error") == "ERROR")
        #expect(LogEventMapping.level(of: "[WARNING]\t2026-11-27T05:31:41Z\tretrying") == "WARN")
        #expect(LogEventMapping.level(of: #"{"level":"info","msg":"ok"}"#) == "INFO")
        #expect(LogEventMapping.level(of: "START RequestId: 6f1c Version: $LATEST") == nil)
        #expect(LogEventMapping.level(of: "") == nil)
        #expect(LogEventMapping.level(of: "fatal") == "FATAL")
        #expect(LogEventMapping.traceId(in: "x Root=1-674696a5-3f2c1b0a9e8d7c6b5a493827;Parent=1") == "1-674696a5-3f2c1b0a9e8d7c6b5a493827")
        #expect(LogEventMapping.traceId(in: "1-674696a5-3f2c1b0a9e8d7c6b5a49382") == nil)
        #expect(LogEventMapping.traceId(in: "11-674696a5-3f2c1b0a9e8d7c6b5a493827") == nil)
        let event = LogEventMapping.logEvent(CloudWatchLogEvent(logStreamName: "s", timestamp: 1_500, message: "ERROR boom"), entity: "fn")
        #expect(event == LogEvent(timestamp: 1.5, entity: "fn", message: "ERROR boom", level: "ERROR", traceId: nil))
    }

    @Test func latestEventsKeepsTheEnd() {
        var latest = LatestEvents(capacity: 3)
        for second in [5.0, 1, 2, 9, 7, 3] { latest.append(LogEvent(timestamp: second, entity: "e", message: "\(second)")) }
        #expect(latest.events.map(\.timestamp) == [3, 7, 9])
        #expect(latest.seen == 6 && latest.dropped == 3)
        var none = LatestEvents(capacity: 0)
        none.append(LogEvent(timestamp: 1, entity: "e", message: ""))
        #expect(none.events.isEmpty && none.dropped == 1)
    }

    @Test func spansOfInProgressAndUnreadableSegments() throws {
        let trace = try JSONDecoder.epochSeconds.decode(XRayTrace.self, from: Data(#"""
            {"Id":"1-5f84c7a5-1234567890abcdef12345678","Segments":[
              {"Id":"a","Document":"{\"id\":\"a\",\"name\":\"web\",\"start_time\":10.0,\"in_progress\":true,\"http\":{\"request\":{\"method\":\"GET\",\"url\":\"https://shop.example.com/cart?id=1\"}}}"},
              {"Id":"b","Document":"not json"},
              {"Id":"c","Document":"{\"name\":\"no id\",\"start_time\":1}"}]}
            """#.utf8))
        let mapped = XRayMapping.spans(of: trace)
        #expect(mapped.unreadable == 2)
        #expect(mapped.spans == [Span(traceId: "1-5f84c7a5-1234567890abcdef12345678", spanId: "a", parentSpanId: nil, entity: "web",
                                      operation: "GET /cart", start: 10, durationMs: 0, error: false)])
    }

    @Test func serviceGraphNodeNames() {
        let lambda = XRayGraphService(referenceId: 1, name: "fn", accountId: "111122223333", type: "AWS::Lambda::Function")
        #expect(XRayMapping.nodeName(lambda, region: "cn-north-1") == "arn:aws-cn:lambda:cn-north-1:111122223333:function:fn")
        let queue = XRayGraphService(referenceId: 2, name: "q", accountId: "111122223333", type: "AWS::SQS::Queue")
        #expect(XRayMapping.nodeName(queue, region: "us-east-1") == "arn:aws:sqs:us-east-1:111122223333:q")
        let noAccount = XRayGraphService(referenceId: 3, name: "fn", type: "AWS::Lambda::Function")
        #expect(XRayMapping.nodeName(noAccount, region: "us-east-1") == "fn")
        let ec2 = XRayGraphService(referenceId: 4, name: "web", accountId: "111122223333", type: "AWS::EC2::Instance", edgeTargets: [1, 1, 4, 9])
        #expect(XRayMapping.edges(of: [lambda, ec2], region: "us-east-1").map { "\($0.from)>\($0.to)" } ==
                ["web>arn:aws:lambda:us-east-1:111122223333:function:fn"])
    }

    @Test func cloudTrailChangesMatchEntities() throws {
        let events = try JSONDecoder.epochSeconds.decode([CloudTrailEvent].self, from: Data(#"""
            [{"EventId":"1","EventName":"UpdateService","ReadOnly":"false","EventTime":100,"EventSource":"ecs.amazonaws.com",
              "Resources":[],"CloudTrailEvent":"{\"requestParameters\":{\"cluster\":\"shop\",\"service\":\"web\"}}"},
             {"EventId":"2","EventName":"DescribeServices","ReadOnly":"true","EventTime":101,"Resources":[{"ResourceName":"web"}]},
             {"EventId":"3","EventName":"ModifyDBInstance","ReadOnly":"false","EventTime":102,"Username":"alice",
              "Resources":[{"ResourceType":"AWS::RDS::DBInstance","ResourceName":"arn:aws:rds:us-east-1:111122223333:db:orders-db"}]},
             {"EventId":"4","EventName":"UpdateService","ReadOnly":"false","EventTime":103,"CloudTrailEvent":"{\"service\":\"webshop\"}"}]
            """#.utf8))
        let entities = try ["arn:aws:ecs:us-east-1:111122223333:service/shop/web", "arn:aws:rds:us-east-1:111122223333:db:orders-db"]
            .map { try #require(TelemetryEntity(arn: $0)) }
        let changes = events.flatMap { ChangeMapping.changes(of: $0, entities: entities) }
        #expect(changes == [
            ChangeEvent(timestamp: 100, entity: entities[0].arn, kind: "deployment", description: "UpdateService (ecs.amazonaws.com)", reference: "1"),
            ChangeEvent(timestamp: 102, entity: entities[1].arn, kind: "config", description: "ModifyDBInstance by alice", reference: "3"),
        ])
        // With no entities asked for, every change lands on its first resource or its source.
        #expect(ChangeMapping.changes(of: events[2], entities: []).map(\.entity) == ["arn:aws:rds:us-east-1:111122223333:db:orders-db"])
    }

    @Test func pipelineRunsOverlappingTheWindow() throws {
        let runs = try JSONDecoder.epochSeconds.decode([CodePipelineExecution].self, from: Data(#"""
            [{"pipelineExecutionId":"in","status":"InProgress","startTime":150},
             {"pipelineExecutionId":"spans","status":"Failed","startTime":50,"lastUpdateTime":120},
             {"pipelineExecutionId":"before","status":"Succeeded","startTime":10,"lastUpdateTime":90},
             {"pipelineExecutionId":"after","status":"Succeeded","startTime":200}]
            """#.utf8))
        let ids = runs.compactMap { ChangeMapping.change(of: $0, pipeline: "p", pipelineEntity: "p-arn", start: 100, end: 200)?.reference }
        #expect(ids == ["in", "spans"])
    }

    @Test func windows() throws {
        let incident = IncidentInfo(detectedAt: 10_000, title: "t")
        let own = TelemetryRequest(incident: incident, entities: [], windowStart: 100, windowEnd: 200)
        #expect(try TelemetryWindow.resolve(own, lookBack: 1200, maxLength: 3600) == TelemetryWindow(start: 100, end: 200))
        let none = TelemetryRequest(incident: incident, entities: [], windowStart: 0, windowEnd: 0)
        #expect(try TelemetryWindow.resolve(none, lookBack: 600, maxLength: 3600) == TelemetryWindow(start: 9_400, end: 10_000))
        #expect(throws: TelemetryRequestError.windowTooLong(seconds: 7200, limit: 3600)) {
            try TelemetryWindow.resolve(TelemetryRequest(incident: incident, entities: [], windowStart: 0, windowEnd: 7200), lookBack: 1, maxLength: 3600)
        }
        #expect(throws: TelemetryRequestError.invalidLookBack(-1)) { try TelemetryWindow.resolve(none, lookBack: -1, maxLength: 3600) }
        let infinite = TelemetryRequest(incident: IncidentInfo(detectedAt: .infinity, title: "t"), entities: [], windowStart: 0, windowEnd: 0)
        #expect(throws: TelemetryRequestError.self) { try TelemetryWindow.resolve(infinite, lookBack: 60, maxLength: 3600) }
        let lookingBack = TelemetryRequest.lookingBack(from: incident, entities: ["x"])
        #expect(lookingBack.windowStart == 8_800 && lookingBack.windowEnd == 10_000)
    }

    @Test func readOnlyPolicyAllowsInsightsButNoWrites() {
        let policy = AWSOperationPolicy.readOnly()
        #expect(policy.permits(service: CloudWatchLogsClient.service, operation: "StartQuery"))
        #expect(policy.permits(service: CloudWatchLogsClient.service, operation: "StopQuery"))
        #expect(!policy.permits(service: CloudWatchLogsClient.service, operation: "PutLogEvents"))
        #expect(!policy.permits(service: CloudWatchClient.service, operation: "PutMetricData"))
        #expect(!policy.permits(service: CloudWatchClient.service, operation: "StartQuery"))
        for (service, operation) in [(CloudWatchClient.service, "GetMetricData"), (CloudWatchClient.service, "DescribeAlarmHistory"),
                                     (XRayClient.service, "BatchGetTraces"), (CloudTrailClient.service, "LookupEvents"),
                                     (CodeDeployClient.service, "BatchGetDeployments"), (CodePipelineClient.service, "ListPipelineExecutions")] {
            #expect(policy.permits(service: service, operation: operation))
        }
    }
}

extension JSONDecoder {
    /// Decodes as the json protocols do (dates in epoch seconds).
    static var epochSeconds: JSONDecoder { JSONCodec.makeDecoder() }
}
