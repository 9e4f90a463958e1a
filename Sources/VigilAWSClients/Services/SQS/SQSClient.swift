import Foundation

/// Amazon SQS, read operations. This botocore speaks the `json` protocol (awsJson1_0,
/// `AmazonSQS.{Operation}`); errors keep their query codes in `x-amzn-query-error`.
public struct SQSClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "SQS", signingName: "sqs", apiVersion: "2012-11-05", wireProtocol: .json(version: "1.0", targetPrefix: "AmazonSQS"))

    public let client: AWSClient
    /// `MaxResults` of ListQueues (1...1000). Always sent: without it SQS returns at most 1,000
    /// URLs and no `NextToken` at all.
    public var pageSize: Int

    public init(_ client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = min(max(pageSize ?? 1000, 1), 1000)
    }

    /// Queue URLs.
    public func listQueues(prefix: String? = nil) -> AWSPaginator<String> {
        let pageSize = pageSize
        let client = client
        return client.jsonPaginator({ token in
            try await client.json(Self.service, operation: "ListQueues",
                                  input: ListQueuesInput(QueueNamePrefix: prefix, NextToken: token, MaxResults: pageSize),
                                  output: ListQueuesOutput.self)
        }, items: { $0.QueueUrls ?? [] }, next: { $0.NextToken })
    }

    /// The named attributes of a queue (`All` for every one): `QueueArn`, `RedrivePolicy`, ...
    public func getQueueAttributes(queueURL: String, names: [String] = ["All"]) async throws -> [String: String] {
        let output = try await client.json(Self.service, operation: "GetQueueAttributes",
                                           input: GetQueueAttributesInput(QueueUrl: queueURL, AttributeNames: names),
                                           output: AttributesOutput.self)
        return output.Attributes ?? [:]
    }

    public func listQueueTags(queueURL: String) async throws -> [String: String] {
        let output = try await client.json(Self.service, operation: "ListQueueTags", input: QueueURLInput(QueueUrl: queueURL),
                                           output: TagsOutput.self)
        return output.Tags ?? [:]
    }

    struct ListQueuesInput: Encodable, Sendable {
        var QueueNamePrefix: String?
        var NextToken: String?
        var MaxResults: Int
    }

    struct ListQueuesOutput: Decodable, Sendable {
        var QueueUrls: [String]?
        var NextToken: String?
    }

    struct GetQueueAttributesInput: Encodable, Sendable {
        var QueueUrl: String
        var AttributeNames: [String]
    }

    struct QueueURLInput: Encodable, Sendable {
        var QueueUrl: String
    }

    struct AttributesOutput: Decodable, Sendable {
        var Attributes: [String: String]?
    }

    struct TagsOutput: Decodable, Sendable {
        var Tags: [String: String]?
    }
}
