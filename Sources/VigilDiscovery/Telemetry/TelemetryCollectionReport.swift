import VigilTelemetry

/// A read that failed during a collection: the others went on without it.
public struct TelemetryGap: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `metrics`, `alarms`, `logs`, `traces`, `service-graph`, `cloudtrail`, `codedeploy`, `codepipeline`.
    public var collector: String
    /// `<Service>:<Operation>`, as inventory gaps name them.
    public var operation: String
    /// The entity, log group or pipeline concerned, when there is one.
    public var subject: String?
    public var reason: String

    public init(collector: String, operation: String, subject: String? = nil, reason: String) {
        self.collector = collector
        self.operation = operation
        self.subject = subject
        self.reason = reason
    }

    public var description: String {
        "\(operation)\(subject.map { " [\($0)]" } ?? ""): \(reason)"
    }
}

/// What `AWSTelemetrySource.collectReport` returns: the telemetry, the reads that failed, and
/// where a cap cut the data short (so an investigation knows what it did not see).
public struct TelemetryCollectionReport: Sendable {
    public var telemetry: IncidentTelemetry
    public var gaps: [TelemetryGap]
    /// Caps that were reached: "logs [/aws/lambda/checkout]: kept the latest 2000 of 5120 events".
    public var truncations: [String]

    public init(telemetry: IncidentTelemetry, gaps: [TelemetryGap] = [], truncations: [String] = []) {
        self.telemetry = telemetry
        self.gaps = gaps
        self.truncations = truncations
    }
}

/// The part of a report one collector produced.
struct CollectorOutput: Sendable {
    var metrics: [MetricSeries] = []
    var logs: [LogEvent] = []
    var spans: [Span] = []
    var changes: [ChangeEvent] = []
    var alarms: [AlarmEvent] = []
    var edges: [CallEdge] = []
    var gaps: [TelemetryGap] = []
    var truncations: [String] = []

    mutating func merge(_ other: CollectorOutput) {
        metrics += other.metrics
        logs += other.logs
        spans += other.spans
        changes += other.changes
        alarms += other.alarms
        edges += other.edges
        gaps += other.gaps
        truncations += other.truncations
    }

    mutating func gap(_ collector: String, _ operation: String, _ subject: String? = nil, _ error: any Error) {
        gaps.append(TelemetryGap(collector: collector, operation: operation, subject: subject, reason: Self.reason(error)))
    }

    /// The error's own description (an `AWSClientError` names service, operation, account and code).
    static func reason(_ error: any Error) -> String {
        if error is CancellationError { return "cancelled" }
        return "\(error)"
    }
}
