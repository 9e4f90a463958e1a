import VigilTelemetry

/// A change or an alarm that falls where it can explain the incident.
public struct CorrelatedEvent: Sendable, Hashable {
    public var entity: String
    public var timestamp: Double
    /// In [0, 1]: 1 right at the onset, falling to 0.5 at the far end of the window.
    public var score: Double
    public var change: ChangeEvent?
    public var alarm: AlarmEvent?
}

/// Changes (deployments, config changes) on an entity shortly before the onset: from
/// `window` seconds before `detectedAt` up to the onset (or `detectedAt` if later). The closer
/// to the onset, the stronger. Pure.
public struct ChangeCorrelator: Sendable {
    public var window: Double = 1800

    public init(window: Double = 1800) { self.window = window }

    public func correlate(_ changes: [ChangeEvent], detectedAt: Double, onset: Double) -> [CorrelatedEvent] {
        let end = max(detectedAt, onset)
        let start = detectedAt - window
        return changes.filter { $0.timestamp >= start && $0.timestamp <= end }.map { c in
            let gap = max(0, end - c.timestamp)
            let span = max(end - start, 1)
            return CorrelatedEvent(entity: c.entity, timestamp: c.timestamp, score: 1 - 0.5 * gap / span, change: c, alarm: nil)
        }.sorted { $0.timestamp != $1.timestamp ? $0.timestamp < $1.timestamp : $0.entity < $1.entity }
    }
}

/// Alarm transitions into the alarm state inside the window. Pure.
public struct AlarmDetector: Sendable {
    static let alarmStates: Set<String> = ["alarm", "firing", "triggered", "critical", "open"]

    public init() {}

    public func detect(_ alarms: [AlarmEvent], windowStart: Double, windowEnd: Double) -> [CorrelatedEvent] {
        alarms.filter { Self.alarmStates.contains($0.state.lowercased()) && $0.timestamp >= windowStart && $0.timestamp < windowEnd }
            .map { CorrelatedEvent(entity: $0.entity, timestamp: $0.timestamp, score: 0.5, change: nil, alarm: $0) }
            .sorted { $0.timestamp != $1.timestamp ? $0.timestamp < $1.timestamp : $0.entity < $1.entity }
    }
}
