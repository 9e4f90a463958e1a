/// A pattern an evaluation found across a space's earlier investigations, with the tasks that
/// show it.
public struct EvaluationPattern: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// The same fault kind on the same resource, more than once.
        case recurringCause = "recurring-cause"
        /// One resource at the root of incidents of different kinds.
        case fragileResource = "fragile-resource"
        /// The same fault kind on different resources.
        case recurringKind = "recurring-kind"
        /// Investigations that ended without a decisive cause, and what their telemetry lacked.
        case telemetryGap = "telemetry-gap"
        /// Investigations that failed or timed out.
        case unfinished = "unfinished-investigations"
    }

    public var kind: Kind
    /// The resource the pattern is about, if one.
    public var entity: String?
    /// The fault kind, if one.
    public var faultKind: String?
    /// The earlier tasks that show the pattern, oldest first.
    public var taskIds: [String]
    /// What was missing (telemetry gaps): "no log events", "no resource named in the incident", ...
    public var missing: [String]
    /// One line a person reads first.
    public var headline: String

    /// Whether the pattern deserves a preventive recommendation (failures of the agent itself do not).
    public var recommends: Bool { kind != .unfinished }
}

/// Finds recurring causes, fragile resources, recurring fault kinds and telemetry gaps in a
/// space's finished investigations. Pure; deterministic order (most tasks first, then name).
public enum EvaluationReview {
    /// Symptom kinds say how a fault showed, not what it was: recurring "errors" across resources
    /// is not a shared cause worth a preventive plan.
    static let symptomKinds: Set<String> = ["errors", "latency"]

    public static func review(_ past: [PastInvestigation], minimumRepeats: Int = 2) -> [EvaluationPattern] {
        let ordered = past.sorted { ($0.createdAt, $0.taskId) < ($1.createdAt, $1.taskId) }
        let decisive = ordered.filter { $0.completed && $0.rootCause != nil }
        var patterns: [EvaluationPattern] = []

        let byCause = Dictionary(grouping: decisive) { CauseKey(entity: $0.rootCause!.entity, kind: $0.rootCause!.kind) }
        for (key, runs) in byCause where runs.count >= minimumRepeats {
            patterns.append(EvaluationPattern(
                kind: .recurringCause, entity: key.entity, faultKind: key.kind, taskIds: ids(runs), missing: [],
                headline: "\(key.kind) on \(key.entity) was the root cause of \(runs.count) investigations"))
        }

        let byEntity = Dictionary(grouping: decisive) { $0.rootCause!.entity }
        for (entity, runs) in byEntity where runs.count >= minimumRepeats {
            let kinds = Set(runs.map { $0.rootCause!.kind })
            guard kinds.count > 1 else { continue }  // one kind only: the recurring cause says it
            patterns.append(EvaluationPattern(
                kind: .fragileResource, entity: entity, faultKind: nil, taskIds: ids(runs), missing: [],
                headline: "\(entity) was the root cause of \(runs.count) investigations of \(kinds.count) kinds (\(kinds.sorted().joined(separator: ", ")))"))
        }

        let byKind = Dictionary(grouping: decisive) { $0.rootCause!.kind }
        for (kind, runs) in byKind where !symptomKinds.contains(kind) {
            let entities = Set(runs.map { $0.rootCause!.entity })
            guard entities.count >= minimumRepeats else { continue }
            patterns.append(EvaluationPattern(
                kind: .recurringKind, entity: nil, faultKind: kind, taskIds: ids(runs), missing: [],
                headline: "\(kind) was the root cause on \(entities.count) different resources (\(entities.sorted().joined(separator: ", ")))"))
        }

        // Not decisive: say per resource what its runs lacked, so the fix is concrete.
        let undecided = ordered.filter { $0.completed && $0.rootCause == nil }
        var gapRuns: [String: [PastInvestigation]] = [:]
        for run in undecided {
            for resource in run.matched.isEmpty ? [""] : run.matched { gapRuns[resource, default: []].append(run) }
        }
        for (resource, runs) in gapRuns {
            var missing: [String] = []
            if resource.isEmpty { missing.append("no resource named in the incident matched the topology") }
            let counted = runs.compactMap(\.collected)
            if !counted.isEmpty {
                if counted.allSatisfy({ $0.metricSeries == 0 }) { missing.append("no metric series") }
                if counted.allSatisfy({ $0.logEvents == 0 }) { missing.append("no log events") }
                if counted.allSatisfy({ $0.spans == 0 }) { missing.append("no traces") }
                if counted.allSatisfy({ $0.changes == 0 }) { missing.append("no deployment or configuration changes recorded") }
            }
            let subject = resource.isEmpty ? "incidents that named no known resource" : resource
            patterns.append(EvaluationPattern(
                kind: .telemetryGap, entity: resource.isEmpty ? nil : resource, faultKind: nil, taskIds: ids(runs), missing: missing,
                headline: "\(runs.count) investigation\(runs.count == 1 ? "" : "s") of \(subject) found no decisive cause"
                    + (missing.isEmpty ? "" : " (\(missing.joined(separator: "; ")))")))
        }

        let unfinished = ordered.filter { $0.status == "FAILED" || $0.status == "TIMED_OUT" }
        if !unfinished.isEmpty {
            patterns.append(EvaluationPattern(
                kind: .unfinished, entity: nil, faultKind: nil, taskIds: ids(unfinished), missing: [],
                headline: "\(unfinished.count) investigation\(unfinished.count == 1 ? "" : "s") failed or timed out"))
        }

        let rank: [EvaluationPattern.Kind: Int] = [.recurringCause: 0, .fragileResource: 1, .recurringKind: 2, .telemetryGap: 3, .unfinished: 4]
        return patterns.sorted { a, b in
            if a.taskIds.count != b.taskIds.count { return a.taskIds.count > b.taskIds.count }
            if rank[a.kind, default: 9] != rank[b.kind, default: 9] { return rank[a.kind, default: 9] < rank[b.kind, default: 9] }
            return a.headline < b.headline
        }
    }

    struct CauseKey: Hashable { var entity: String; var kind: String }

    static func ids(_ runs: [PastInvestigation]) -> [String] {
        runs.sorted { ($0.createdAt, $0.taskId) < ($1.createdAt, $1.taskId) }.map(\.taskId)
    }
}
