import Foundation

/// Amazon EC2, read operations. The `ec2` protocol: a query request (lists as `Name.N`), an XML
/// answer without a `{Action}Result` wrapper, lists as `<item>`, camel-case names, `nextToken`.
public struct EC2Client: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "EC2", signingName: "ec2", apiVersion: "2016-11-15", wireProtocol: .query)

    public let client: AWSClient
    /// `MaxResults` (5...1000; nil lets EC2 choose).
    public var pageSize: Int?

    public init(_ client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize.map { min(max($0, 5), 1000) }
    }

    /// Every instance of every reservation.
    public func describeInstances() -> AWSPaginator<EC2Instance> {
        let pageSize = pageSize
        return client.queryPaginator(Self.service, action: "DescribeInstances", tokenElement: "nextToken",
                                     base: { $0.set("MaxResults", pageSize) }) { result throws(XMLMissingElement) in
            var instances: [EC2Instance] = []
            for reservation in result.ec2Items("reservationSet") {
                let owner = reservation.trimmedText("ownerId")
                for node in reservation.ec2Items("instancesSet") {
                    instances.append(EC2Instance(
                        instanceId: try node.requiredText("instanceId", in: "Instance"),
                        ownerId: owner,
                        state: node.trimmedText("instanceState", "name"),
                        vpcId: node.trimmedText("vpcId"),
                        privateIpAddress: node.trimmedText("privateIpAddress"),
                        privateDnsName: node.trimmedText("privateDnsName"),
                        publicIpAddress: node.trimmedText("ipAddress"),
                        publicDnsName: node.trimmedText("dnsName"),
                        securityGroupIds: node.ec2Items("groupSet").compactMap { $0.trimmedText("groupId") },
                        tags: node.tagMap("tagSet", member: "item", key: "key", value: "value")))
                }
            }
            return instances
        }
    }

    public func describeSecurityGroups() -> AWSPaginator<EC2SecurityGroup> {
        let pageSize = pageSize
        return client.queryPaginator(Self.service, action: "DescribeSecurityGroups", tokenElement: "nextToken",
                                     base: { $0.set("MaxResults", pageSize) }) { result throws(XMLMissingElement) in
            try result.ec2Items("securityGroupInfo").map { (node) throws(XMLMissingElement) in
                var sources: [String] = []
                for permission in node.ec2Items("ipPermissions") {
                    for pair in permission.ec2Items("groups") {
                        if let group = pair.trimmedText("groupId"), !sources.contains(group) { sources.append(group) }
                    }
                }
                return EC2SecurityGroup(
                    groupId: try node.requiredText("groupId", in: "SecurityGroup"),
                    groupName: node.trimmedText("groupName") ?? "",
                    vpcId: node.trimmedText("vpcId"),
                    ownerId: node.trimmedText("ownerId"),
                    arn: node.trimmedText("securityGroupArn"),
                    ingressFromGroups: sources,
                    tags: node.tagMap("tagSet", member: "item", key: "key", value: "value"))
            }
        }
    }
}

public struct EC2Instance: Sendable, Equatable {
    public var instanceId: String
    /// The account of the reservation.
    public var ownerId: String?
    public var state: String?
    public var vpcId: String?
    public var privateIpAddress: String?
    public var privateDnsName: String?
    public var publicIpAddress: String?
    public var publicDnsName: String?
    public var securityGroupIds: [String]
    public var tags: [String: String]
}

public struct EC2SecurityGroup: Sendable, Equatable {
    public var groupId: String
    public var groupName: String
    public var vpcId: String?
    public var ownerId: String?
    /// Sent by newer EC2 answers only.
    public var arn: String?
    /// Groups whose members the ingress rules admit, in rule order, without repeats.
    public var ingressFromGroups: [String]
    public var tags: [String: String]
}
