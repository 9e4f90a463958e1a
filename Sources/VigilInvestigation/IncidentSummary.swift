import Foundation
import VigilAnalysis
import VigilTelemetry

/// Pure: the summary a person reads in a minute: what happened, the likely cause with its
/// strongest evidence, related changes, the alternatives, and what to do next.
public enum IncidentSummary {
    public static func write(title: String, report: AnalysisReport, changes: [CorrelatedChange],
                             plan: MitigationPlan?, scope: ResolvedScope, quarantined: Int = 0) -> String {
        var lines: [String] = []
        lines.append("Incident: \(title).")
        if quarantined > 0 {
            lines.append("Quarantined: \(quarantined) input(s) carried instructions and were left out (see the quarantine record).")
        }
        let where_ = scope.matched.isEmpty ? "no resource named in the incident matched the topology; the whole environment was examined"
            : "resources named: \(scope.matched.map(\.entity).joined(separator: ", ")); \(scope.neighbours.count) neighbours examined"
        lines.append("Scope: \(where_).")
        guard report.decisive, let top = report.hypotheses.first else {
            lines.append("Conclusion: no decisive root cause. \(report.verdict)")
            if !report.hypotheses.isEmpty {
                lines.append("Weak candidates: " + report.hypotheses.prefix(3).map(describe).joined(separator: "; ") + ".")
            }
            lines.append("Next: widen the window or add telemetry sources; no mitigation plan was proposed.")
            return lines.joined(separator: "\n")
        }
        lines.append("Likely root cause: \(describe(top)).")
        for evidence in top.evidence.sorted(by: { $0.score > $1.score }).prefix(3) {
            lines.append("- \(evidence.summary)")
        }
        if let change = changes.first(where: { $0.relation != "elsewhere" }) {
            let minutes = Int((change.leadSeconds / 60).rounded())
            let when = minutes >= 0 ? "\(minutes) min before onset" : "\(-minutes) min after onset"
            lines.append("Related change: \(change.change.kind) of \(change.change.entity) \(when): \(change.change.description).")
        }
        if report.hypotheses.count > 1 {
            lines.append("Alternatives: " + report.hypotheses.dropFirst().prefix(2).map(describe).joined(separator: "; ") + ".")
        }
        if let plan {
            lines.append("Proposed plan (awaiting approval): " + plan.steps.map { "\($0.number). \($0.action)" }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ h: Hypothesis) -> String {
        "\(h.kind) on \(h.entity) (confidence \(String(format: "%.2f", h.confidence)))"
    }
}
