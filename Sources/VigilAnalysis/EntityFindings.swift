/// What the detectors found about one entity, before ranking.
struct EntityFindings {
    /// Evidence of the entity's own anomaly.
    var evidence: [Evidence] = []
    /// Anomalies the entity shows but inherits (from callees, per regression or traces).
    var propagation: [Evidence] = []
    /// Changes and alarms on the entity.
    var events: [Evidence] = []
    /// Kind of the strongest correlated change ("deployment", "config", ...).
    var changeKind: String?
    /// Strongest evidence that is the entity's own state whatever its callees do (a resource
    /// metric rising, a residual after regressing on its callees).
    var intrinsic = 0.0
    /// Strongest other evidence per modality.
    var metric = 0.0
    var log = 0.0
    var trace = 0.0
    /// Trace evidence by operation or edge: independent confirmations (several callers all slow
    /// into this entity) add up, the same operation seen twice does not.
    var traceGroups: [String: Double] = [:]
    /// Strongest evidence of errors that is not intrinsic (a success rate falling, error logs), and
    /// strongest evidence of failing requests of any sort (errors, throttling, exhausted
    /// connections, ...): a caller's errors are passed up only by callees that fail themselves.
    var errors = 0.0
    var anyErrors = 0.0
    var onset = Double.infinity
    /// Candidate failure kinds with their weights.
    var kinds: [String: Double] = [:]

    mutating func add(_ e: Evidence, modality: Modality, intrinsic isIntrinsic: Bool, kind: String?, onset t: Double,
                      group: String? = nil) {
        evidence.append(e)
        if let group {
            traceGroups[group] = max(traceGroups[group] ?? 0, e.score)
            // The strongest four groups, combined as independent signals.
            let top = traceGroups.values.sorted(by: >).prefix(4)
            let combined = 1 - top.reduce(1.0) { $0 * (1 - $1) }
            if isIntrinsic { intrinsic = max(intrinsic, combined) } else { trace = max(trace, combined) }
        } else if isIntrinsic {
            intrinsic = max(intrinsic, e.score)
        } else {
            switch modality {
            case .metric: metric = max(metric, e.score)
            case .log: log = max(log, e.score)
            case .trace: trace = max(trace, e.score)
            }
        }
        if e.score > 0, t.isFinite { onset = min(onset, t) }
        if let kind { kinds[kind, default: 0] += e.score }
        if let kind, FailureKind.failingKinds.contains(kind) { anyErrors = max(anyErrors, e.score) }
        if kind == "errors", !isIntrinsic { errors = max(errors, e.score) }
    }

    enum Modality { case metric, log, trace }

    /// Non-intrinsic anomaly, the modalities combined as independent signals.
    var nonIntrinsic: Double { 1 - (1 - metric) * (1 - log) * (1 - trace) }

    /// All own anomaly.
    var raw: Double { 1 - (1 - intrinsic) * (1 - nonIntrinsic) }

    var hasOwnEvidence: Bool { evidence.contains { $0.score > 0 } }
}
