/// The telemetry of one incident window, as every source delivers it (AWS collectors, the demo's
/// simulation, an on-disk bundle) and as the analysis core reads it.
///
/// Times are seconds since the Unix epoch (UTC) as `Double`: one representation for every source,
/// cheap to compare and subtract in the detectors. Entities are plain strings naming what emitted
/// the data (a service, a pod, a resource ARN); sources choose them so that metrics, logs, spans,
/// changes and topology of the same thing use the same name.
///
/// These types are the seam between sources and analysis: change them only additively.

/// What is being investigated: the moment the incident was detected and, when known, where.
public struct IncidentInfo: Sendable, Hashable, Codable {
    /// Data before this instant is the baseline; data from it on is the incident.
    public var detectedAt: Double
    /// The entity showing the symptom (the alarm's resource, the failing front end), if known.
    public var symptom: String?
    public var title: String

    public init(detectedAt: Double, symptom: String? = nil, title: String) {
        self.detectedAt = detectedAt
        self.symptom = symptom
        self.title = title
    }
}

/// One metric of one entity: parallel arrays of timestamps (ascending) and values.
/// Missing samples are absent, not NaN.
public struct MetricSeries: Sendable, Hashable, Codable {
    public var entity: String
    public var metric: String
    public var timestamps: [Double]
    public var values: [Double]
    /// Unit or statistic as the source named it ("Percent", "p99"), informational.
    public var unit: String?

    public init(entity: String, metric: String, timestamps: [Double], values: [Double], unit: String? = nil) {
        self.entity = entity
        self.metric = metric
        self.timestamps = timestamps
        self.values = values
        self.unit = unit
    }
}

/// One log line of one entity. `message` is untrusted operational text.
public struct LogEvent: Sendable, Hashable, Codable {
    public var timestamp: Double
    public var entity: String
    public var message: String
    public var level: String?
    public var traceId: String?

    public init(timestamp: Double, entity: String, message: String, level: String? = nil, traceId: String? = nil) {
        self.timestamp = timestamp
        self.entity = entity
        self.message = message
        self.level = level
        self.traceId = traceId
    }
}

/// One span of a distributed trace. `start` in epoch seconds, duration in milliseconds.
public struct Span: Sendable, Hashable, Codable {
    public var traceId: String
    public var spanId: String
    public var parentSpanId: String?
    public var entity: String
    public var operation: String
    public var start: Double
    public var durationMs: Double
    public var error: Bool

    public init(traceId: String, spanId: String, parentSpanId: String? = nil, entity: String, operation: String,
                start: Double, durationMs: Double, error: Bool = false) {
        self.traceId = traceId
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.entity = entity
        self.operation = operation
        self.start = start
        self.durationMs = durationMs
        self.error = error
    }
}

/// A deployment, configuration change, pipeline run or similar event on an entity.
public struct ChangeEvent: Sendable, Hashable, Codable {
    public var timestamp: Double
    public var entity: String
    /// "deployment", "config", "pipeline", "scaling", ... as the source reports it.
    public var kind: String
    public var description: String
    /// Where the change was read from and its id there (CloudTrail event id, deployment id, commit).
    public var reference: String?

    public init(timestamp: Double, entity: String, kind: String, description: String, reference: String? = nil) {
        self.timestamp = timestamp
        self.entity = entity
        self.kind = kind
        self.description = description
        self.reference = reference
    }
}

/// An alarm's state change (CloudWatch alarm, alert rule) on an entity.
public struct AlarmEvent: Sendable, Hashable, Codable {
    public var timestamp: Double
    public var entity: String
    public var name: String
    /// "ALARM", "OK", "INSUFFICIENT_DATA" or the source's own vocabulary.
    public var state: String
    public var reason: String?

    public init(timestamp: Double, entity: String, name: String, state: String, reason: String? = nil) {
        self.timestamp = timestamp
        self.entity = entity
        self.name = name
        self.state = state
        self.reason = reason
    }
}

/// A directed call edge between entities: `caller` depends on `callee`.
public struct CallEdge: Sendable, Hashable, Codable {
    public var caller: String
    public var callee: String

    public init(caller: String, callee: String) {
        self.caller = caller
        self.callee = callee
    }
}

/// Everything known about one incident window.
public struct IncidentTelemetry: Sendable, Codable {
    public var incident: IncidentInfo
    /// The window the data covers (epoch seconds, inclusive start, exclusive end).
    public var windowStart: Double
    public var windowEnd: Double
    public var metrics: [MetricSeries]
    public var logs: [LogEvent]
    public var spans: [Span]
    public var changes: [ChangeEvent]
    public var alarms: [AlarmEvent]
    /// The call graph (from topology or traces), if the source knows it.
    public var edges: [CallEdge]

    public init(incident: IncidentInfo, windowStart: Double, windowEnd: Double,
                metrics: [MetricSeries] = [], logs: [LogEvent] = [], spans: [Span] = [],
                changes: [ChangeEvent] = [], alarms: [AlarmEvent] = [], edges: [CallEdge] = []) {
        self.incident = incident
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.metrics = metrics
        self.logs = logs
        self.spans = spans
        self.changes = changes
        self.alarms = alarms
        self.edges = edges
    }
}
