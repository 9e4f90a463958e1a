/// A `TelemetrySource` over a bundle directory: each `collect` reads the bundle and returns the
/// part inside the requested window (and entities, when the request names some).
public struct BundleTelemetrySource: TelemetrySource {
    public let directory: String
    public let strict: Bool

    public init(directory: String, strict: Bool = false) {
        self.directory = directory
        self.strict = strict
    }

    public func collect(_ request: TelemetryRequest) async throws -> IncidentTelemetry {
        let bundle = try TelemetryBundle.read(directory: directory, strict: strict)
        return Self.restrict(bundle.telemetry, to: request)
    }

    /// The part of `telemetry` inside the request's window and entities. Edges are kept when both
    /// ends are wanted.
    public static func restrict(_ telemetry: IncidentTelemetry, to request: TelemetryRequest) -> IncidentTelemetry {
        let lo = request.windowStart
        let hi = request.windowEnd
        let wanted = Set(request.entities)
        func keep(_ entity: String) -> Bool { wanted.isEmpty || wanted.contains(entity) }
        func inside(_ t: Double) -> Bool { t >= lo && t < hi }
        var out = IncidentTelemetry(incident: request.incident, windowStart: lo, windowEnd: hi)
        for m in telemetry.metrics where keep(m.entity) {
            var s = m
            s.timestamps = []
            s.values = []
            for (t, v) in zip(m.timestamps, m.values) where inside(t) {
                s.timestamps.append(t)
                s.values.append(v)
            }
            if !s.timestamps.isEmpty { out.metrics.append(s) }
        }
        out.logs = telemetry.logs.filter { keep($0.entity) && inside($0.timestamp) }
        out.spans = telemetry.spans.filter { keep($0.entity) && inside($0.start) }
        out.changes = telemetry.changes.filter { keep($0.entity) && inside($0.timestamp) }
        out.alarms = telemetry.alarms.filter { keep($0.entity) && inside($0.timestamp) }
        out.edges = telemetry.edges.filter { keep($0.caller) && keep($0.callee) }
        return out
    }
}
