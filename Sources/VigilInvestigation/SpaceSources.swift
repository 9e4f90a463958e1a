import VigilTelemetry

/// Where one agent space's investigations read from: its telemetry and its topology.
public struct SpaceSources: Sendable {
    /// For the journal: "demo", "bundle /path", "aws: metrics, alarms, ... of account A in us-east-1; ...".
    public var name: String
    public var telemetry: any TelemetrySource
    public var topology: any TopologyResolver

    public init(name: String, telemetry: any TelemetrySource, topology: any TopologyResolver) {
        self.name = name
        self.telemetry = telemetry
        self.topology = topology
    }
}

/// Chooses the sources of each agent space. Returns nil when a space has none (no AWS association,
/// no configured bundle or demo): the runner then leaves its tasks waiting in PENDING_START.
public protocol SpaceSourceProvider: Sendable {
    func sources(forSpace space: String) async throws -> SpaceSources?
}

/// The same sources for every space (the demo, a bundle, tests).
public struct SharedSources: SpaceSourceProvider {
    public let shared: SpaceSources
    public init(_ shared: SpaceSources) { self.shared = shared }
    public func sources(forSpace space: String) async throws -> SpaceSources? { shared }
}
