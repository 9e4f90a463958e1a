import VigilAWSClients
import VigilTopology

/// Reads one account and region of AWS into an `InventorySnapshot`: CloudFormation stacks and
/// their members, the Tagging API and Resource Explorer indexes, Lambda, SQS, SNS, RDS,
/// DynamoDB, ECS, EKS, EC2 and ELBv2, and API Gateway, with the conventions of
/// `VigilTopology.Inventory` (docs/aws-clients.md, "Inventory").
///
/// Services are read concurrently, at most `serviceConcurrency` at a time, and within a service
/// at most `detailConcurrency` per-resource calls. A read that fails (after the transport's
/// retries, within its deadlines) becomes a line of `gaps` and the other services go on: a
/// service whose listing fails contributes no resources rather than some of them. Only
/// cancellation is thrown.
public struct AWSInventorySource: InventorySource {
    public let client: AWSClient
    public let accountId: String
    public let region: String
    public let pageSize: Int?
    public var serviceConcurrency = 4
    public var detailConcurrency = 4

    public init(client: AWSClient, accountId: String, region: String, pageSize: Int? = nil) {
        self.client = client
        self.accountId = accountId
        self.region = region
        self.pageSize = pageSize
    }

    /// A service read: what names it in a gap when the failure is not an AWS error.
    struct Job: Sendable {
        var service: String
        var operation: String
        var read: @Sendable (InventoryReadContext) async throws -> ServiceInventory
    }

    static let jobs: [Job] = [
        Job(service: "ResourceGroupsTagging", operation: "GetResources", read: IndexInventory.tagging),
        Job(service: "CloudFormation", operation: "DescribeStacks", read: CloudFormationInventory.read),
        Job(service: "Lambda", operation: "ListFunctions", read: LambdaInventory.read),
        Job(service: "SQS", operation: "ListQueues", read: SQSInventory.read),
        Job(service: "SNS", operation: "ListTopics", read: SNSInventory.read),
        Job(service: "ECS", operation: "ListClusters", read: ECSInventory.read),
        Job(service: "ELBv2", operation: "DescribeLoadBalancers", read: ELBv2Inventory.read),
        Job(service: "EC2", operation: "DescribeSecurityGroups", read: EC2Inventory.read),
        Job(service: "RDS", operation: "DescribeDBInstances", read: RDSInventory.read),
        Job(service: "DynamoDB", operation: "ListTables", read: DynamoDBInventory.read),
        Job(service: "EKS", operation: "ListClusters", read: EKSInventory.read),
        Job(service: "APIGateway", operation: "GetRestApis", read: APIGatewayInventory.read),
        Job(service: "ResourceExplorer", operation: "Search", read: IndexInventory.explorer),
    ]

    public func readInventory() async throws -> InventorySnapshot {
        let context = InventoryReadContext(client: client, account: accountId, region: region, pageSize: pageSize,
                                           detailConcurrency: max(1, detailConcurrency), gaps: InventoryGaps())
        let parts = try await boundedMap(Self.jobs, limit: max(1, serviceConcurrency)) { job in
            do {
                return try await job.read(context)
            } catch {
                try await context.gaps.record(error, service: job.service, operation: job.operation)
                return ServiceInventory()
            }
        }
        var all = ServiceInventory()
        for part in parts { all.merge(part) }
        if all.tagged == nil {
            all.resources = try await Self.tagsWithoutTheTaggingAPI(all.resources, context: context,
                                                                    limit: max(1, serviceConcurrency) * context.detailConcurrency)
        }
        let resources = InventoryAssembly.assemble(all, account: accountId, region: region)
        return InventorySnapshot(account: accountId, region: region, resources: resources, observedEdges: [],
                                 gaps: await context.gaps.lines())
    }

    /// When the Tagging API could not be read, the services whose listings carry no tags are
    /// asked per resource (Lambda ListTags, SQS ListQueueTags, SNS ListTagsForResource).
    static func tagsWithoutTheTaggingAPI(_ resources: [DiscoveredResource], context: InventoryReadContext, limit: Int) async throws -> [DiscoveredResource] {
        try await boundedMap(resources, limit: limit) { resource in
            var resource = resource
            let found: [String: String]?
            switch resource.type {
            case LambdaInventory.type: found = try await LambdaInventory.tags(context, arn: resource.arn)
            case SNSInventory.type: found = try await SNSInventory.tags(context, arn: resource.arn)
            case SQSInventory.type:
                guard let url = resource.identifiers.first(where: { $0.hasPrefix("http") }) else { return resource }
                found = try await SQSInventory.tags(context, url: url)
            default: return resource
            }
            resource.tags.merge(found ?? [:]) { own, _ in own }
            if resource.stack == nil { resource.stack = resource.tags["aws:cloudformation:stack-name"] }
            return resource
        }
    }
}
