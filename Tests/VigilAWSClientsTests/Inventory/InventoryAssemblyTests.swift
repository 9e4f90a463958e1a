import Testing
@testable import VigilAWSClients
@testable import VigilDiscovery
import VigilTopology

/// The pure joining step of the inventory: merging, tags from the index, stack membership,
/// target groups turned into load balancers, and resources only an index knows about.
@Suite("Inventory assembly")
struct InventoryAssemblyTests {
    static func resource(_ arn: String, _ type: String, _ name: String, identifiers: [String] = [], tags: [String: String] = [:],
                         relations: [DeclaredRelation] = []) -> DiscoveredResource {
        DiscoveredResource(arn: arn, type: type, name: name, account: "111122223333", region: "eu-west-1", tags: tags,
                           identifiers: identifiers, relations: relations)
    }

    @Test func stackMembershipMatchesTypeAndPhysicalIdOnly() {
        var parts = ServiceInventory()
        parts.resources = [
            Self.resource("arn:aws:sqs:eu-west-1:111122223333:orders", "AWS::SQS::Queue", "orders",
                          identifiers: ["https://sqs.eu-west-1.amazonaws.com/111122223333/orders", "orders"]),
            // Same name, other type: a member "orders" of type AWS::SQS::Queue must not claim it.
            Self.resource("arn:aws:dynamodb:eu-west-1:111122223333:table/orders", "AWS::DynamoDB::Table", "orders", identifiers: ["orders"]),
            Self.resource("arn:aws:lambda:eu-west-1:111122223333:function:worker", "AWS::Lambda::Function", "worker",
                          identifiers: ["worker"], tags: ["aws:cloudformation:stack-name": "tagged-stack"]),
        ]
        parts.stackMembers = [StackMember(stackName: "shop", type: "AWS::SQS::Queue", physicalId: "https://sqs.eu-west-1.amazonaws.com/111122223333/orders")]
        let out = InventoryAssembly.assemble(parts, account: "111122223333", region: "eu-west-1")
        #expect(out.map(\.arn) == ["arn:aws:dynamodb:eu-west-1:111122223333:table/orders", "arn:aws:lambda:eu-west-1:111122223333:function:worker",
                                   "arn:aws:sqs:eu-west-1:111122223333:orders"])
        #expect(out.map(\.stack) == [nil, "tagged-stack", "shop"])
    }

    @Test func anECSTargetGroupBecomesItsLoadBalancers() {
        var parts = ServiceInventory()
        let group = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/1"
        parts.resources = [Self.resource("arn:aws:ecs:eu-west-1:111122223333:service/c/web", "AWS::ECS::Service", "web", relations: [
            DeclaredRelation(kind: .routesTo, target: group, evidence: "target group \(group)", reversed: true),
            DeclaredRelation(kind: .routesTo, target: "arn:unknown-group", evidence: "target group arn:unknown-group", reversed: true),
        ])]
        parts.targetGroups = [ELBTargetGroup(arn: group, name: "web", targetType: "ip", protocolName: "HTTP", port: 80,
                                             loadBalancerArns: ["arn:lb/a", "arn:lb/b"])]
        let relations = InventoryAssembly.assemble(parts, account: "1", region: "r").first?.relations
        #expect(relations == [
            DeclaredRelation(kind: .routesTo, target: "arn:lb/a", evidence: "target group web", reversed: true),
            DeclaredRelation(kind: .routesTo, target: "arn:lb/b", evidence: "target group web", reversed: true),
            // A group no reader saw stays as it was: inference leaves it unresolved.
            DeclaredRelation(kind: .routesTo, target: "arn:unknown-group", evidence: "target group arn:unknown-group", reversed: true),
        ])
    }

    @Test func indexTagsFillInAndUnreadServicesAddResources() {
        var parts = ServiceInventory()
        parts.resources = [Self.resource("arn:aws:sqs:eu-west-1:111122223333:orders", "AWS::SQS::Queue", "orders", tags: ["team": "own"])]
        parts.completeServices = ["sqs", "lambda"]
        parts.tagged = [
            TaggedResource(arn: "arn:aws:sqs:eu-west-1:111122223333:orders", tags: ["team": "index", "cost": "7"]),
            // Read completely by its service and not found: deleted since the index was updated.
            TaggedResource(arn: "arn:aws:lambda:eu-west-1:111122223333:function:gone", tags: [:]),
            TaggedResource(arn: "arn:aws:s3:::assets", tags: ["aws:cloudformation:stack-name": "web"]),
            TaggedResource(arn: "arn:aws:kinesis:eu-west-1:111122223333:stream/clicks", tags: [:]),
            TaggedResource(arn: "not-an-arn", tags: [:]),
        ]
        parts.explored = [ResourceExplorerResource(arn: "arn:aws:elasticache:eu-west-1:111122223333:cluster:sessions",
                                                   owningAccountId: "111122223333", region: "eu-west-1",
                                                   resourceType: "elasticache:cluster", service: "elasticache")]
        let out = InventoryAssembly.assemble(parts, account: "111122223333", region: "eu-west-1")
        #expect(out.map(\.arn) == ["arn:aws:elasticache:eu-west-1:111122223333:cluster:sessions", "arn:aws:kinesis:eu-west-1:111122223333:stream/clicks",
                                   "arn:aws:s3:::assets", "arn:aws:sqs:eu-west-1:111122223333:orders"])
        #expect(out.map(\.type) == ["AWS::ElastiCache::CacheCluster", "AWS::Kinesis::Stream", "AWS::S3::Bucket", "AWS::SQS::Queue"])
        #expect(out.map(\.name) == ["sessions", "clicks", "assets", "orders"])
        #expect(out[2].stack == "web")
        #expect(out[2].account == "111122223333" && out[2].region == "eu-west-1")
        #expect(out[3].tags == ["team": "own", "cost": "7"])
    }

    @Test func unknownServicesGetAReadableTypeName() {
        let (type, name) = InventoryAssembly.typeAndName(ParsedARN("arn:aws:app-runner:eu-west-1:1:service/api/abc")!)
        #expect(type == "AWS::AppRunner::Service")
        #expect(name == "api")
        #expect(ParsedARN("arn:aws:s3") == nil)
        #expect(ParsedARN("arn:aws::eu-west-1:1:x") == nil)
    }

    @Test func lambdaIntegrationURIsNameTheirFunction() {
        #expect(APIGatewayInventory.lambdaFunction(in: "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:1:function:f/invocations")
                == "arn:aws:lambda:eu-west-1:1:function:f")
        #expect(APIGatewayInventory.lambdaFunction(in: "http://example.com/functions/x") == nil)
        #expect(LambdaInventory.unqualified("arn:aws:lambda:eu-west-1:1:function:f:live") == "arn:aws:lambda:eu-west-1:1:function:f")
        #expect(LambdaInventory.unqualified("arn:aws:lambda:eu-west-1:1:function:f") == "arn:aws:lambda:eu-west-1:1:function:f")
        #expect(SQSInventory.deadLetterTarget(#"{"deadLetterTargetArn":"arn:aws:sqs:r:1:dlq","maxReceiveCount":"5"}"#) == "arn:aws:sqs:r:1:dlq")
        #expect(SQSInventory.deadLetterTarget("not json") == nil)
    }

    @Test func repeatedFailuresCollapseIntoOneGapLine() async throws {
        let gaps = InventoryGaps()
        for _ in 0..<3 {
            try await gaps.record(AWSClientError(.service(code: "AccessDenied", message: "no"), service: "SQS", operation: "ListQueueTags",
                                                 accountId: "1", region: "r", httpStatus: 403, attempts: 1), service: "SQS", operation: "ListQueueTags")
        }
        try await gaps.record(AWSPaginationError(token: "t"), service: "Lambda", operation: "ListFunctions")
        #expect(await gaps.lines() == [
            "SQS:ListQueueTags: SQS ListQueueTags (account 1, r) failed: AccessDenied: no [HTTP 403] (and 2 more like it)",
            "Lambda:ListFunctions: the service returned the same pagination token twice",
        ])
        await #expect(throws: CancellationError.self) {
            try await gaps.record(AWSClientError(.cancelled, service: "SQS", operation: "ListQueues"), service: "SQS", operation: "ListQueues")
        }
    }
}
