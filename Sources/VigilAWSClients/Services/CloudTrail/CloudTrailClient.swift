import Foundation

/// One management event as LookupEvents returns it.
public struct CloudTrailEvent: Decodable, Sendable, Equatable {
    public struct Resource: Decodable, Sendable, Equatable {
        public var resourceType: String?
        public var resourceName: String?

        enum CodingKeys: String, CodingKey { case resourceType = "ResourceType", resourceName = "ResourceName" }
    }

    public var eventId: String
    public var eventName: String
    /// "true" or "false", as CloudTrail writes it.
    public var readOnly: String?
    public var eventTime: Date
    /// `lambda.amazonaws.com`, ...
    public var eventSource: String?
    public var username: String?
    public var resources: [Resource]
    /// The whole event record as JSON text (request parameters, identity, ...).
    public var cloudTrailEvent: String?

    enum CodingKeys: String, CodingKey {
        case eventId = "EventId", eventName = "EventName", readOnly = "ReadOnly", eventTime = "EventTime"
        case eventSource = "EventSource", username = "Username", resources = "Resources", cloudTrailEvent = "CloudTrailEvent"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        eventId = try c.decode(String.self, forKey: .eventId)
        eventName = try c.decodeIfPresent(String.self, forKey: .eventName) ?? ""
        readOnly = try c.decodeIfPresent(String.self, forKey: .readOnly)
        eventTime = try c.decode(Date.self, forKey: .eventTime)
        eventSource = try c.decodeIfPresent(String.self, forKey: .eventSource)
        username = try c.decodeIfPresent(String.self, forKey: .username)
        resources = try c.decodeIfPresent([Resource].self, forKey: .resources) ?? []
        cloudTrailEvent = try c.decodeIfPresent(String.self, forKey: .cloudTrailEvent)
    }
}

/// The attribute LookupEvents filters on (CloudTrail accepts one per request).
public enum CloudTrailLookupAttribute: Sendable, Equatable {
    case resourceName(String)
    case resourceType(String)
    case eventName(String)
    case eventSource(String)
    case readOnly(Bool)
    case username(String)

    var key: String {
        switch self {
        case .resourceName: "ResourceName"
        case .resourceType: "ResourceType"
        case .eventName: "EventName"
        case .eventSource: "EventSource"
        case .readOnly: "ReadOnly"
        case .username: "Username"
        }
    }

    var value: String {
        switch self {
        case .resourceName(let v), .resourceType(let v), .eventName(let v), .eventSource(let v), .username(let v): v
        case .readOnly(let flag): flag ? "true" : "false"
        }
    }
}

/// AWS CloudTrail event history (json 1.1): LookupEvents, management events of the last 90 days.
/// CloudTrail allows 2 LookupEvents calls per second per account and region; the transport
/// retries its `ThrottlingException` with backoff.
public struct CloudTrailClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "CloudTrail", signingName: "cloudtrail", apiVersion: "2013-11-01",
        wireProtocol: .json(version: "1.1", targetPrefix: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"))

    public let client: AWSClient

    public init(_ client: AWSClient) {
        self.client = client
    }

    struct LookupEventsInput: Encodable {
        struct Attribute: Encodable {
            var AttributeKey: String
            var AttributeValue: String
        }
        var LookupAttributes: [Attribute]?
        var StartTime: Date
        var EndTime: Date
        var MaxResults: Int?
        var NextToken: String?
    }

    struct LookupEventsOutput: Decodable {
        var Events: [CloudTrailEvent]?
        var NextToken: String?
    }

    /// Management events between `start` and `end`, newest first, optionally filtered by one attribute.
    public func lookupEvents(
        attribute: CloudTrailLookupAttribute? = nil, start: Date, end: Date, pageSize: Int? = 50
    ) -> AWSPaginator<CloudTrailEvent> {
        let client = client
        let attributes = attribute.map { [LookupEventsInput.Attribute(AttributeKey: $0.key, AttributeValue: $0.value)] }
        return AWSPaginator { token in
            let output = try await client.json(Self.service, operation: "LookupEvents", input: LookupEventsInput(
                LookupAttributes: attributes, StartTime: start, EndTime: end, MaxResults: pageSize, NextToken: token),
                output: LookupEventsOutput.self)
            return AWSPage(items: output.Events ?? [], nextToken: output.NextToken)
        }
    }
}
