import Foundation
import VigilAPIModel

/// What the investigation page shows, read from the journal of the task's latest run. Pure: the
/// page, the live feed and the SVG routes build it from records the invoker returned.
struct InvestigationModel: Sendable {
    struct Hypothesis: Sendable {
        var entity: String
        var kind: String
        var confidence: Double
        var evidenceCount: Int
    }

    struct Evidence: Sendable {
        var kind: String
        var entity: String
        var summary: String
        var start: Double?
        var end: Double?
        var metric: String?
        var template: String?
        var baselineCount: Int?
        var incidentCount: Int?
        var traceIds: [String]
        var changeReference: String?
    }

    struct Finding: Sendable {
        var rank: Int
        var entity: String
        var kind: String
        var confidence: Double
        var evidence: [Evidence]
        var relatedChanges: [String]
        /// The values of the metric series the evidence names, by `entity` and `metric` (time, value).
        var series: [SeriesKey: [(Double, Double)]] = [:]
    }

    struct SeriesKey: Hashable, Sendable {
        var entity: String
        var metric: String
    }

    struct Window: Sendable {
        var start: Double
        var end: Double
        var onset: Double
    }

    struct Resource: Sendable, Hashable {
        var entity: String
        var type: String
        var matched: Bool
    }

    var hypotheses: [Hypothesis] = []
    var findings: [Finding] = []
    var window: Window?
    var resources: [Resource] = []
    var edges: [(caller: String, callee: String)] = []
    var timeline: [(time: Double, entity: String, kind: String, summary: String)] = []
    var changes: [(entity: String, kind: String, description: String, reference: String?, secondsBeforeOnset: Double?)] = []
    var summary: String?
    var rootCause: String?
    var verdict: String?

    init(records: [JournalRecord]) {
        for record in records {
            let c = record.content
            switch c["step"]?.stringValue {
            case "plan":
                if let w = c["window"], let start = w["start"]?.doubleValue, let end = w["end"]?.doubleValue {
                    window = Window(start: start, end: end, onset: w["onset"]?.doubleValue ?? end)
                }
            case "resolve-resources":
                var seen: Set<String> = []
                for (key, matched) in [("matched", true), ("neighbours", false)] {
                    for r in c[key]?.arrayValue ?? [] {
                        guard let entity = r["entity"]?.stringValue, seen.insert(entity).inserted else { continue }
                        resources.append(Resource(entity: entity, type: r["type"]?.stringValue ?? "", matched: matched))
                    }
                }
                edges = (c["edges"]?.arrayValue ?? []).compactMap { e in
                    guard let a = e["caller"]?.stringValue, let b = e["callee"]?.stringValue else { return nil }
                    return (a, b)
                }
            case "rank-hypotheses":
                verdict = c["verdict"]?.stringValue
                hypotheses = (c["hypotheses"]?.arrayValue ?? []).compactMap { h in
                    guard let entity = h["entity"]?.stringValue else { return nil }
                    return Hypothesis(entity: entity, kind: h["kind"]?.stringValue ?? "", confidence: h["confidence"]?.doubleValue ?? 0,
                                      evidenceCount: Int(h["evidenceCount"]?.int64Value ?? 0))
                }
                timeline = (c["timeline"]?.arrayValue ?? []).compactMap { t in
                    guard let time = t["timestamp"]?.doubleValue else { return nil }
                    return (time, t["entity"]?.stringValue ?? "", t["kind"]?.stringValue ?? "", t["summary"]?.stringValue ?? "")
                }
            case "correlate-changes":
                changes = (c["changes"]?.arrayValue ?? []).map { ch in
                    (ch["entity"]?.stringValue ?? "", ch["kind"]?.stringValue ?? "", ch["description"]?.stringValue ?? "",
                     ch["reference"]?.stringValue, ch["secondsBeforeOnset"]?.doubleValue)
                }
            case "finding":
                findings.append(Finding(
                    rank: Int(c["rank"]?.int64Value ?? Int64(findings.count + 1)), entity: c["entity"]?.stringValue ?? "",
                    kind: c["kind"]?.stringValue ?? "", confidence: c["confidence"]?.doubleValue ?? 0,
                    evidence: (c["evidence"]?.arrayValue ?? []).map(Self.evidence),
                    relatedChanges: (c["relatedChanges"]?.arrayValue ?? []).compactMap(\.stringValue),
                    series: Self.series(c["series"])))
            case "summary":
                summary = c["text"]?.stringValue
                if let root = c["rootCause"], let entity = root["entity"]?.stringValue {
                    rootCause = entity
                }
            default:
                break
            }
        }
    }

    /// The entity drawn as the suspected root cause: the summary's, else the top hypothesis.
    var suspected: String? { rootCause ?? hypotheses.first?.entity }

    /// A finding's `series` member: `[{"entity", "metric", "points": [[t, v], ...]}]`; malformed entries are skipped.
    static func series(_ value: JSONValue?) -> [SeriesKey: [(Double, Double)]] {
        var out: [SeriesKey: [(Double, Double)]] = [:]
        for item in value?.arrayValue ?? [] {
            guard let entity = item["entity"]?.stringValue, let metric = item["metric"]?.stringValue else { continue }
            let points = (item["points"]?.arrayValue ?? []).compactMap { p -> (Double, Double)? in
                guard let t = p[0]?.doubleValue, let v = p[1]?.doubleValue, t.isFinite, v.isFinite else { return nil }
                return (t, v)
            }
            out[SeriesKey(entity: entity, metric: metric)] = points
        }
        return out
    }

    static func evidence(_ e: JSONValue) -> Evidence {
        Evidence(kind: e["kind"]?.stringValue ?? "", entity: e["entity"]?.stringValue ?? "", summary: e["summary"]?.stringValue ?? "",
                 start: e["start"]?.doubleValue, end: e["end"]?.doubleValue, metric: e["metric"]?.stringValue,
                 template: e["template"]?.stringValue, baselineCount: e["baselineCount"]?.int64Value.map(Int.init),
                 incidentCount: e["incidentCount"]?.int64Value.map(Int.init),
                 traceIds: (e["traceIds"]?.arrayValue ?? []).compactMap(\.stringValue), changeReference: e["changeReference"]?.stringValue)
    }

    /// One line per journal record for the journal list and the live feed.
    static func line(_ r: JournalRecord) -> String {
        let c = r.content
        let step = c["step"]?.stringValue ?? r.recordType.lowercased()
        switch step {
        case "plan": return "Plan: investigate \(c["title"]?.stringValue ?? "") (attempt \(c["attempt"]?.int64Value ?? 1), source \(c["source"]?.stringValue ?? "?"))"
        case "resolve-resources":
            return "Resolved \(c["matched"]?.arrayValue?.count ?? 0) named resources and \(c["neighbours"]?.arrayValue?.count ?? 0) neighbours"
        case "collect-telemetry":
            let n = c["counts"]
            return "Collected \(n?["metricSeries"]?.int64Value ?? 0) series, \(n?["logEvents"]?.int64Value ?? 0) log events, \(n?["spans"]?.int64Value ?? 0) spans, \(n?["changes"]?.int64Value ?? 0) changes"
        case "rank-hypotheses": return "Ranked hypotheses: \(c["verdict"]?.stringValue ?? "")"
        case "correlate-changes": return "Correlated \(c["changes"]?.arrayValue?.count ?? 0) changes"
        case "finding":
            return "Finding #\(c["rank"]?.int64Value ?? 0): \(c["kind"]?.stringValue ?? "") on \(c["entity"]?.stringValue ?? "") (\(percent(c["confidence"]?.doubleValue ?? 0)))"
        case "propose-mitigation": return "Proposed mitigation plan \(c["recommendationId"]?.stringValue ?? "") (not executed; needs a person's approval)"
        case "summary", "suggestion", "end": return c["text"]?.stringValue ?? c["reason"]?.stringValue ?? step
        default:
            if let text = c["text"]?.stringValue { return text }
            return "\(r.recordType) \(step)"
        }
    }

    static func percent(_ confidence: Double) -> String {
        "\(Int((max(0, min(1, confidence)) * 100).rounded()))%"
    }
}
