import Foundation

/// Amazon RDS, read operations (query protocol; `Marker` pagination, `MaxRecords` 20...100).
/// RDS names its list members after the shape (`<DBInstances><DBInstance>`), not `member`.
public struct RDSClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "RDS", signingName: "rds", apiVersion: "2014-10-31", wireProtocol: .query)

    public let client: AWSClient
    public var pageSize: Int?

    public init(_ client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize.map { min(max($0, 20), 100) }
    }

    public func describeDBInstances() -> AWSPaginator<RDSInstance> {
        let pageSize = pageSize
        return client.queryPaginator(Self.service, action: "DescribeDBInstances", tokenParameter: "Marker", tokenElement: "Marker",
                                     base: { $0.set("MaxRecords", pageSize) }) { result throws(XMLMissingElement) in
            try result.members("DBInstances", member: "DBInstance").map { (node) throws(XMLMissingElement) in
                RDSInstance(
                    identifier: try node.requiredText("DBInstanceIdentifier", in: "DBInstance"),
                    arn: try node.requiredText("DBInstanceArn", in: "DBInstance"),
                    engine: node.trimmedText("Engine"),
                    status: node.trimmedText("DBInstanceStatus"),
                    endpointAddress: node.trimmedText("Endpoint", "Address"),
                    port: node.trimmedText("Endpoint", "Port").flatMap { Int($0) },
                    clusterIdentifier: node.trimmedText("DBClusterIdentifier"),
                    securityGroupIds: Self.vpcGroups(node),
                    tags: node.tagMap("TagList", member: "Tag"))
            }
        }
    }

    public func describeDBClusters() -> AWSPaginator<RDSCluster> {
        let pageSize = pageSize
        return client.queryPaginator(Self.service, action: "DescribeDBClusters", tokenParameter: "Marker", tokenElement: "Marker",
                                     base: { $0.set("MaxRecords", pageSize) }) { result throws(XMLMissingElement) in
            try result.members("DBClusters", member: "DBCluster").map { (node) throws(XMLMissingElement) in
                RDSCluster(
                    identifier: try node.requiredText("DBClusterIdentifier", in: "DBCluster"),
                    arn: try node.requiredText("DBClusterArn", in: "DBCluster"),
                    engine: node.trimmedText("Engine"),
                    status: node.trimmedText("Status"),
                    endpoint: node.trimmedText("Endpoint"),
                    readerEndpoint: node.trimmedText("ReaderEndpoint"),
                    port: node.trimmedText("Port").flatMap { Int($0) },
                    memberIdentifiers: node.members("DBClusterMembers", member: "DBClusterMember").compactMap { $0.trimmedText("DBInstanceIdentifier") },
                    securityGroupIds: Self.vpcGroups(node),
                    tags: node.tagMap("TagList", member: "Tag"))
            }
        }
    }

    static func vpcGroups(_ node: XMLNode) -> [String] {
        node.members("VpcSecurityGroups", member: "VpcSecurityGroupMembership").compactMap { $0.trimmedText("VpcSecurityGroupId") }
    }
}

public struct RDSInstance: Sendable, Equatable {
    public var identifier: String
    public var arn: String
    public var engine: String?
    public var status: String?
    /// The DNS name clients connect to (absent while the instance is being created).
    public var endpointAddress: String?
    public var port: Int?
    /// The Aurora cluster the instance belongs to.
    public var clusterIdentifier: String?
    public var securityGroupIds: [String]
    public var tags: [String: String]
}

public struct RDSCluster: Sendable, Equatable {
    public var identifier: String
    public var arn: String
    public var engine: String?
    public var status: String?
    /// Writer endpoint.
    public var endpoint: String?
    public var readerEndpoint: String?
    public var port: Int?
    public var memberIdentifiers: [String]
    public var securityGroupIds: [String]
    public var tags: [String: String]
}
