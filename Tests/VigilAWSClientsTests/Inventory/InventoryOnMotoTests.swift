import Foundation
import Testing
@testable import VigilAWSClients
@testable import VigilDiscovery
import VigilTopology

extension MotoTests {
    /// AWSInventorySource against moto: the issue's scenario, read with read-only clients, and
    /// the snapshot compared resource by resource with what boto3 created.
    @Suite("AWS inventory on moto")
    struct InventoryOnMoto {
        struct Fixture {
            let account: MotoAccount
            let ids: [String: Any]
            func id(_ key: String) -> String { ids[key] as? String ?? "<missing \(key)>" }
        }

        static func makeFixture(http: AsyncHTTPClientExecutor) async throws -> Fixture {
            let account = try await MotoAccount(http: http)
            let ids = try InventoryScenario.create(endpoint: account.endpoint.origin, account: account.accountId)
            return Fixture(account: account, ids: ids)
        }

        static func reader(_ fixture: Fixture, policy: AWSOperationPolicy = .readOnly(), pageSize: Int? = nil) -> AWSInventorySource {
            let base = fixture.account.client
            let client = AWSClient(region: base.region, credentials: base.credentials, transport: base.transport,
                                   endpoints: base.endpoints, accountId: fixture.account.accountId, policy: policy)
            return AWSInventorySource(client: client, accountId: fixture.account.accountId, region: "us-east-1", pageSize: pageSize)
        }

        /// Every resource the scenario created, as the conventions say the reader must fill it.
        static func expected(_ f: Fixture) -> [DiscoveredResource] {
            let acct = f.account.accountId, region = "us-east-1"
            func r(_ arn: String, _ type: String, _ name: String, tags: [String: String] = [:], stack: String? = nil,
                   identifiers: [String] = [], references: [String: String] = [:], relations: [DeclaredRelation] = []) -> DiscoveredResource {
                DiscoveredResource(arn: arn, type: type, name: name, account: acct, region: region, tags: tags, stack: stack,
                                   identifiers: identifiers, references: references, relations: relations)
            }
            let dbAddress = f.id("dbaddr"), dbPort = f.ids["dbport"] as? Int ?? 0
            let dbGroups = (f.ids["dbsgs"] as? [String] ?? []).joined(separator: ",")
            let endpointHost = URL(string: f.id("k8sendpoint"))?.host ?? "<no host>"
            var out = [
                r(f.id("stack"), "AWS::CloudFormation::Stack", "shop", tags: ["app": "shop"], identifiers: ["shop"]),
                r(f.id("qarn"), "AWS::SQS::Queue", "orders", tags: ["team": "orders"], stack: "shop",
                  identifiers: [f.id("qurl"), "https://sqs.us-east-1.amazonaws.com/\(acct)/orders", "orders"]),
                r(f.id("topic"), "AWS::SNS::Topic", "order-events", tags: ["team": "orders"], stack: "shop", relations: [
                    DeclaredRelation(kind: .subscribesTo, target: f.id("qarn"), evidence: "subscription \(f.id("sub"))", reversed: true)]),
                r(f.id("table"), "AWS::DynamoDB::Table", "carts", stack: "shop", identifiers: ["carts", f.id("stream")]),
                r(f.id("db"), "AWS::RDS::DBInstance", "orders-db", tags: ["team": "data"],
                  identifiers: ["orders-db", dbAddress, "\(dbAddress):\(dbPort)"], references: ["securityGroups": dbGroups]),
                r(f.id("fn"), "AWS::Lambda::Function", "order-worker", tags: ["team": "orders"], identifiers: ["order-worker"],
                  references: ["env:DB_HOST": dbAddress, "env:QUEUE_URL": f.id("qurl")],
                  relations: [
                    DeclaredRelation(kind: .readsFrom, target: f.id("qarn"), evidence: "event source mapping \(f.id("esm_queue"))"),
                    DeclaredRelation(kind: .readsFrom, target: f.id("stream"), evidence: "event source mapping \(f.id("esm_stream"))"),
                  ].sorted { $0.evidence < $1.evidence }),
                r("arn:aws:ec2:us-east-1:\(acct):instance/\(f.id("instance"))", "AWS::EC2::Instance", "legacy-web",
                  tags: ["Name": "legacy-web"],
                  identifiers: [f.id("instance"), f.id("ip"), f.id("dns"), f.id("publicip"), f.id("publicdns")],
                  references: ["securityGroups": f.id("svcsg")]),
                r(f.id("lb"), "AWS::ElasticLoadBalancingV2::LoadBalancer", "web", tags: ["tier": "edge"], identifiers: [f.id("lbdns")],
                  references: ["securityGroups": f.id("lbsg")],
                  relations: [DeclaredRelation(kind: .routesTo, target: f.id("instance"), evidence: "target group legacy-tg")]),
                r(f.id("cluster"), "AWS::ECS::Cluster", "shop", tags: ["app": "shop"], identifiers: ["shop"],
                  relations: [DeclaredRelation(kind: .contains, target: f.id("svc"), evidence: "cluster service web")]),
                r(f.id("svc"), "AWS::ECS::Service", "web", tags: ["app": "shop"], identifiers: ["web"],
                  references: ["env:web:ORDERS_QUEUE": f.id("qurl"), "env:web:CARTS_TABLE": "carts", "securityGroups": f.id("svcsg")],
                  relations: [DeclaredRelation(kind: .routesTo, target: f.id("lb"), evidence: "target group web-tg", reversed: true)]),
                r("arn:aws:apigateway:us-east-1::/restapis/\(f.id("api"))", "AWS::ApiGateway::RestApi", "shop-api", tags: ["app": "shop"],
                  identifiers: [f.id("api"), "\(f.id("api")).execute-api.us-east-1.amazonaws.com"],
                  references: ["integration:GET /health": "http://\(f.id("lbdns"))/health"],
                  relations: [DeclaredRelation(kind: .invokes, target: f.id("fn"), evidence: "integration POST /orders")]),
                r(f.id("k8s"), "AWS::EKS::Cluster", "k8s", tags: ["app": "k8s"], identifiers: ["k8s", endpointHost],
                  references: ["securityGroups": f.id("svcsg")],
                  relations: [DeclaredRelation(kind: .contains, target: f.id("ng"), evidence: "node group ng-1")]),
                r(f.id("ng"), "AWS::EKS::Nodegroup", "ng-1"),
            ]
            for group in f.ids["sgs"] as? [[String: Any]] ?? [] {
                let id = group["id"] as? String ?? "", ingress = group["ingress"] as? [String] ?? []
                out.append(r("arn:aws:ec2:us-east-1:\(acct):security-group/\(id)", "AWS::EC2::SecurityGroup", group["name"] as? String ?? "",
                             tags: group["tags"] as? [String: String] ?? [:], identifiers: [id],
                             references: ingress.isEmpty ? [:] : ["ingressFromGroups": ingress.joined(separator: ",")]))
            }
            return out.sorted { $0.arn < $1.arn }
        }

        /// Compares field by field so a failure names the resource and the field.
        static func expectSame(_ actual: [DiscoveredResource], _ expected: [DiscoveredResource], sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(actual.map(\.arn) == expected.map(\.arn), sourceLocation: sourceLocation)
            for want in expected {
                guard let got = actual.first(where: { $0.arn == want.arn }) else { continue }
                #expect(got.type == want.type, "\(want.arn)", sourceLocation: sourceLocation)
                #expect(got.name == want.name, "\(want.arn)", sourceLocation: sourceLocation)
                #expect(got.account == want.account && got.region == want.region, "\(want.arn)", sourceLocation: sourceLocation)
                #expect(got.tags == want.tags, "\(want.arn)", sourceLocation: sourceLocation)
                #expect(got.stack == want.stack, "\(want.arn)", sourceLocation: sourceLocation)
                #expect(got.identifiers == want.identifiers, "\(want.arn)", sourceLocation: sourceLocation)
                #expect(got.references == want.references, "\(want.arn)", sourceLocation: sourceLocation)
                #expect(got.relations == want.relations, "\(want.arn)", sourceLocation: sourceLocation)
            }
        }

        /// The operation each recorded request called: query `Action`, json `X-Amz-Target`, or
        /// rest-json method and path.
        static func operations(_ executor: RecordingExecutor) -> [String] {
            executor.requests.map { request in
                if let target = request.header("X-Amz-Target") { return String(target.split(separator: ".").last ?? "") }
                let body = String(decoding: request.body, as: UTF8.self)
                if let action = body.split(separator: "&").first(where: { $0.hasPrefix("Action=") }) { return String(action.dropFirst(7)) }
                return "\(request.method) \(request.rawPath)"
            }
        }

        @Test func theIssueScenarioIsReadExactly() async throws {
            try await withHTTPClient { http in
                let fixture = try await Self.makeFixture(http: AsyncHTTPClientExecutor(client: http))
                let before = fixture.account.executor.requests.count
                let snapshot = try await Self.reader(fixture).readInventory()
                #expect(snapshot.account == fixture.account.accountId)
                #expect(snapshot.region == "us-east-1")
                Self.expectSame(snapshot.resources, Self.expected(fixture))
                #expect(snapshot.observedEdges.isEmpty)
                // moto has no Resource Explorer: its 500s are retried, then reported as a gap.
                #expect(snapshot.gaps.count == 1, "\(snapshot.gaps)")
                #expect(snapshot.gaps.first?.hasPrefix("ResourceExplorer:Search: ResourceExplorer Search (account \(fixture.account.accountId), us-east-1) failed: HTTP 500") == true,
                        "\(snapshot.gaps)")

                // Reads only: every request the reader sent names a read operation.
                let sent = Self.operations(fixture.account.executor).dropFirst(before)
                let reads = AWSOperationPolicy.readPrefixes
                for operation in sent {
                    let name = operation.hasPrefix("GET ") ? "Get" : operation == "POST /Search" ? "Search" : operation
                    #expect(reads.contains { name.hasPrefix($0) }, "\(operation)")
                }
                // The Tagging API answered, so no per-resource tag calls were made.
                #expect(!sent.contains("ListQueueTags") && !sent.contains("ListTagsForResource"))
                #expect(!sent.contains { $0.hasPrefix("GET /2017-03-31/tags/") })
            }
        }

        @Test func smallPagesGiveTheSameInventory() async throws {
            try await withHTTPClient { http in
                let fixture = try await Self.makeFixture(http: AsyncHTTPClientExecutor(client: http))
                let whole = try await Self.reader(fixture).readInventory()
                let paged = try await Self.reader(fixture, pageSize: 1).readInventory()
                Self.expectSame(paged.resources, whole.resources)
                #expect(paged.gaps.count == whole.gaps.count)
            }
        }

        @Test func withoutTheTaggingAPITagsComeFromEachService() async throws {
            try await withHTTPClient { http in
                let fixture = try await Self.makeFixture(http: AsyncHTTPClientExecutor(client: http))
                let readOnly = AWSOperationPolicy.readOnly()
                let noTagging = AWSOperationPolicy(name: "no-tagging") { signingName, operation in
                    signingName != "tagging" && readOnly.permits(service: AWSServiceDescriptor(
                        name: "", signingName: signingName, apiVersion: "", wireProtocol: .restJSON), operation: operation)
                }
                let before = fixture.account.executor.requests.count
                let snapshot = try await Self.reader(fixture, policy: noTagging).readInventory()
                Self.expectSame(snapshot.resources, Self.expected(fixture))
                #expect(snapshot.gaps.contains { $0.hasPrefix("ResourceGroupsTagging:GetResources: ") && $0.contains("not allowed by the no-tagging policy") },
                        "\(snapshot.gaps)")
                let sent = Self.operations(fixture.account.executor).dropFirst(before)
                #expect(sent.filter { $0 == "ListQueueTags" }.count == 1)
                #expect(sent.filter { $0 == "ListTagsForResource" }.count == 1)
                #expect(sent.filter { $0.hasPrefix("GET /2017-03-31/tags/") }.count == 1)
                #expect(!sent.contains("GetResources"))
            }
        }
    }
}
