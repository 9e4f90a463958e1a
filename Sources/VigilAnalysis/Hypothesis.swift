import VigilTelemetry

/// The analysis core's output: ranked root-cause hypotheses, each backed by evidence that points at
/// concrete data. The seam between analysis and investigations; change it only additively.

/// One piece of evidence. `kind` says which detector produced it; the optional fields point at the
/// data it rests on so a person (or the journal) can look at exactly that.
public struct Evidence: Sendable, Hashable, Codable {
    /// "metric-anomaly", "change-point", "log-surge", "new-template", "trace-errors",
    /// "trace-latency", "change", "alarm", "propagation".
    public var kind: String
    public var entity: String
    /// One sentence a person can read.
    public var summary: String
    /// Strength in [0, 1] as the detector judged it.
    public var score: Double
    /// The time range the evidence covers (epoch seconds).
    public var start: Double?
    public var end: Double?
    /// Metric evidence: the series.
    public var metric: String?
    /// Log evidence: template id and text, counts in baseline and incident.
    public var templateId: String?
    public var template: String?
    public var baselineCount: Int?
    public var incidentCount: Int?
    /// Trace evidence: example trace ids.
    public var traceIds: [String]?
    /// Change evidence: the change's reference and kind.
    public var changeReference: String?

    public init(kind: String, entity: String, summary: String, score: Double, start: Double? = nil, end: Double? = nil,
                metric: String? = nil, templateId: String? = nil, template: String? = nil,
                baselineCount: Int? = nil, incidentCount: Int? = nil, traceIds: [String]? = nil,
                changeReference: String? = nil) {
        self.kind = kind
        self.entity = entity
        self.summary = summary
        self.score = score
        self.start = start
        self.end = end
        self.metric = metric
        self.templateId = templateId
        self.template = template
        self.baselineCount = baselineCount
        self.incidentCount = incidentCount
        self.traceIds = traceIds
        self.changeReference = changeReference
    }
}

/// A candidate root cause. Never produced without at least one piece of evidence.
public struct Hypothesis: Sendable, Hashable, Codable {
    public var entity: String
    /// What went wrong: "bad-deployment", "cpu-saturation", "memory-leak", "latency", "errors",
    /// "connection-exhaustion", "throttling", "certificate-expiry", "config-change", "unknown", ...
    public var kind: String
    /// In [0, 1]; comparable within one report.
    public var confidence: Double
    public var evidence: [Evidence]

    public init(entity: String, kind: String, confidence: Double, evidence: [Evidence]) {
        self.entity = entity
        self.kind = kind
        self.confidence = confidence
        self.evidence = evidence
    }
}

/// One entry of the incident's timeline (first anomaly, deployment, alarm, ...).
public struct TimelineEntry: Sendable, Hashable, Codable {
    public var timestamp: Double
    public var entity: String
    public var kind: String
    public var summary: String

    public init(timestamp: Double, entity: String, kind: String, summary: String) {
        self.timestamp = timestamp
        self.entity = entity
        self.kind = kind
        self.summary = summary
    }
}

/// What one analysis of one incident window concluded.
public struct AnalysisReport: Sendable, Codable {
    public var incident: IncidentInfo
    /// Best first.
    public var hypotheses: [Hypothesis]
    public var timeline: [TimelineEntry]
    /// False when nothing stood out enough to name a cause; `verdict` then says so.
    public var decisive: Bool
    /// One or two sentences: the conclusion, or why there is none ("no data in the window").
    public var verdict: String

    public init(incident: IncidentInfo, hypotheses: [Hypothesis], timeline: [TimelineEntry], decisive: Bool, verdict: String) {
        self.incident = incident
        self.hypotheses = hypotheses
        self.timeline = timeline
        self.decisive = decisive
        self.verdict = verdict
    }
}
