/// What discovery reads from an account before any edge is inferred: the seam between the AWS
/// readers (`VigilDiscovery`) and the graph (`VigilTopology`). Change it only additively.

/// The typed relations of the graph. Direction is always from the resource that acts to the one it
/// acts on: a stack `contains` a function, a function `readsFrom` a queue, a load balancer
/// `routesTo` a service, a queue `subscribesTo` a topic, a service `dependsOn` a database.
public enum EdgeKind: String, Sendable, Hashable, Codable, CaseIterable {
    case contains = "contains"
    case invokes = "invokes"
    case readsFrom = "reads-from"
    case writesTo = "writes-to"
    case routesTo = "routes-to"
    case subscribesTo = "subscribes-to"
    case dependsOn = "depends-on"
}

/// A relation a reader saw stated in a resource's own configuration, before resolution: the target
/// is whatever string the configuration used (an ARN, a queue URL, a DNS name, a table name, a
/// security group id). Inference resolves it against every resource's identifiers.
public struct DeclaredRelation: Sendable, Hashable, Codable {
    public var kind: EdgeKind
    public var target: String
    /// Where it was seen, for the edge's evidence: "event source mapping 1f2e…", "environment
    /// variable DB_HOST", "target group tg-web", "security group ingress from sg-0abc".
    public var evidence: String
    /// True when the relation points from the target to this resource rather than from it.
    public var reversed: Bool

    public init(kind: EdgeKind, target: String, evidence: String, reversed: Bool = false) {
        self.kind = kind
        self.target = target
        self.evidence = evidence
        self.reversed = reversed
    }
}

/// One resource as a reader found it.
public struct DiscoveredResource: Sendable, Hashable, Codable {
    public var arn: String
    /// CloudFormation-style type: "AWS::Lambda::Function", "AWS::ECS::Service", ...
    public var type: String
    public var name: String
    public var account: String
    public var region: String
    public var tags: [String: String]
    /// The CloudFormation stack (name) the resource belongs to, if any.
    public var stack: String?
    /// Other strings that name this resource in someone else's configuration: physical id, queue
    /// URL, endpoint address, DNS name, table name, security group id.
    public var identifiers: [String]
    /// Free-form configuration values that may name other resources (environment variables,
    /// integration URIs), keyed by where they were found. Inference matches them to identifiers.
    public var references: [String: String]
    /// Relations stated explicitly by the configuration.
    public var relations: [DeclaredRelation]

    public init(arn: String, type: String, name: String, account: String, region: String,
                tags: [String: String] = [:], stack: String? = nil, identifiers: [String] = [],
                references: [String: String] = [:], relations: [DeclaredRelation] = []) {
        self.arn = arn
        self.type = type
        self.name = name
        self.account = account
        self.region = region
        self.tags = tags
        self.stack = stack
        self.identifiers = identifiers
        self.references = references
        self.relations = relations
    }
}

/// An edge observed in operation rather than configuration (X-Ray service graph).
public struct ObservedEdge: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    public var kind: EdgeKind
    public var evidence: String

    public init(from: String, to: String, kind: EdgeKind = .invokes, evidence: String) {
        self.from = from
        self.to = to
        self.kind = kind
        self.evidence = evidence
    }
}

/// Everything one read of one account and region produced.
public struct InventorySnapshot: Sendable, Codable {
    public var account: String
    public var region: String
    public var resources: [DiscoveredResource]
    public var observedEdges: [ObservedEdge]
    /// Services or operations that could not be read (access denied, unsupported), each with why.
    /// Discovery reports these instead of pretending the account is empty.
    public var gaps: [String]

    public init(account: String, region: String, resources: [DiscoveredResource] = [],
                observedEdges: [ObservedEdge] = [], gaps: [String] = []) {
        self.account = account
        self.region = region
        self.resources = resources
        self.observedEdges = observedEdges
        self.gaps = gaps
    }
}

/// The seam a reader implements: AWS (`VigilDiscovery.AWSInventorySource`), the demo, tests.
public protocol InventorySource: Sendable {
    func readInventory() async throws -> InventorySnapshot
}
