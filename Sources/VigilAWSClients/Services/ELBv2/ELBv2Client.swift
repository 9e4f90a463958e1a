import Foundation

/// Elastic Load Balancing v2 (ALB/NLB/GWLB), read operations (query protocol; `Marker` /
/// `NextMarker` pagination; DescribeTags takes up to 20 ARNs).
public struct ELBv2Client: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "ELBv2", signingName: "elasticloadbalancing", apiVersion: "2015-12-01", wireProtocol: .query)

    public static let describeTagsBatch = 20

    public let client: AWSClient
    /// `PageSize` (1...400; nil lets ELB choose).
    public var pageSize: Int?

    public init(_ client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize.map { min(max($0, 1), 400) }
    }

    public func describeLoadBalancers() -> AWSPaginator<ELBLoadBalancer> {
        let pageSize = pageSize
        return client.queryPaginator(Self.service, action: "DescribeLoadBalancers", tokenParameter: "Marker", tokenElement: "NextMarker",
                                     base: { $0.set("PageSize", pageSize) }) { result throws(XMLMissingElement) in
            try result.members("LoadBalancers").map { (node) throws(XMLMissingElement) in
                ELBLoadBalancer(
                    arn: try node.requiredText("LoadBalancerArn", in: "LoadBalancer"),
                    name: node.trimmedText("LoadBalancerName") ?? "",
                    dnsName: node.trimmedText("DNSName"),
                    type: node.trimmedText("Type"),
                    scheme: node.trimmedText("Scheme"),
                    vpcId: node.trimmedText("VpcId"),
                    securityGroups: node.memberTexts("SecurityGroups"))
            }
        }
    }

    /// Target groups, of one load balancer when `loadBalancerArn` is given.
    public func describeTargetGroups(loadBalancerArn: String? = nil) -> AWSPaginator<ELBTargetGroup> {
        let pageSize = pageSize
        return client.queryPaginator(Self.service, action: "DescribeTargetGroups", tokenParameter: "Marker", tokenElement: "NextMarker",
                                     base: {
                                         $0.set("LoadBalancerArn", loadBalancerArn)
                                         $0.set("PageSize", pageSize)
                                     }) { result throws(XMLMissingElement) in
            try result.members("TargetGroups").map { (node) throws(XMLMissingElement) in
                ELBTargetGroup(
                    arn: try node.requiredText("TargetGroupArn", in: "TargetGroup"),
                    name: node.trimmedText("TargetGroupName") ?? "",
                    targetType: node.trimmedText("TargetType"),
                    protocolName: node.trimmedText("Protocol"),
                    port: node.trimmedText("Port").flatMap { Int($0) },
                    loadBalancerArns: node.memberTexts("LoadBalancerArns"))
            }
        }
    }

    /// The registered targets of a target group (instance ids, IPs or a function ARN).
    public func describeTargetHealth(targetGroupArn: String) async throws -> [ELBTarget] {
        var parameters = QueryParameters()
        parameters.set("TargetGroupArn", targetGroupArn)
        return try await client.queryDecoded(Self.service, action: "DescribeTargetHealth", parameters: parameters) { (result) throws(XMLMissingElement) in
            try result.members("TargetHealthDescriptions").map { (node) throws(XMLMissingElement) in
                guard let id = node.trimmedText("Target", "Id") else { throw XMLMissingElement(element: "TargetHealthDescription.Target.Id") }
                return ELBTarget(id: id, port: node.trimmedText("Target", "Port").flatMap { Int($0) }, state: node.trimmedText("TargetHealth", "State"))
            }
        }
    }

    /// Tags of up to 20 load balancers or target groups, by ARN.
    public func describeTags(arns: [String]) async throws -> [String: [String: String]] {
        guard !arns.isEmpty else { return [:] }
        var parameters = QueryParameters()
        parameters.setList("ResourceArns", arns)
        return try await client.queryDecoded(Self.service, action: "DescribeTags", parameters: parameters) { result in
            var out: [String: [String: String]] = [:]
            for node in result.members("TagDescriptions") {
                guard let arn = node.trimmedText("ResourceArn") else { continue }
                out[arn] = node.tagMap("Tags")
            }
            return out
        }
    }

    public func describeListeners(loadBalancerArn: String) -> AWSPaginator<ELBListener> {
        let pageSize = pageSize
        return client.queryPaginator(Self.service, action: "DescribeListeners", tokenParameter: "Marker", tokenElement: "NextMarker",
                                     base: {
                                         $0.set("LoadBalancerArn", loadBalancerArn)
                                         $0.set("PageSize", pageSize)
                                     }) { result throws(XMLMissingElement) in
            try result.members("Listeners").map { (node) throws(XMLMissingElement) in
                var groups: [String] = []
                for action in node.members("DefaultActions") {
                    if let group = action.trimmedText("TargetGroupArn") { groups.append(group) }
                    for weighted in action.child("ForwardConfig")?.members("TargetGroups") ?? [] {
                        if let group = weighted.trimmedText("TargetGroupArn"), !groups.contains(group) { groups.append(group) }
                    }
                }
                return ELBListener(arn: try node.requiredText("ListenerArn", in: "Listener"),
                                   loadBalancerArn: node.trimmedText("LoadBalancerArn"),
                                   port: node.trimmedText("Port").flatMap { Int($0) },
                                   protocolName: node.trimmedText("Protocol"),
                                   defaultTargetGroupArns: groups)
            }
        }
    }
}

public struct ELBLoadBalancer: Sendable, Equatable {
    public var arn: String
    public var name: String
    public var dnsName: String?
    /// `application`, `network`, `gateway`.
    public var type: String?
    public var scheme: String?
    public var vpcId: String?
    public var securityGroups: [String]
}

public struct ELBTargetGroup: Sendable, Equatable {
    public var arn: String
    public var name: String
    /// `instance`, `ip`, `lambda`, `alb`.
    public var targetType: String?
    public var protocolName: String?
    public var port: Int?
    public var loadBalancerArns: [String]
}

public struct ELBTarget: Sendable, Equatable {
    /// Instance id, IP address, Lambda function ARN or ALB ARN, per the group's target type.
    public var id: String
    public var port: Int?
    public var state: String?
}

public struct ELBListener: Sendable, Equatable {
    public var arn: String
    public var loadBalancerArn: String?
    public var port: Int?
    public var protocolName: String?
    /// Target groups the default actions forward to.
    public var defaultTargetGroupArns: [String]
}
