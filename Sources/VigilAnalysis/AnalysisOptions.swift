/// Settings of `RootCauseAnalyzer`. The defaults are the one configuration used for every kind
/// of incident and dataset; nothing here is specific to one system.
public struct AnalysisOptions: Sendable {
    public var metrics = MetricAnomalyDetector()
    public var logs = LogAnomalyDetector()
    public var traces = TraceAnomalyDetector()
    /// Changes up to this many seconds before `detectedAt` (and up to the onset) are correlated.
    public var changeWindow: Double = 1800
    /// Hypotheses returned at most.
    public var maxHypotheses = 10
    /// Evidence items kept per hypothesis (strongest first).
    public var maxEvidencePerHypothesis = 8
    /// Share of an entity's non-intrinsic anomaly (latency, errors, log surges) taken away when an
    /// entity it depends on is at least as anomalous and started no later: the callee explains it.
    public var inheritedDiscount = 0.6
    /// A callee's onset may trail the caller's by this many seconds and still explain it (one
    /// sampling interval of minute-level metrics).
    public var onsetTolerance: Double = 60
    /// Factor for entities in the call graph that the symptom does not depend on.
    public var offPathFactor = 0.8
    /// Hypotheses below this score are dropped.
    public var minScore = 0.02
    /// Decisive when the best hypothesis scores this many times the second ...
    public var decisiveMargin = 1.3
    /// ... and its confidence is at least this.
    public var decisiveConfidence = 0.35

    public init() {}

    public static let `default` = AnalysisOptions()
}
