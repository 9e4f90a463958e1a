import VigilTelemetry

/// The analysis core's entry point: runs every detector on an incident window, combines their
/// findings with the call graph and ranks the entities that may be the root cause.
///
/// Ranking, in short (docs/analysis.md has the details):
/// 1. each entity's own anomaly combines its strongest metric, log and trace evidence;
/// 2. anomalies an entity only inherits are discounted: a metric shift that a regression on its
///    callees' series explains, trace latency or errors that come from its children, and any
///    non-resource anomaly when an entity it depends on is at least as anomalous and started no
///    later (anomaly evidence propagates against the call direction);
/// 3. entities the symptom does not depend on are discounted; changes shortly before the onset
///    boost their entity.
/// Deterministic: the same telemetry gives the same report. Pure.
public enum RootCauseAnalyzer {
    public static func analyze(_ telemetry: IncidentTelemetry, options: AnalysisOptions = .default) -> AnalysisReport {
        let detectedAt = telemetry.incident.detectedAt
        let hasData = !telemetry.metrics.allSatisfy({ $0.timestamps.isEmpty }) || !telemetry.logs.isEmpty
            || !telemetry.spans.isEmpty || !telemetry.changes.isEmpty || !telemetry.alarms.isEmpty
        guard hasData else {
            return AnalysisReport(incident: telemetry.incident, hypotheses: [], timeline: [], decisive: false,
                                  verdict: "No data in the window \(AnalysisTime.iso(telemetry.windowStart)) to \(AnalysisTime.iso(telemetry.windowEnd)): there is nothing to analyse.")
        }
        var edges = telemetry.edges
        if !telemetry.spans.isEmpty {
            let known = Set(edges)
            edges += TraceAnomalyDetector.edges(telemetry.spans).filter { !known.contains($0) }
        }
        let graph = CallGraph(edges)
        var findings: [String: EntityFindings] = [:]

        collectMetricEvidence(telemetry, graph: graph, options: options, into: &findings)
        collectLogEvidence(telemetry, options: options, into: &findings)
        collectTraceEvidence(telemetry, options: options, into: &findings)

        let anomalous = findings.filter { $0.value.raw > 0 }
        let earliestOnset = anomalous.values.map(\.onset).min() ?? detectedAt
        let changes = ChangeCorrelator(window: options.changeWindow).correlate(telemetry.changes, detectedAt: detectedAt, onset: earliestOnset)
        for c in changes {
            guard let change = c.change else { continue }
            let e = Evidence(kind: "change", entity: c.entity,
                             summary: "\(change.kind) at \(AnalysisTime.iso(c.timestamp)): \(change.description.prefix(200))",
                             score: c.score, start: c.timestamp, end: c.timestamp, changeReference: change.reference ?? "\(change.kind)@\(AnalysisTime.iso(c.timestamp))")
            findings[c.entity, default: EntityFindings()].events.append(e)
            if let f = findings[c.entity], f.events.filter({ $0.kind == "change" }).allSatisfy({ $0.score <= c.score }) {
                findings[c.entity]?.changeKind = change.kind
            }
        }
        let alarms = AlarmDetector().detect(telemetry.alarms, windowStart: telemetry.windowStart, windowEnd: telemetry.windowEnd)
        for a in alarms {
            guard let alarm = a.alarm else { continue }
            let e = Evidence(kind: "alarm", entity: a.entity,
                             summary: "alarm \(alarm.name) went to \(alarm.state) at \(AnalysisTime.iso(a.timestamp))\(alarm.reason.map { ": \($0.prefix(200))" } ?? "")",
                             score: a.score, start: a.timestamp, end: a.timestamp)
            findings[a.entity, default: EntityFindings()].events.append(e)
        }

        let hypotheses = rank(findings, graph: graph, symptom: telemetry.incident.symptom, anyAnomaly: !anomalous.isEmpty, options: options)
        let timeline = buildTimeline(findings, changes: changes, alarms: alarms, detectedAt: detectedAt)
        let (decisive, verdict) = conclude(hypotheses, telemetry: telemetry, options: options)
        return AnalysisReport(incident: telemetry.incident, hypotheses: hypotheses, timeline: timeline, decisive: decisive, verdict: verdict)
    }

    // MARK: evidence

    static func collectMetricEvidence(_ telemetry: IncidentTelemetry, graph: CallGraph, options: AnalysisOptions,
                                      into findings: inout [String: EntityFindings]) {
        let detectedAt = telemetry.incident.detectedAt
        var anomalies: [(series: MetricSeries, anomaly: MetricAnomaly)] = []
        for s in telemetry.metrics {
            if let a = options.metrics.detect(s, detectedAt: detectedAt) { anomalies.append((s, a)) }
        }
        // Each entity's most anomalous series, the regressors for its callers.
        var primary: [String: (series: MetricSeries, z: Double)] = [:]
        for (s, a) in anomalies where a.z > (primary[s.entity]?.z ?? -1) { primary[s.entity] = (s, a.z) }
        // Common-mode discount: a metric that moved the same way on many entities at once says
        // little about where the fault is (it is the incident's shape, not its origin).
        var peers: [String: Set<String>] = [:]
        for (s, a) in anomalies { peers["\(s.metric)|\(a.direction)", default: []].insert(s.entity) }
        let explainer = ResidualExplainer(detector: options.metrics)
        // Request volume that stopped arriving is judged by TrafficLoss, against the callers.
        let losses = TrafficLoss.find(telemetry.metrics, anomalies: anomalies, detectedAt: detectedAt)
        let blamed = TrafficLoss.callersToBlame(losses, anomalies: anomalies, graph: graph)
        for (callee, callers) in blamed.sorted(by: { $0.key < $1.key }) {
            guard let loss = losses[callee] else { continue }
            TrafficLoss.attribute(loss, to: callers, into: &findings, options: options)
        }
        for (series, anomaly) in anomalies {
            if blamed[series.entity] != nil, losses[series.entity]?.series.metric == series.metric { continue }
            var a = anomaly
            var residualJudged = false
            let callees = graph.directCallees(of: series.entity).compactMap { primary[$0]?.series }
            if !callees.isEmpty {
                switch explainer.explain(series, by: callees, detectedAt: detectedAt) {
                case .notFitted: break
                case .explained:
                    let names = callees.map(\.entity).joined(separator: ", ")
                    let e = Evidence(kind: "propagation", entity: series.entity,
                                     summary: "\(series.metric) \(a.direction > 0 ? "rose" : "fell") (z \(AnalysisTime.number(a.z))) but \(names) explain it (regression on the baseline)",
                                     score: 0, start: a.onset, end: a.end, metric: series.metric)
                    findings[series.entity, default: EntityFindings()].propagation.append(e)
                    continue
                case .residual(let r):
                    a.z = r.z
                    a.onset = r.onset
                    residualJudged = true
                }
            }
            let peerCount = Double(peers["\(series.metric)|\(anomaly.direction)"]?.count ?? 1)
            // Known-bad direction counts fully, a metric whose name says nothing about health
            // (traffic, syscalls, bytes) half, the benign direction of a known metric 0.3.
            let known = MetricSemantics.direction(of: series.metric) != .either
            let score = RobustStatistics.score(z: a.z, threshold: options.metrics.threshold - 1) * (a.badDirection ? (known ? 1 : 0.5) : 0.3)
                / peerCount.squareRoot()
                * (a.relativeChange / (a.relativeChange + 0.25))
                * (MetricSemantics.isHostLevel(series.metric) ? 0.3 : 1)
                * (a.levelShift ? 1 : 0.5)
            let intrinsic = a.direction > 0 && MetricSemantics.isResource(series.metric) && !MetricSemantics.isHostLevel(series.metric)
            let verb = a.direction > 0 ? "rose" : "fell"
            let shape = a.levelShift ? "level shift" : "burst"
            let summary = "\(series.metric) \(verb) from \(AnalysisTime.number(a.baselineMedian)) (baseline median) to \(AnalysisTime.number(a.incidentMedian)) (incident median), \(shape) with robust z \(AnalysisTime.number(a.z))\(residualJudged ? " beyond what its callees explain" : "") from \(AnalysisTime.iso(a.onset))\(a.seasonPeriod.map { "; seasonality of \($0) samples removed" } ?? "")"
            let e = Evidence(kind: a.levelShift ? "change-point" : "metric-anomaly", entity: series.entity, summary: summary,
                             score: score, start: a.onset, end: a.end, metric: series.metric)
            findings[series.entity, default: EntityFindings()].add(e, modality: .metric, intrinsic: intrinsic,
                                                                   kind: MetricSemantics.kind(of: series.metric, direction: a.direction), onset: a.onset)
        }
    }

    static func collectLogEvidence(_ telemetry: IncidentTelemetry, options: AnalysisOptions, into findings: inout [String: EntityFindings]) {
        let anomalies = options.logs.detect(telemetry.logs, detectedAt: telemetry.incident.detectedAt,
                                            windowStart: telemetry.windowStart, windowEnd: telemetry.windowEnd)
        var perEntity: [String: Int] = [:]
        for a in anomalies {
            let count = perEntity[a.entity, default: 0]
            guard count < 5 else { continue }
            perEntity[a.entity] = count + 1
            // Templates that are not about errors come and go with the workload: they count little.
            let score = RobustStatistics.score(z: a.z, threshold: options.logs.threshold - 1) * (a.isError ? 1 : 0.25)
            let kind: String
            let summary: String
            switch a.kind {
            case .surge:
                kind = "log-surge"
                summary = "log template \(a.templateId ?? 0) surged: \(a.incidentCount) lines in the incident vs \(a.baselineCount) in the baseline (z \(AnalysisTime.number(a.z)))"
            case .newTemplate:
                kind = "new-template"
                summary = "log template \(a.templateId ?? 0) never seen in the baseline appeared \(a.incidentCount) times (z \(AnalysisTime.number(a.z)))"
            case .errorShare:
                kind = "log-errors"
                summary = "share of error lines rose: \(a.incidentCount) error lines in the incident vs \(a.baselineCount) in the baseline (z \(AnalysisTime.number(a.z)))"
            }
            let e = Evidence(kind: kind, entity: a.entity, summary: summary, score: score, start: a.onset, end: a.end,
                             templateId: a.templateId.map(String.init), template: a.template.map { String($0.prefix(300)) },
                             baselineCount: a.baselineCount, incidentCount: a.incidentCount,
                             traceIds: a.traceIds.isEmpty ? nil : a.traceIds)
            let failure = a.template.flatMap(FailureKind.fromTemplate) ?? (a.isError ? "errors" : nil)
            findings[a.entity, default: EntityFindings()].add(e, modality: .log, intrinsic: false, kind: failure, onset: a.onset)
        }
    }

    static func collectTraceEvidence(_ telemetry: IncidentTelemetry, options: AnalysisOptions, into findings: inout [String: EntityFindings]) {
        for a in options.traces.detect(telemetry.spans, detectedAt: telemetry.incident.detectedAt) {
            let what: String
            switch a.kind {
            case .slowEdge:
                what = "calls \(a.operation) spend a median \(AnalysisTime.number(a.incidentValue)) ms between the two services over the whole window, against \(AnalysisTime.number(a.baselineValue)) ms for the median edge"

            case .latency:
                what = a.own
                    ? "own span time of \(a.operation) rose: median \(AnalysisTime.number(a.incidentValue)) ms vs \(AnalysisTime.number(a.baselineValue)) ms in the baseline"
                    : "span durations rose (z \(AnalysisTime.number(a.z))) while its own time did not: it waits on its callees"
            case .errors:
                what = a.own
                    ? "spans failing on their own: \(AnalysisTime.number(a.incidentValue * 100))% of \(a.incidentSpans) incident spans vs \(AnalysisTime.number(a.baselineValue * 100))% in the baseline (\(a.operation) most)"
                    : "span errors rose (\(AnalysisTime.number(a.incidentValue * 100))%) but come from failing callees"
            }
            let kind = a.kind == .errors ? "trace-errors" : "trace-latency"
            if !a.own {
                let e = Evidence(kind: "propagation", entity: a.entity, summary: what, score: 0, start: a.onset, end: a.end,
                                 traceIds: a.traceIds.isEmpty ? nil : a.traceIds)
                findings[a.entity, default: EntityFindings()].propagation.append(e)
                continue
            }
            // Effect size next to significance: with thousands of spans a 5% slowdown is
            // significant, yet says little next to a service whose spans take ten times longer.
            let effect = a.kind == .errors
                ? max(0, a.incidentValue - a.baselineValue) * 5
                : max(0, a.incidentValue / max(a.baselineValue, 0.01) - 1)
            // A peer comparison is weaker than a change against the entity's own baseline.
            let score = RobustStatistics.score(z: a.z, threshold: options.traces.threshold - 1) * (effect / (effect + 1))
                * (a.kind == .slowEdge ? 0.7 : 1)
            let e = Evidence(kind: kind, entity: a.entity, summary: what + " (z \(AnalysisTime.number(a.z)))", score: score,
                             start: a.onset, end: a.end, traceIds: a.traceIds.isEmpty ? nil : a.traceIds)
            // Trace evidence already separates own time and errors from what callees cause, so the
            // topology rule (which exists for modalities that cannot) does not discount it again.
            findings[a.entity, default: EntityFindings()].add(e, modality: .trace, intrinsic: true,
                                                              kind: a.kind == .errors ? "errors" : "latency", onset: a.onset,
                                                              group: "\(a.kind == .errors ? "errors" : "latency") \(a.operation)")
        }
    }
}
