import Foundation
import VigilTelemetry

/// A log template of one entity that surged or appeared during the incident.
public struct LogAnomaly: Sendable, Hashable {
    public enum Kind: String, Sendable { case surge, newTemplate, errorShare }
    public var entity: String
    public var kind: Kind
    /// Poisson (surges, new templates) or two-proportion (error share) z statistic.
    public var z: Double
    public var templateId: Int?
    public var template: String?
    public var baselineCount: Int
    public var incidentCount: Int
    /// Whether the template (or the share) is about errors: level or wording.
    public var isError: Bool
    /// First incident line of the template (or first error line), and the last.
    public var onset: Double
    public var end: Double
    /// Trace ids of incident lines of the template (at most five, first seen first).
    public var traceIds: [String]
}

/// Templates every entity's messages with one `LogTemplateMiner` (in time order), then compares
/// each (entity, template)'s incident count with its baseline rate scaled to the incident's
/// length (a Poisson test), flags templates never seen in the baseline, and tests each entity's
/// share of error lines. Pure.
public struct LogAnomalyDetector: Sendable {
    /// Minimum z for a surge or a new template.
    public var threshold: Double = 4
    /// Incident lines a template needs to count at all.
    public var minIncidentCount: Int = 3
    /// Incident rate over baseline rate needed for a surge.
    public var minRatio: Double = 2
    public var minerConfiguration: LogTemplateMinerConfiguration = .default

    public init() {}

    static let errorLevels: Set<String> = ["error", "err", "fatal", "critical", "crit", "severe", "panic", "emerg", "emergency", "alert"]
    static let errorWords = ["error", "exception", "fail", "fatal", "panic", "refused", "timeout", "timed out", "unavailable", "denied", "traceback"]

    /// Whether a line reports an error: by its level when it has one, else by its wording.
    static func isError(level: String?, message: String) -> Bool {
        if let level, !level.isEmpty { return errorLevels.contains(level.lowercased()) }
        let m = message.lowercased()
        return errorWords.contains { m.contains($0) }
    }

    static func templateLooksLikeError(_ template: String) -> Bool {
        let m = template.lowercased()
        return errorWords.contains { m.contains($0) }
    }

    public func detect(_ logs: [LogEvent], detectedAt: Double, windowStart: Double, windowEnd: Double) -> [LogAnomaly] {
        guard !logs.isEmpty else { return [] }
        let miner = LogTemplateMiner(configuration: minerConfiguration)
        struct Key: Hashable { var entity: String; var cluster: Int }
        struct Tally { var baseline = 0; var incident = 0; var errors = 0; var first = Double.infinity; var last = -Double.infinity; var traces: [String] = [] }
        struct EntityTally { var baseline = 0; var incident = 0; var baselineErrors = 0; var incidentErrors = 0; var firstError = Double.infinity; var lastError = -Double.infinity }
        var rawIds = [Int](repeating: 0, count: logs.count)
        for (i, e) in logs.enumerated() { rawIds[i] = miner.add(e.message).clusterId }
        var tallies: [Key: Tally] = [:]
        var entities: [String: EntityTally] = [:]
        for (i, e) in logs.enumerated() {
            let key = Key(entity: e.entity, cluster: miner.resolve(rawIds[i]))
            let error = Self.isError(level: e.level, message: e.message)
            let incident = e.timestamp >= detectedAt
            var t = tallies[key] ?? Tally()
            var en = entities[e.entity] ?? EntityTally()
            if incident {
                t.incident += 1
                en.incident += 1
                if error {
                    en.incidentErrors += 1
                    en.firstError = min(en.firstError, e.timestamp)
                    en.lastError = max(en.lastError, e.timestamp)
                }
                t.first = min(t.first, e.timestamp)
                t.last = max(t.last, e.timestamp)
                if let tr = e.traceId, t.traces.count < 5, !t.traces.contains(tr) { t.traces.append(tr) }
            } else {
                t.baseline += 1
                en.baseline += 1
                if error { en.baselineErrors += 1 }
            }
            if error { t.errors += 1 }
            tallies[key] = t
            entities[e.entity] = en
        }
        let baselineSpan = max(detectedAt - windowStart, 1)
        let incidentSpan = max(windowEnd - detectedAt, 1)
        var out: [LogAnomaly] = []
        for (key, t) in tallies where t.incident >= minIncidentCount {
            let expected = (Double(t.baseline) + 0.5) * incidentSpan / baselineSpan
            guard Double(t.incident) >= minRatio * expected else { continue }
            let z = RobustStatistics.poissonZ(observed: Double(t.incident), expected: expected)
            guard z >= threshold else { continue }
            let template = miner.cluster(id: key.cluster)?.template
            let isError = t.errors * 2 >= t.baseline + t.incident || template.map(Self.templateLooksLikeError) == true
            out.append(LogAnomaly(entity: key.entity, kind: t.baseline == 0 ? .newTemplate : .surge, z: z, templateId: key.cluster,
                                  template: template, baselineCount: t.baseline, incidentCount: t.incident, isError: isError,
                                  onset: t.first, end: t.last, traceIds: t.traces))
        }
        for (entity, en) in entities where en.incidentErrors >= minIncidentCount && en.baseline > 0 {
            let z = RobustStatistics.proportionZ(baselineHits: en.baselineErrors, baselineTotal: en.baseline,
                                                 incidentHits: en.incidentErrors, incidentTotal: en.incident)
            guard z >= threshold else { continue }
            out.append(LogAnomaly(entity: entity, kind: .errorShare, z: z, templateId: nil, template: nil,
                                  baselineCount: en.baselineErrors, incidentCount: en.incidentErrors, isError: true,
                                  onset: en.firstError, end: en.lastError, traceIds: []))
        }
        out.sort { a, b in
            if a.z != b.z { return a.z > b.z }
            if a.entity != b.entity { return a.entity < b.entity }
            return (a.templateId ?? 0) < (b.templateId ?? 0)
        }
        return out
    }
}
