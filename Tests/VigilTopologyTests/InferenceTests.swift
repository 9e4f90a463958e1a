import Testing
import VigilTopology

@Suite struct InferenceTests {
    typealias F = Fixture

    @Test func stackContainsEachMemberByNameOrId() {
        let stackArn = F.arn("cloudformation", "stack/shop/abc-123")
        let result = EdgeInference.infer(F.snapshot([
            F.resource(stackArn, "AWS::CloudFormation::Stack", "shop", identifiers: [stackArn, "shop"]),
            F.resource(F.apiFn, "AWS::Lambda::Function", "api", stack: "shop"),
            F.resource(F.queueArn, "AWS::SQS::Queue", "orders", stack: "shop"),
            F.resource(F.table, "AWS::DynamoDB::Table", "Orders", stack: "other"),
        ]))
        #expect(result.graph.edges.map(\.key) == [
            .init(from: stackArn, to: F.apiFn, kind: .contains),
            .init(from: stackArn, to: F.queueArn, kind: .contains),
        ])
        #expect(result.graph.edges.allSatisfy { $0.evidence == ["member of stack shop"] })
        // The table names a stack that was not discovered: it keeps its stack name, gets no edge.
        #expect(result.graph.node(F.table)?.stack == "other")
    }

    @Test func eventSourceMappingAndSubscriptionsFollowTheConventions() {
        let topic = F.arn("sns", "order-events")
        let result = EdgeInference.infer(F.snapshot([
            F.resource(F.workerFn, "AWS::Lambda::Function", "worker", identifiers: ["worker"], relations: [
                DeclaredRelation(kind: .readsFrom, target: F.queueArn, evidence: "event source mapping 1f2e"),
            ]),
            F.resource(F.queueArn, "AWS::SQS::Queue", "orders", identifiers: [F.queueURL, "orders"]),
            F.resource(topic, "AWS::SNS::Topic", "order-events", relations: [
                DeclaredRelation(kind: .subscribesTo, target: F.queueArn, evidence: "subscription s-1", reversed: true),
                DeclaredRelation(kind: .invokes, target: F.workerFn, evidence: "subscription s-2"),
            ]),
        ]))
        #expect(result.graph.edges == [
            TopologyEdge(from: F.workerFn, to: F.queueArn, kind: .readsFrom, evidence: ["event source mapping 1f2e"]),
            TopologyEdge(from: topic, to: F.workerFn, kind: .invokes, evidence: ["subscription s-2"]),
            TopologyEdge(from: F.queueArn, to: topic, kind: .subscribesTo, evidence: ["subscription s-1"]),
        ])
        #expect(result.unresolved.isEmpty)
    }

    @Test func referencesResolveByLongestDelimitedMatchAndKindFollowsTheTarget() {
        let result = EdgeInference.infer(F.snapshot([
            F.resource(F.apiFn, "AWS::Lambda::Function", "api", identifiers: ["api"], references: [
                "env:QUEUE_URL": F.queueURL,
                "env:DLQ": "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq",
                "env:DATABASE_URL": "postgres://app:secret@\(F.dbHost):5432/shop",
                "env:TABLE": "Orders",
                "env:WORKER": F.workerFn + ":live",
                "env:PORT": "8080",
                "env:NOT_A_MATCH": "orders.example.com",
            ]),
            F.resource(F.queueArn, "AWS::SQS::Queue", "orders", identifiers: [F.queueURL, "orders"]),
            F.resource(F.dlqArn, "AWS::SQS::Queue", "orders-dlq",
                       identifiers: ["https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq", "orders-dlq"]),
            F.resource(F.db, "AWS::RDS::DBInstance", "shopdb", identifiers: [F.dbHost, "\(F.dbHost):5432", "shopdb"]),
            F.resource(F.table, "AWS::DynamoDB::Table", "Orders", identifiers: ["Orders"]),
            F.resource(F.workerFn, "AWS::Lambda::Function", "worker", identifiers: ["worker"]),
        ]))
        #expect(F.edges(result.graph) == [
            "api depends-on Orders",
            "api invokes worker",
            "api depends-on shopdb",
            "api writes-to orders",
            "api writes-to orders-dlq",
        ])
        let dbEdge = result.graph.edges.first { $0.to == F.db }
        // The evidence names the variable and the identifier matched, never the whole value (it held a password).
        #expect(dbEdge?.evidence == ["environment variable DATABASE_URL names \(F.dbHost):5432"])
    }

    @Test func aReferenceNeverResolvesToItselfAndAmbiguityIsReported() {
        let queueFn = F.arn("lambda", "function:orders")
        let result = EdgeInference.infer(F.snapshot([
            F.resource(F.apiFn, "AWS::Lambda::Function", "api", identifiers: ["api"], references: ["env:SELF": "api", "env:TARGET": "orders"]),
            F.resource(queueFn, "AWS::Lambda::Function", "orders", identifiers: ["orders"]),
            F.resource(F.queueArn, "AWS::SQS::Queue", "orders", identifiers: ["orders"]),
        ]))
        #expect(result.graph.edges.isEmpty)
        #expect(result.unresolved == ["\(F.apiFn) env:TARGET: 'orders' names several resources (\(queueFn), \(F.queueArn))"])
    }

    @Test func containerEnvironmentAndIntegrationEvidence() {
        let service = F.arn("ecs", "service/shop/web")
        let api = F.arn("apigateway", "/restapis/a1")
        let result = EdgeInference.infer(F.snapshot([
            F.resource(service, "AWS::ECS::Service", "web", references: ["env:app:ORDERS_TABLE": "Orders"]),
            F.resource(api, "AWS::ApiGateway::RestApi", "shop-api", references: ["integration:GET /orders": "http://\(F.dbHost):5432/x"]),
            F.resource(F.table, "AWS::DynamoDB::Table", "Orders", identifiers: ["Orders"]),
            F.resource(F.db, "AWS::RDS::DBInstance", "shopdb", identifiers: [F.dbHost]),
        ]))
        #expect(result.graph.edges.map(\.evidence) == [
            ["integration GET /orders names \(F.dbHost)"],
            ["container app environment variable ORDERS_TABLE names Orders"],
        ])
    }

    @Test func securityGroupReachabilityNamesBothGroups() {
        let web = F.arn("ec2", "instance/i-web"), app = F.arn("ec2", "instance/i-app"), db2 = F.arn("ec2", "instance/i-db")
        let result = EdgeInference.infer(F.snapshot([
            F.resource(web, "AWS::EC2::Instance", "web", references: ["securityGroups": "sg-web"]),
            F.resource(app, "AWS::EC2::Instance", "app", references: ["securityGroups": "sg-app, sg-common"]),
            F.resource(db2, "AWS::EC2::Instance", "db", references: ["securityGroups": "sg-db,sg-common"]),
            F.resource(F.arn("ec2", "security-group/sg-app"), "AWS::EC2::SecurityGroup", "app", identifiers: ["sg-app"],
                       references: ["ingressFromGroups": "sg-web"]),
            F.resource(F.arn("ec2", "security-group/sg-db"), "AWS::EC2::SecurityGroup", "db",
                       references: ["ingressFromGroups": "sg-app"]),
            // A group admitting itself says nothing about who serves whom: no edges among its members.
            F.resource(F.arn("ec2", "security-group/sg-common"), "AWS::EC2::SecurityGroup", "common", identifiers: ["sg-common"],
                       references: ["ingressFromGroups": "sg-common"]),
        ]))
        #expect(result.graph.edges == [
            TopologyEdge(from: app, to: db2, kind: .dependsOn, evidence: ["security group sg-db admits sg-app"]),
            TopologyEdge(from: web, to: app, kind: .dependsOn, evidence: ["security group sg-app admits sg-web"]),
        ])
    }

    @Test func observedEdgesResolveArnsAndServiceNames() {
        let result = EdgeInference.infer(F.snapshot([
            F.resource(F.apiFn, "AWS::Lambda::Function", "api", identifiers: ["api"]),
            F.resource(F.table, "AWS::DynamoDB::Table", "Orders", identifiers: ["Orders"]),
        ], observed: [
            ObservedEdge(from: F.apiFn, to: "Orders", evidence: "X-Ray service graph 1..2"),
            ObservedEdge(from: "api", to: "checkout.example.com", evidence: "X-Ray service graph 1..2"),
        ]))
        #expect(result.graph.edges == [TopologyEdge(from: F.apiFn, to: F.table, kind: .invokes, evidence: ["X-Ray service graph 1..2"])])
        #expect(result.unresolved == ["observed api -> checkout.example.com (X-Ray service graph 1..2): 'checkout.example.com' names no discovered resource"])
    }

    @Test func factsSupportingTheSameEdgeAreUnitedAndDuplicatesMerged() {
        let result = EdgeInference.infer(F.snapshot([
            F.resource(F.apiFn, "AWS::Lambda::Function", "api", references: ["env:Q": F.queueURL]),
            F.resource(F.apiFn, "AWS::Lambda::Function", "api", stack: "shop", references: ["env:Q2": "orders"]),
            F.resource(F.queueArn, "AWS::SQS::Queue", "orders", identifiers: [F.queueURL]),
            F.resource(F.queueArn, "AWS::SQS::Queue", "orders", identifiers: ["orders"]),
        ]))
        #expect(result.graph.nodes.count == 2)
        #expect(result.graph.node(F.apiFn)?.stack == "shop")
        #expect(result.graph.edges == [TopologyEdge(from: F.apiFn, to: F.queueArn, kind: .writesTo, evidence: [
            "environment variable Q names \(F.queueURL)", "environment variable Q2 names orders"])])
    }

    @Test func outputIsDeterministicWhateverTheInputOrder() {
        var resources = [
            F.resource(F.apiFn, "AWS::Lambda::Function", "api", references: ["env:A": F.queueURL, "env:B": "Orders"]),
            F.resource(F.queueArn, "AWS::SQS::Queue", "orders", identifiers: [F.queueURL]),
            F.resource(F.table, "AWS::DynamoDB::Table", "Orders", identifiers: ["Orders"]),
        ]
        let first = EdgeInference.infer(F.snapshot(resources)).graph
        resources.reverse()
        #expect(EdgeInference.infer(F.snapshot(resources)).graph == first)
        #expect(first.nodes.map(\.arn) == first.nodes.map(\.arn).sorted())
    }

    @Test(arguments: [
        ("AWS::SQS::Queue", EdgeKind.writesTo), ("AWS::SNS::Topic", .writesTo), ("AWS::Kinesis::Stream", .writesTo),
        ("AWS::Events::EventBus", .writesTo), ("AWS::DynamoDB::Table", .dependsOn), ("AWS::RDS::DBInstance", .dependsOn),
        ("AWS::ElastiCache::CacheCluster", .dependsOn), ("AWS::S3::Bucket", .dependsOn), ("AWS::Lambda::Function", .invokes),
        ("AWS::ApiGateway::RestApi", .invokes), ("AWS::ElasticLoadBalancingV2::LoadBalancer", .dependsOn),
    ])
    func referenceKindByTargetType(type: String, kind: EdgeKind) {
        #expect(ReferenceEdgeKind.kind(forTargetType: type) == kind)
    }
}
