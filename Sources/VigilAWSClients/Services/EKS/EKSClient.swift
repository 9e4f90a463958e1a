import Foundation

/// Amazon EKS, read operations (`rest-json`; `nextToken` pagination).
public struct EKSClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "EKS", signingName: "eks", apiVersion: "2017-11-01", wireProtocol: .restJSON)

    public let client: AWSClient
    /// `maxResults` of the listings (1...100; nil lets EKS choose).
    public var pageSize: Int?

    public init(_ client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize.map { min(max($0, 1), 100) }
    }

    /// Cluster names.
    public func listClusters() -> AWSPaginator<String> {
        let client = client, pageSize = pageSize
        return client.jsonPaginator({ token in
            try await client.restJSON(Self.service, operation: "ListClusters", request: RestJSONRequest(
                method: "GET", path: "/clusters", query: [("maxResults", pageSize.map(String.init)), ("nextToken", token)]),
                output: ListClustersOutput.self)
        }, items: { $0.clusters ?? [] }, next: { $0.nextToken })
    }

    public func describeCluster(name: String) async throws -> EKSCluster {
        let output = try await client.restJSON(Self.service, operation: "DescribeCluster", request: RestJSONRequest(
            method: "GET", path: "/clusters/{name}", labels: ["name": name]), output: DescribeClusterOutput.self)
        guard let cluster = output.cluster else { throw client.malformedAnswer(Self.service, "DescribeCluster", "missing cluster") }
        return cluster
    }

    /// Node group names of a cluster.
    public func listNodegroups(cluster: String) -> AWSPaginator<String> {
        let client = client, pageSize = pageSize
        return client.jsonPaginator({ token in
            try await client.restJSON(Self.service, operation: "ListNodegroups", request: RestJSONRequest(
                method: "GET", path: "/clusters/{name}/node-groups", labels: ["name": cluster],
                query: [("maxResults", pageSize.map(String.init)), ("nextToken", token)]), output: ListNodegroupsOutput.self)
        }, items: { $0.nodegroups ?? [] }, next: { $0.nextToken })
    }

    public func describeNodegroup(cluster: String, nodegroup: String) async throws -> EKSNodegroup {
        let output = try await client.restJSON(Self.service, operation: "DescribeNodegroup", request: RestJSONRequest(
            method: "GET", path: "/clusters/{name}/node-groups/{nodegroupName}", labels: ["name": cluster, "nodegroupName": nodegroup]),
            output: DescribeNodegroupOutput.self)
        guard let group = output.nodegroup else { throw client.malformedAnswer(Self.service, "DescribeNodegroup", "missing nodegroup") }
        return group
    }

    struct ListClustersOutput: Decodable, Sendable {
        var clusters: [String]?
        var nextToken: String?
    }

    struct ListNodegroupsOutput: Decodable, Sendable {
        var nodegroups: [String]?
        var nextToken: String?
    }

    struct DescribeClusterOutput: Decodable, Sendable {
        var cluster: EKSCluster?
    }

    struct DescribeNodegroupOutput: Decodable, Sendable {
        var nodegroup: EKSNodegroup?
    }
}

public struct EKSCluster: Sendable, Equatable, Decodable {
    public var name: String
    public var arn: String
    /// The Kubernetes API server URL.
    public var endpoint: String?
    public var status: String?
    /// The cluster security group and the additional groups of its VPC configuration.
    public var securityGroupIds: [String]
    public var tags: [String: String]

    enum CodingKeys: String, CodingKey { case name, arn, endpoint, status, resourcesVpcConfig, tags }

    struct VPC: Decodable {
        var securityGroupIds: [String]?
        var clusterSecurityGroupId: String?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        arn = try c.decode(String.self, forKey: .arn)
        endpoint = try c.decodeIfPresent(String.self, forKey: .endpoint)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        let vpc = try c.decodeIfPresent(VPC.self, forKey: .resourcesVpcConfig)
        securityGroupIds = (vpc?.clusterSecurityGroupId.map { [$0] } ?? []) + (vpc?.securityGroupIds ?? [])
        tags = try c.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
    }
}

public struct EKSNodegroup: Sendable, Equatable, Decodable {
    public var nodegroupName: String
    public var nodegroupArn: String
    public var clusterName: String?
    public var status: String?
    public var tags: [String: String]

    enum CodingKeys: String, CodingKey { case nodegroupName, nodegroupArn, clusterName, status, tags }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nodegroupName = try c.decode(String.self, forKey: .nodegroupName)
        nodegroupArn = try c.decode(String.self, forKey: .nodegroupArn)
        clusterName = try c.decodeIfPresent(String.self, forKey: .clusterName)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        tags = try c.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
    }
}
