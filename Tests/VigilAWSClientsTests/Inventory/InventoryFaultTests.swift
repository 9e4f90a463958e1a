import AsyncHTTPClient
import Foundation
import Testing
@testable import VigilAWSClients
@testable import VigilDiscovery
import VigilTopology

/// The reader against a local endpoint that throttles, fails, stalls or refuses: every read
/// ends (within the transport's retries and deadlines), every failed read is a gap that names
/// the service, the operation and the account, and nothing is half-read.
@Suite("AWS inventory faults")
struct InventoryFaultTests {
    static let account = "123456789012"
    /// Every service read the reader starts with (the operation its gap names when it fails first).
    static let firstReads: Set<String> = [
        "ResourceGroupsTagging:GetResources", "CloudFormation:DescribeStacks", "Lambda:ListFunctions", "SQS:ListQueues",
        "SNS:ListTopics", "ECS:ListClusters", "ELBv2:DescribeLoadBalancers", "EC2:DescribeSecurityGroups",
        "RDS:DescribeDBInstances", "DynamoDB:ListTables", "EKS:ListClusters", "APIGateway:GetRestApis", "ResourceExplorer:Search",
    ]

    /// The deadline is generous so the number of attempts does not depend on how loaded the machine is.
    static func source(_ server: LocalHTTPServer, http: HTTPClient, requestTimeout: Duration = .seconds(20),
                       retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))) -> AWSInventorySource {
        let client = AWSClient(region: "us-east-1", credentials: testCredentials,
                               transport: makeTransport(AsyncHTTPClientExecutor(client: http), requestTimeout: requestTimeout,
                                                        overallDeadline: .seconds(600), retry: retry),
                               endpoints: .override(server.endpoint), accountId: account, policy: .readOnly())
        return AWSInventorySource(client: client, accountId: account, region: "us-east-1")
    }

    static func gapKeys(_ gaps: [String]) -> Set<String> {
        Set(gaps.map { line in
            let parts = line.split(separator: ":", maxSplits: 2)
            return parts.count >= 2 ? "\(parts[0]):\(parts[1])" : line
        })
    }

    @Test func throttlingEverywhereEndsWithAGapPerServiceAfterTheRetries() async throws {
        let server = try LocalHTTPServer { request, _ in
            InventoryWire.error(for: request, status: 400, code: "ThrottlingException", message: "Rate exceeded")
        }
        defer { server.stop() }
        try await withHTTPClient { http in
            let snapshot = try await Self.source(server, http: http).readInventory()
            #expect(snapshot.resources.isEmpty)
            #expect(Self.gapKeys(snapshot.gaps) == Self.firstReads, "\(snapshot.gaps)")
            for gap in snapshot.gaps {
                #expect(gap.contains("(account \(Self.account), us-east-1) failed: ThrottlingException: Rate exceeded"), "\(gap)")
                #expect(gap.contains("after 3 attempts"), "\(gap)")
            }
            // Three attempts for each of the 13 first reads, nothing more.
            #expect(server.requests.count == 13 * 3)
        }
    }

    @Test func http429And500WithoutABodyAreRetriedThenReported() async throws {
        let server = try LocalHTTPServer { request, index in
            .init(status: index % 2 == 0 ? 429 : 500, body: "")
        }
        defer { server.stop() }
        try await withHTTPClient { http in
            let snapshot = try await Self.source(server, http: http).readInventory()
            #expect(snapshot.resources.isEmpty)
            #expect(Self.gapKeys(snapshot.gaps) == Self.firstReads)
            #expect(snapshot.gaps.allSatisfy { $0.contains("without an AWS error body") && $0.contains("after 3 attempts") }, "\(snapshot.gaps)")
        }
    }

    @Test func aStalledEndpointTimesOutInsteadOfHanging() async throws {
        let server = try LocalHTTPServer { request, _ in
            .init(status: 200, body: "{}", delay: .seconds(40)) // far beyond the 300 ms timeout
        }
        defer { server.stop() }
        try await withHTTPClient { http in
            let snapshot = try await Self.source(server, http: http, requestTimeout: .milliseconds(300),
                                                 retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(5), maxDelay: .milliseconds(10)))
                .readInventory()
            #expect(snapshot.resources.isEmpty)
            #expect(Self.gapKeys(snapshot.gaps) == Self.firstReads, "\(snapshot.gaps)")
            #expect(snapshot.gaps.allSatisfy { $0.contains("timed out") }, "\(snapshot.gaps)")
        }
    }

    /// Resource Explorer throttles twice, then answers two pages; every other service refuses.
    /// The Resource Explorer resources are kept (their services could not be read), each other
    /// service is one AccessDenied gap.
    @Test func throttledThenAnsweredReadsAreKeptBesideRefusedOnes() async throws {
        let searches = SearchScript(account: Self.account)
        let scripted = try LocalHTTPServer { request, _ in
            guard InventoryWire.operation(request) == "POST /Search" else {
                return InventoryWire.error(for: request, status: 403, code: "AccessDeniedException", message: "not authorized")
            }
            return searches.next(request)
        }
        defer { scripted.stop() }
        try await withHTTPClient { http in
            let snapshot = try await Self.source(scripted, http: http, retry: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20)))
                .readInventory()
            #expect(snapshot.resources.map(\.arn) == ["arn:aws:s3:::shop-assets", "arn:aws:sqs:us-east-1:123456789012:orders"])
            #expect(snapshot.resources.map(\.type) == ["AWS::S3::Bucket", "AWS::SQS::Queue"])
            #expect(snapshot.resources.map(\.name) == ["shop-assets", "orders"])
            #expect(snapshot.resources.map(\.region) == ["global", "us-east-1"])
            #expect(Self.gapKeys(snapshot.gaps) == Self.firstReads.subtracting(["ResourceExplorer:Search"]), "\(snapshot.gaps)")
            #expect(snapshot.gaps.allSatisfy { $0.contains("AccessDeniedException: not authorized") })
            // Two throttled attempts, then page 1, then page 2 with the token of page 1.
            let bodies = scripted.requests.filter { InventoryWire.operation($0) == "POST /Search" }.map(\.bodyText)
            #expect(bodies.count == 4)
            #expect(bodies.last?.contains(#""NextToken":"page-2""#) == true, "\(bodies)")
            #expect(bodies.first?.contains(#""QueryString":"*""#) == true)
        }
    }

    @Test func resourceExplorerWithoutAnIndexIsAGapNotAnError() async throws {
        let server = try LocalHTTPServer { request, _ in
            if InventoryWire.operation(request) == "POST /Search" {
                return InventoryWire.error(for: request, status: 401, code: "UnauthorizedException",
                                           message: "Resource Explorer is not turned on in this Region")
            }
            return InventoryWire.error(for: request, status: 403, code: "AccessDenied", message: "denied")
        }
        defer { server.stop() }
        try await withHTTPClient { http in
            let snapshot = try await Self.source(server, http: http).readInventory()
            #expect(snapshot.gaps.contains(
                "ResourceExplorer:Search: ResourceExplorer Search (account 123456789012, us-east-1) failed: UnauthorizedException: Resource Explorer is not turned on in this Region [HTTP 401]"),
                "\(snapshot.gaps)")
        }
    }
}

/// Answers Resource Explorer searches: ThrottlingException twice, then page 1, then page 2.
final class SearchScript: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    let account: String

    init(account: String) { self.account = account }

    func next(_ request: LocalHTTPServer.Request) -> LocalHTTPServer.Reply {
        let index = lock.withLock { () -> Int in
            count += 1
            return count
        }
        switch index {
        case 1, 2: return InventoryWire.error(for: request, status: 429, code: "ThrottlingException", message: "slow down")
        case 3: return InventoryWire.searchPage(account: account, resources: [("arn:aws:s3:::shop-assets", "s3:bucket", "global")], next: "page-2")
        default: return InventoryWire.searchPage(account: account, resources: [("arn:aws:sqs:us-east-1:\(account):orders", "sqs:queue", "us-east-1")], next: nil)
        }
    }
}
