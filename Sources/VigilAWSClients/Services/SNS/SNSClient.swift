import Foundation

/// Amazon SNS, read operations (query protocol; `NextToken` pagination).
public struct SNSClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "SNS", signingName: "sns", apiVersion: "2010-03-31", wireProtocol: .query)

    public let client: AWSClient

    public init(_ client: AWSClient) {
        self.client = client
    }

    /// Topic ARNs.
    public func listTopics() -> AWSPaginator<String> {
        client.queryPaginator(Self.service, action: "ListTopics", base: { _ in }) { result in
            result.members("Topics").compactMap { $0.trimmedText("TopicArn") }
        }
    }

    /// Every subscription of the account and region.
    public func listSubscriptions() -> AWSPaginator<SNSSubscription> {
        client.queryPaginator(Self.service, action: "ListSubscriptions", base: { _ in }) { result throws(XMLMissingElement) in
            try result.members("Subscriptions").map { (node) throws(XMLMissingElement) in try Self.subscription(node) }
        }
    }

    public func listSubscriptionsByTopic(topicArn: String) -> AWSPaginator<SNSSubscription> {
        client.queryPaginator(Self.service, action: "ListSubscriptionsByTopic", base: { $0.set("TopicArn", topicArn) }) { result throws(XMLMissingElement) in
            try result.members("Subscriptions").map { (node) throws(XMLMissingElement) in try Self.subscription(node) }
        }
    }

    public func listTagsForResource(arn: String) async throws -> [String: String] {
        var parameters = QueryParameters()
        parameters.set("ResourceArn", arn)
        return try await client.queryDecoded(Self.service, action: "ListTagsForResource", parameters: parameters) { $0.tagMap("Tags") }
    }

    static func subscription(_ node: XMLNode) throws(XMLMissingElement) -> SNSSubscription {
        SNSSubscription(
            subscriptionArn: node.trimmedText("SubscriptionArn") ?? "",
            topicArn: try node.requiredText("TopicArn", in: "Subscription"),
            protocolName: node.trimmedText("Protocol") ?? "",
            endpoint: node.trimmedText("Endpoint") ?? "",
            owner: node.trimmedText("Owner"))
    }
}

public struct SNSSubscription: Sendable, Equatable {
    /// `PendingConfirmation` until an HTTP/email endpoint confirms.
    public var subscriptionArn: String
    public var topicArn: String
    /// `sqs`, `lambda`, `https`, `email`, ...
    public var protocolName: String
    /// The queue or function ARN, URL, address, ... the topic delivers to.
    public var endpoint: String
    public var owner: String?
}
