import Foundation

/// Amazon ECS, read operations (`json` protocol 1.1, `AmazonEC2ContainerServiceV20141113.{Operation}`;
/// `nextToken` pagination; Describe* take batches: 100 clusters, 10 services).
public struct ECSClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "ECS", signingName: "ecs", apiVersion: "2014-11-13",
        wireProtocol: .json(version: "1.1", targetPrefix: "AmazonEC2ContainerServiceV20141113"))

    public static let describeClustersBatch = 100
    public static let describeServicesBatch = 10

    public let client: AWSClient
    /// `maxResults` of the List* operations (1...100; nil lets ECS choose).
    public var pageSize: Int?

    public init(_ client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize.map { min(max($0, 1), 100) }
    }

    /// Cluster ARNs.
    public func listClusters() -> AWSPaginator<String> {
        let client = client, pageSize = pageSize
        return client.jsonPaginator({ token in
            try await client.json(Self.service, operation: "ListClusters", input: ListInput(cluster: nil, nextToken: token, maxResults: pageSize),
                                  output: ListClustersOutput.self)
        }, items: { $0.clusterArns ?? [] }, next: { $0.nextToken })
    }

    /// Service ARNs of a cluster.
    public func listServices(cluster: String) -> AWSPaginator<String> {
        let client = client, pageSize = pageSize.map { min($0, 100) }
        return client.jsonPaginator({ token in
            try await client.json(Self.service, operation: "ListServices", input: ListInput(cluster: cluster, nextToken: token, maxResults: pageSize),
                                  output: ListServicesOutput.self)
        }, items: { $0.serviceArns ?? [] }, next: { $0.nextToken })
    }

    /// Up to 100 clusters with their tags.
    public func describeClusters(_ clusters: [String]) async throws -> [ECSCluster] {
        guard !clusters.isEmpty else { return [] }
        let output = try await client.json(Self.service, operation: "DescribeClusters",
                                           input: DescribeClustersInput(clusters: clusters, include: ["TAGS"]), output: DescribeClustersOutput.self)
        return output.clusters ?? []
    }

    /// Up to 10 services of one cluster with their tags.
    public func describeServices(cluster: String, services: [String]) async throws -> [ECSService] {
        guard !services.isEmpty else { return [] }
        let output = try await client.json(Self.service, operation: "DescribeServices",
                                           input: DescribeServicesInput(cluster: cluster, services: services, include: ["TAGS"]),
                                           output: DescribeServicesOutput.self)
        return output.services ?? []
    }

    public func describeTaskDefinition(_ taskDefinition: String) async throws -> ECSTaskDefinition {
        let output = try await client.json(Self.service, operation: "DescribeTaskDefinition",
                                           input: DescribeTaskDefinitionInput(taskDefinition: taskDefinition), output: DescribeTaskDefinitionOutput.self)
        guard let definition = output.taskDefinition else {
            throw client.malformedAnswer(Self.service, "DescribeTaskDefinition", "missing taskDefinition")
        }
        return definition
    }

    struct ListInput: Encodable, Sendable {
        var cluster: String?
        var nextToken: String?
        var maxResults: Int?
    }

    struct ListClustersOutput: Decodable, Sendable {
        var clusterArns: [String]?
        var nextToken: String?
    }

    struct ListServicesOutput: Decodable, Sendable {
        var serviceArns: [String]?
        var nextToken: String?
    }

    struct DescribeClustersInput: Encodable, Sendable {
        var clusters: [String]
        var include: [String]
    }

    struct DescribeClustersOutput: Decodable, Sendable {
        var clusters: [ECSCluster]?
    }

    struct DescribeServicesInput: Encodable, Sendable {
        var cluster: String
        var services: [String]
        var include: [String]
    }

    struct DescribeServicesOutput: Decodable, Sendable {
        var services: [ECSService]?
    }

    struct DescribeTaskDefinitionInput: Encodable, Sendable {
        var taskDefinition: String
    }

    struct DescribeTaskDefinitionOutput: Decodable, Sendable {
        var taskDefinition: ECSTaskDefinition?
    }
}

/// ECS writes tags as `[{"key", "value"}]`.
public struct ECSTag: Sendable, Equatable, Decodable {
    public var key: String?
    public var value: String?

    static func map(_ tags: [ECSTag]?) -> [String: String] {
        var out: [String: String] = [:]
        for tag in tags ?? [] { if let key = tag.key { out[key] = tag.value ?? "" } }
        return out
    }
}

public struct ECSCluster: Sendable, Equatable, Decodable {
    public var clusterArn: String
    public var clusterName: String
    public var status: String?
    public var tags: [String: String]

    enum CodingKeys: String, CodingKey { case clusterArn, clusterName, status, tags }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clusterArn = try c.decode(String.self, forKey: .clusterArn)
        clusterName = try c.decode(String.self, forKey: .clusterName)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        tags = ECSTag.map(try c.decodeIfPresent([ECSTag].self, forKey: .tags))
    }
}

public struct ECSService: Sendable, Equatable, Decodable {
    public struct LoadBalancer: Sendable, Equatable, Decodable {
        /// ALB/NLB target group; absent for a Classic Load Balancer.
        public var targetGroupArn: String?
        /// Classic Load Balancer name.
        public var loadBalancerName: String?
        public var containerName: String?
        public var containerPort: Int?
    }

    public var serviceArn: String
    public var serviceName: String
    public var clusterArn: String?
    public var taskDefinition: String?
    public var loadBalancers: [LoadBalancer]
    /// Security groups of an `awsvpc` service.
    public var securityGroups: [String]
    public var tags: [String: String]

    enum CodingKeys: String, CodingKey {
        case serviceArn, serviceName, clusterArn, taskDefinition, loadBalancers, networkConfiguration, tags
    }

    struct NetworkConfiguration: Decodable {
        struct AWSVPC: Decodable { var securityGroups: [String]? }
        var awsvpcConfiguration: AWSVPC?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        serviceArn = try c.decode(String.self, forKey: .serviceArn)
        serviceName = try c.decode(String.self, forKey: .serviceName)
        clusterArn = try c.decodeIfPresent(String.self, forKey: .clusterArn)
        taskDefinition = try c.decodeIfPresent(String.self, forKey: .taskDefinition)
        loadBalancers = try c.decodeIfPresent([LoadBalancer].self, forKey: .loadBalancers) ?? []
        securityGroups = try c.decodeIfPresent(NetworkConfiguration.self, forKey: .networkConfiguration)?.awsvpcConfiguration?.securityGroups ?? []
        tags = ECSTag.map(try c.decodeIfPresent([ECSTag].self, forKey: .tags))
    }
}

public struct ECSTaskDefinition: Sendable, Equatable, Decodable {
    public struct Container: Sendable, Equatable, Decodable {
        public struct Variable: Sendable, Equatable, Decodable {
            public var name: String?
            public var value: String?
        }
        public var name: String
        public var image: String?
        public var environment: [Variable]?
    }

    public var taskDefinitionArn: String
    public var family: String?
    public var containerDefinitions: [Container]

    enum CodingKeys: String, CodingKey { case taskDefinitionArn, family, containerDefinitions }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        taskDefinitionArn = try c.decode(String.self, forKey: .taskDefinitionArn)
        family = try c.decodeIfPresent(String.self, forKey: .family)
        containerDefinitions = try c.decodeIfPresent([Container].self, forKey: .containerDefinitions) ?? []
    }
}
