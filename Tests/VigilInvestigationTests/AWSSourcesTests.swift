import Foundation
import Testing
import VigilDiscovery
import VigilTelemetry
import VigilTopology
@testable import VigilInvestigation

/// The pure parts of investigating from AWS: resolution in a discovered graph, and the split of a
/// request over accounts and regions. The whole path against moto is compat/test_investigation_aws.py.
@Suite struct AWSSourcesTests {
    static let lambda = "arn:aws:lambda:us-east-1:111111111111:function:checkout-fn"
    static let table = "arn:aws:dynamodb:us-east-1:111111111111:table/orders"
    static let api = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3"
    static let stack = "arn:aws:cloudformation:us-east-1:111111111111:stack/shop/1"
    static let queue = "arn:aws:sqs:us-east-1:111111111111:audit"
    static let topic = "arn:aws:sns:us-east-1:111111111111:events"
    static let far = "arn:aws:rds:us-east-1:111111111111:db:reports"

    static var graph: TopologyGraph {
        func node(_ arn: String, _ type: String, _ name: String) -> TopologyNode {
            TopologyNode(arn: arn, type: type, name: name, account: "111111111111", region: "us-east-1")
        }
        return TopologyGraph(nodes: [
            node(lambda, "AWS::Lambda::Function", "checkout-fn"), node(table, "AWS::DynamoDB::Table", "orders"),
            node(api, "AWS::ApiGateway::RestApi", "shop-api"), node(stack, "AWS::CloudFormation::Stack", "shop"),
            node(queue, "AWS::SQS::Queue", "audit"), node(topic, "AWS::SNS::Topic", "events"),
            node(far, "AWS::RDS::DBInstance", "reports"),
        ], edges: [
            TopologyEdge(from: api, to: lambda, kind: .invokes, evidence: ["integration"]),
            TopologyEdge(from: lambda, to: table, kind: .dependsOn, evidence: ["environment variable TABLE_NAME names orders"]),
            TopologyEdge(from: stack, to: lambda, kind: .contains, evidence: ["member of stack shop"]),
            TopologyEdge(from: stack, to: queue, kind: .contains, evidence: ["member of stack shop"]),
            TopologyEdge(from: queue, to: topic, kind: .subscribesTo, evidence: ["subscription"]),
            TopologyEdge(from: table, to: far, kind: .dependsOn, evidence: ["made up, three hops from the api"]),
        ])
    }

    @Test func resolvesByNameInTheGraphAndWalksNeighboursButNotStackMembership() {
        let scope = GraphTopologyResolver.resolve(IncidentHints(texts: ["checkout-fn errors are high in shop"]), in: Self.graph, depth: 1)
        #expect(scope.matched.map(\.entity) == [Self.lambda])
        #expect(scope.matched[0].type == "AWS::Lambda::Function")
        #expect(scope.neighbours.map(\.entity) == [Self.api, Self.table])
        #expect(scope.neighbours.map(\.reason) == ["invokes checkout-fn", "checkout-fn depends-on it"])
        #expect(scope.edges == [CallEdge(caller: Self.api, callee: Self.lambda), CallEdge(caller: Self.lambda, callee: Self.table)])
        #expect(scope.entities == [Self.lambda, Self.api, Self.table])

        let deeper = GraphTopologyResolver.resolve(IncidentHints(texts: ["checkout-fn"]), in: Self.graph, depth: 2)
        #expect(deeper.neighbours.map(\.entity).contains(Self.far))
        #expect(!deeper.neighbours.map(\.entity).contains(Self.queue))  // only through the stack
    }

    @Test func explicitResourcesAndArnSegmentsMatchStacksNever() {
        let byArn = GraphTopologyResolver.resolve(IncidentHints(texts: [], explicitResources: [Self.table.uppercased()]), in: Self.graph, depth: 0)
        #expect(byArn.matched.map(\.entity) == [Self.table])
        let bySegment = GraphTopologyResolver.resolve(IncidentHints(texts: ["5xx on a1b2c3"]), in: Self.graph, depth: 0)
        #expect(bySegment.matched.map(\.entity) == [Self.api])
        let stackOnly = GraphTopologyResolver.resolve(IncidentHints(texts: ["shop is down"]), in: Self.graph, depth: 2)
        #expect(stackOnly.matched.isEmpty && stackOnly.entities.isEmpty)
        // Nothing matched: everything is collected, with every call edge of the graph.
        #expect(stackOnly.edges.count == 3)
    }

    @Test func aRequestIsSplitByAccountAndRegionAndMergedInTimeOrder() async throws {
        struct Echo: TelemetrySource {
            var label: String
            var at: Double
            func collect(_ request: TelemetryRequest) async throws -> IncidentTelemetry {
                IncidentTelemetry(incident: request.incident, windowStart: request.windowStart, windowEnd: request.windowEnd,
                                  logs: request.entities.enumerated().map { LogEvent(timestamp: at + Double($0.offset), entity: $0.element, message: label) },
                                  edges: [CallEdge(caller: "a", callee: "b")])
            }
        }
        let source = AccountSplitTelemetrySource(parts: [
            .init(account: "111111111111", region: "us-east-1", source: Echo(label: "east", at: 20)),
            .init(account: "111111111111", region: "eu-west-1", source: Echo(label: "west", at: 10)),
            .init(account: "222222222222", region: "us-east-1", source: Echo(label: "other", at: 0)),
        ])
        let west = "arn:aws:sqs:eu-west-1:111111111111:q"
        let foreign = "arn:aws:sqs:us-east-1:333333333333:q"
        let split = source.split([Self.lambda, west, "not-an-arn", foreign, Self.api, "arn:aws:s3:::bucket"])
        #expect(split.map(\.part) == [0, 1])
        #expect(split[0].entities == [Self.lambda, Self.api, "arn:aws:s3:::bucket"])
        #expect(split[1].entities == [west])
        #expect(source.split([]).map(\.part) == [0, 1, 2])

        let telemetry = try await source.collect(TelemetryRequest(incident: IncidentInfo(detectedAt: 100, title: "t"), entities: [Self.lambda, west],
                                                                  windowStart: 0, windowEnd: 200))
        #expect(telemetry.logs.map(\.message) == ["west", "east"])
        #expect(telemetry.logs.map(\.entity) == [west, Self.lambda])
        #expect(telemetry.edges == [CallEdge(caller: "a", callee: "b")])
        #expect(telemetry.windowStart == 0 && telemetry.windowEnd == 200)
    }
}
