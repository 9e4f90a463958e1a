import VigilTelemetry

/// Traffic that stopped arriving points upstream. Latency and errors travel against the call
/// direction (a failing callee makes its callers slow or fail), but a fall in the requests an
/// entity receives travels with it: a caller that fails before it makes its calls (an exception,
/// an early error return) shows up as silence at its callees while the callees themselves are
/// fine. So a callee's request volume falling sharply is not the callee's own anomaly but
/// evidence against its direct callers, when
/// - the callee shows no latency or error anomaly of its own (a slow callee also receives fewer
///   requests: clients that wait send less, and then the fall is its consequence, not a clue);
/// - the caller did not lose its own traffic (else it only passes on what reached it);
/// - errors show at the caller or upstream of it: failing before the call is failing. Without any
///   error, fewer requests is less demand. Pure.
struct TrafficLoss {
    var series: MetricSeries
    var anomaly: MetricAnomaly
    /// Share of the baseline volume that is gone, in (0, 1].
    var fraction: Double

    /// A fall of at least this share of the baseline volume, held over the incident, counts.
    static let minimumFraction = 0.5
    /// Consecutive incident samples at zero, after a baseline that never was, that count as
    /// silence even when the series is too noisy for its fall to be significant.
    static let silentSamples = 2

    /// Each entity's sharpest sustained fall of a request-volume metric: a significant level shift
    /// down by at least half, or silence.
    static func find(_ metrics: [MetricSeries], anomalies: [(series: MetricSeries, anomaly: MetricAnomaly)],
                     detectedAt: Double) -> [String: TrafficLoss] {
        var out: [String: TrafficLoss] = [:]
        func keep(_ loss: TrafficLoss) {
            if loss.fraction > (out[loss.series.entity]?.fraction ?? 0) { out[loss.series.entity] = loss }
        }
        for (s, a) in anomalies where MetricSemantics.isTraffic(s.metric) && a.direction < 0 && a.levelShift && a.baselineMedian > 0 {
            let fraction = min(1, max(0, (a.baselineMedian - a.incidentMedian) / a.baselineMedian))
            if fraction >= minimumFraction { keep(TrafficLoss(series: s, anomaly: a, fraction: fraction)) }
        }
        for s in metrics where MetricSemantics.isTraffic(s.metric) {
            if let loss = silence(s, detectedAt: detectedAt) { keep(loss) }
        }
        return out
    }

    /// A traffic series that never was zero before `detectedAt` and then is zero for
    /// `silentSamples` samples in a row.
    static func silence(_ s: MetricSeries, detectedAt: Double) -> TrafficLoss? {
        let n = min(s.timestamps.count, s.values.count)
        var split = 0
        while split < n, s.timestamps[split] < detectedAt { split += 1 }
        let baseline = Array(s.values[0..<split])
        guard baseline.count >= 2, baseline.allSatisfy({ $0 > 0 }), split < n else { return nil }
        var run = 0
        var start: Int?
        var end = split
        for i in split..<n {
            if s.values[i] == 0 {
                run += 1
                if run == silentSamples { start = i - silentSamples + 1 }
                if start != nil { end = i }
            } else {
                if start != nil { break }
                run = 0
            }
        }
        guard let start else { return nil }
        let baselineMedian = RobustStatistics.median(baseline)
        let incidentMedian = RobustStatistics.median(Array(s.values[split..<n]))
        // As for a constant baseline: n samples that were never zero support a z of about 4 + 2√n.
        let z = 4 + 2 * Double(baseline.count).squareRoot()
        let anomaly = MetricAnomaly(entity: s.entity, metric: s.metric, direction: -1, z: z, levelShift: true,
                                    onset: s.timestamps[start], end: s.timestamps[end], baselineMedian: baselineMedian,
                                    incidentMedian: incidentMedian, badDirection: true, relativeChange: 1)
        return TrafficLoss(series: s, anomaly: anomaly, fraction: 1)
    }

    /// For each callee whose loss the rules above move upstream, the callers that carry it.
    static func callersToBlame(_ losses: [String: TrafficLoss], anomalies: [(series: MetricSeries, anomaly: MetricAnomaly)],
                               graph: CallGraph) -> [String: [String]] {
        var erring = Set<String>()
        var slowOrFailing = Set<String>()
        for (s, a) in anomalies where a.badDirection && MetricSemantics.direction(of: s.metric) != .either {
            switch MetricSemantics.kind(of: s.metric, direction: a.direction) {
            case "errors"?:
                erring.insert(s.entity)
                if a.levelShift { slowOrFailing.insert(s.entity) }
            case "latency"?:
                if a.levelShift { slowOrFailing.insert(s.entity) }
            default: break
            }
        }
        var out: [String: [String]] = [:]
        for callee in losses.keys.sorted() where !slowOrFailing.contains(callee) {
            let callers = graph.directCallers(of: callee).filter { caller in
                losses[caller] == nil && (erring.contains(caller) || graph.upstream(of: caller).contains { erring.contains($0) })
            }
            if !callers.isEmpty { out[callee] = callers }
        }
        return out
    }

    /// Moves the loss onto the callers: a `propagation` note on the callee, `traffic-loss` evidence
    /// on each caller (several callees going quiet confirm the same caller independently).
    static func attribute(_ loss: TrafficLoss, to callers: [String], into findings: inout [String: EntityFindings],
                          options: AnalysisOptions) {
        let callee = loss.series.entity
        let a = loss.anomaly
        let fell = "\(loss.series.metric) fell from \(AnalysisTime.number(a.baselineMedian)) (baseline median) to \(AnalysisTime.number(a.incidentMedian)) (incident median) from \(AnalysisTime.iso(a.onset))"
        findings[callee, default: EntityFindings()].propagation.append(Evidence(
            kind: "propagation", entity: callee,
            summary: "\(fell): its callers (\(callers.prefix(5).joined(separator: ", "))) sent fewer requests while it showed no latency or errors, which says more about them than about it",
            score: 0, start: a.onset, end: a.end, metric: loss.series.metric))
        // Several candidate callers share the suspicion.
        let score = RobustStatistics.score(z: a.z, threshold: options.metrics.threshold - 1) * loss.fraction
            / Double(callers.count).squareRoot()
        for caller in callers {
            let e = Evidence(kind: "traffic-loss", entity: caller,
                             summary: "calls into \(callee) stopped arriving: its \(fell) (\(Int((loss.fraction * 100).rounded())) % gone) while \(caller) kept receiving its own traffic and errors showed upstream",
                             score: score, start: a.onset, end: a.end, metric: "\(callee):\(loss.series.metric)")
            findings[caller, default: EntityFindings()].add(e, modality: .metric, intrinsic: true, kind: "errors", onset: a.onset,
                                                            group: "traffic-loss \(callee)")
        }
    }
}
