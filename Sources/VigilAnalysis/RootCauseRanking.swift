import VigilTelemetry

extension RootCauseAnalyzer {
    /// Scores every entity with evidence and returns the hypotheses, best first.
    static func rank(_ findings: [String: EntityFindings], graph: CallGraph, symptom: String?, anyAnomaly: Bool,
                     options: AnalysisOptions) -> [Hypothesis] {
        let entities = findings.keys.sorted()
        // What each entity depends on, walked once.
        var dependsOn: [String: [String]] = [:]
        for e in entities { dependsOn[e] = graph.downstream(of: e) }
        // Anomaly propagates against the call direction: a caller's latency, errors and log
        // surges are discounted by the strongest anomalous entity it depends on that started no
        // later than it did (relative to the caller's own anomaly).
        var inherited: [String: Double] = [:]
        for e in entities {
            guard let f = findings[e], f.raw > 0 else { continue }
            var best = 0.0
            for c in dependsOn[e] ?? [] {
                guard let cf = findings[c], cf.raw > 0 else { continue }
                let timing = cf.onset <= f.onset + options.onsetTolerance ? 1.0 : 0.5
                best = max(best, min(1, cf.raw / f.raw) * timing)
            }
            inherited[e] = best
        }
        let onPath: Set<String>? = {
            guard let symptom, graph.contains(symptom) else { return nil }
            return Set(graph.downstream(of: symptom) + [symptom])
        }()

        struct Scored { var entity: String; var score: Double; var onset: Double; var hypothesis: Hypothesis }
        var scored: [Scored] = []
        for e in entities {
            guard let f = findings[e] else { continue }
            let discount = 1 - options.inheritedDiscount * (inherited[e] ?? 0)
            // Errors propagate only through failing entities: when nothing the entity depends on
            // shows errors, its own errors are not discounted by its callees' latency.
            let calleesFail = (dependsOn[e] ?? []).contains { (findings[$0]?.anyErrors ?? 0) > 0 }
            let ownErrors: Double = calleesFail ? 0 : f.errors
            var score = 1 - (1 - f.intrinsic) * (1 - max(f.nonIntrinsic * discount, ownErrors))
            if let onPath, graph.contains(e), !onPath.contains(e) { score *= options.offPathFactor }
            var evidence = f.evidence.filter { $0.score > 0 }
            var kind = FailureKind.choose(f.kinds)
            // Changes shortly before the onset: the strongest one boosts the entity when anything
            // is anomalous at all, and names the kind.
            let changes = f.events.filter { $0.kind == "change" }.sorted { $0.score > $1.score }
            if let top = changes.first, anyAnomaly {
                score = 1 - (1 - score) * (1 - 0.5 * top.score)
                kind = FailureKind.fromChange(f.changeKind ?? top.summary)
                evidence += changes
            }
            let alarms = f.events.filter { $0.kind == "alarm" }
            if let top = alarms.max(by: { $0.score < $1.score }) {
                score = 1 - (1 - score) * (1 - 0.2 * top.score)
                evidence += alarms
            }
            guard !evidence.isEmpty, score >= options.minScore else { continue }
            evidence.sort { a, b in
                if a.score != b.score { return a.score > b.score }
                if a.kind != b.kind { return a.kind < b.kind }
                return (a.start ?? 0) < (b.start ?? 0)
            }
            var kept = Array(evidence.prefix(options.maxEvidencePerHypothesis))
            if let p = f.propagation.first, kept.count < options.maxEvidencePerHypothesis { kept.append(p) }
            if (inherited[e] ?? 0) > 0.5, kept.count < options.maxEvidencePerHypothesis {
                let callees = (dependsOn[e] ?? []).filter { (findings[$0]?.raw ?? 0) > 0 }
                kept.append(Evidence(kind: "propagation", entity: e,
                                     summary: "depends on anomalous \(callees.prefix(5).joined(separator: ", ")), which may explain part of this",
                                     score: 0))
            }
            scored.append(Scored(entity: e, score: score, onset: f.onset,
                                 hypothesis: Hypothesis(entity: e, kind: kind ?? "unknown", confidence: 0, evidence: kept)))
        }
        scored.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.onset != b.onset { return a.onset < b.onset }
            return a.entity < b.entity
        }
        let top = Array(scored.prefix(options.maxHypotheses))
        let total = top.prefix(5).reduce(0) { $0 + $1.score }
        return top.map { s in
            var h = s.hypothesis
            h.confidence = total > 0 ? roundScore(s.score * s.score / total) : 0
            return h
        }
    }

    static func roundScore(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

    static func buildTimeline(_ findings: [String: EntityFindings], changes: [CorrelatedEvent], alarms: [CorrelatedEvent],
                              detectedAt: Double) -> [TimelineEntry] {
        var out: [TimelineEntry] = [TimelineEntry(timestamp: detectedAt, entity: "", kind: "detected", summary: "incident detected")]
        for (entity, f) in findings where f.onset.isFinite {
            let first = f.evidence.filter { $0.score > 0 }.min { a, b in
                (a.start ?? .infinity) != (b.start ?? .infinity) ? (a.start ?? .infinity) < (b.start ?? .infinity) : a.score > b.score
            }
            guard let first else { continue }
            out.append(TimelineEntry(timestamp: f.onset, entity: entity, kind: "anomaly", summary: first.summary))
        }
        for c in changes {
            guard let change = c.change else { continue }
            out.append(TimelineEntry(timestamp: c.timestamp, entity: c.entity, kind: "change", summary: "\(change.kind): \(change.description.prefix(200))"))
        }
        for a in alarms {
            guard let alarm = a.alarm else { continue }
            out.append(TimelineEntry(timestamp: a.timestamp, entity: a.entity, kind: "alarm", summary: "\(alarm.name) -> \(alarm.state)"))
        }
        return out.sorted { a, b in
            if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
            if a.entity != b.entity { return a.entity < b.entity }
            if a.kind != b.kind { return a.kind < b.kind }
            return a.summary < b.summary
        }
    }

    static func conclude(_ hypotheses: [Hypothesis], telemetry: IncidentTelemetry, options: AnalysisOptions) -> (Bool, String) {
        let detectedAt = telemetry.incident.detectedAt
        let hasBaseline = telemetry.metrics.contains { ($0.timestamps.first ?? .infinity) < detectedAt }
            || telemetry.logs.contains { $0.timestamp < detectedAt } || telemetry.spans.contains { $0.start < detectedAt }
        guard let best = hypotheses.first else {
            if !hasBaseline {
                return (false, "Not decisive: the window has no data before detectedAt (\(AnalysisTime.iso(detectedAt))), so there is no baseline to compare the incident with.")
            }
            return (false, "Not decisive: no metric, log, trace, change or alarm stood out against the baseline before \(AnalysisTime.iso(detectedAt)).")
        }
        let second = hypotheses.count > 1 ? hypotheses[1] : nil
        let margin = second.map { best.confidence / max($0.confidence, 1e-9) } ?? .infinity
        // Confidence is score² / Σscores, so the score ratio is the square root of this one.
        let decisive = best.confidence >= options.decisiveConfidence && margin.squareRoot() >= options.decisiveMargin
        let lead = best.evidence.first?.summary ?? ""
        if decisive {
            return (true, "Most likely root cause: \(best.entity) (\(best.kind), confidence \(best.confidence)). Strongest evidence: \(lead).")
        }
        let names = hypotheses.prefix(3).map { "\($0.entity) (\($0.kind), \($0.confidence))" }.joined(separator: ", ")
        return (false, "Not decisive: no candidate stands out enough to name one cause. Candidates: \(names). Review the evidence of each.")
    }
}
