/// What an investigation asks a source for: the telemetry of some entities over a window.
public struct TelemetryRequest: Sendable, Hashable {
    public var incident: IncidentInfo
    /// The entities to collect for (the incident's resources and their graph neighbourhood).
    /// Empty means "everything the source has".
    public var entities: [String]
    public var windowStart: Double
    public var windowEnd: Double

    public init(incident: IncidentInfo, entities: [String], windowStart: Double, windowEnd: Double) {
        self.incident = incident
        self.entities = entities
        self.windowStart = windowStart
        self.windowEnd = windowEnd
    }
}

/// The seam every telemetry provider implements: AWS collectors, the demo simulation, a bundle.
/// An investigation sees only what a source returns.
public protocol TelemetrySource: Sendable {
    func collect(_ request: TelemetryRequest) async throws -> IncidentTelemetry
}
