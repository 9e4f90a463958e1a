import VigilTelemetry

/// What an incident says about where it happened: its texts, and resource names given explicitly
/// (an alert's resource label, a task's metadata). All of it is untrusted text used only for matching.
public struct IncidentHints: Sendable, Hashable {
    public var texts: [String]
    public var explicitResources: [String]

    public init(texts: [String], explicitResources: [String] = []) {
        self.texts = texts
        self.explicitResources = explicitResources
    }
}

/// A resource of the topology as telemetry names it.
public struct ScopedResource: Sendable, Hashable, Codable {
    /// The entity name metrics, logs and spans use for it.
    public var entity: String
    public var arn: String
    public var type: String
    /// Why it is in scope: "named in the incident", "calls checkout", ...
    public var reason: String

    public init(entity: String, arn: String, type: String, reason: String) {
        self.entity = entity
        self.arn = arn
        self.type = type
        self.reason = reason
    }
}

/// The part of the topology an investigation looks at.
public struct ResolvedScope: Sendable {
    /// Resources the incident names.
    public var matched: [ScopedResource]
    /// Their neighbours in the graph (callers and dependencies).
    public var neighbours: [ScopedResource]
    /// Call edges among everything in scope.
    public var edges: [CallEdge]

    public init(matched: [ScopedResource], neighbours: [ScopedResource], edges: [CallEdge]) {
        self.matched = matched
        self.neighbours = neighbours
        self.edges = edges
    }

    /// The entities to collect telemetry for; empty means everything the source has.
    public var entities: [String] { matched.isEmpty ? [] : (matched + neighbours).map(\.entity) }
}

/// Finds an incident's resources and their neighbourhood in a space's topology.
public protocol TopologyResolver: Sendable {
    func resolve(_ hints: IncidentHints) async throws -> ResolvedScope
}
