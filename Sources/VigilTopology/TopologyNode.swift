import Foundation

/// A resource in the dependency graph of an agent space.
public struct TopologyNode: Sendable, Hashable, Codable {
    public var arn: String
    /// CloudFormation-style type name ("AWS::Lambda::Function").
    public var type: String
    public var name: String
    public var account: String
    public var region: String
    public var tags: [String: String]
    /// The CloudFormation stack name the resource belongs to, if any.
    public var stack: String?
    /// When a discovery first and last saw the resource (nil for a graph not yet stored).
    public var firstSeen: Date?
    public var lastSeen: Date?
    /// Set when a complete discovery of its account and region no longer found it.
    public var staleSince: Date?

    public init(arn: String, type: String, name: String, account: String, region: String,
                tags: [String: String] = [:], stack: String? = nil,
                firstSeen: Date? = nil, lastSeen: Date? = nil, staleSince: Date? = nil) {
        self.arn = arn
        self.type = type
        self.name = name
        self.account = account
        self.region = region
        self.tags = tags
        self.stack = stack
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.staleSince = staleSince
    }

    public init(_ resource: DiscoveredResource) {
        self.init(arn: resource.arn, type: resource.type, name: resource.name, account: resource.account,
                  region: resource.region, tags: resource.tags, stack: resource.stack)
    }
}
