import Foundation
import VigilAnalysis
import VigilTelemetry

/// The readable form of an analysis report (`vigil investigate` without --json).
enum InvestigateReportText {
    static func render(_ report: AnalysisReport, telemetry: IncidentTelemetry, diagnostics: [BundleDiagnostic], elapsedMs: Double) -> String {
        var out = ""
        let i = report.incident
        out += "Incident: \(i.title) (detected \(iso(i.detectedAt))\(i.symptom.map { ", symptom \($0)" } ?? ""))\n"
        out += "Verdict:  \(report.verdict)\n"
        if !report.hypotheses.isEmpty {
            out += "\nHypotheses (best first):\n"
            for (k, h) in report.hypotheses.enumerated() {
                out += "\(k + 1 < 10 ? " " : "")\(k + 1). \(h.entity)  \(h.kind)  confidence \(String(format: "%.3f", h.confidence))\n"
                for e in h.evidence {
                    out += "    - [\(e.kind) \(String(format: "%.2f", e.score))] \(e.summary)\n"
                    if let template = e.template { out += "      template: \(template)\n" }
                    if let traces = e.traceIds, !traces.isEmpty { out += "      traces: \(traces.joined(separator: ", "))\n" }
                    if let ref = e.changeReference { out += "      change: \(ref)\n" }
                }
            }
        }
        if !report.timeline.isEmpty {
            out += "\nTimeline:\n"
            for t in report.timeline {
                out += "  \(iso(t.timestamp))  \(t.entity.isEmpty ? "-" : t.entity)  \(t.kind): \(t.summary)\n"
            }
        }
        if !diagnostics.isEmpty {
            out += "\n\(diagnostics.count) malformed line(s) skipped:\n"
            for d in diagnostics.prefix(10) { out += "  \(d)\n" }
            if diagnostics.count > 10 { out += "  ... and \(diagnostics.count - 10) more (see --json)\n" }
        }
        out += String(format: "\nAnalysed %d series, %d log lines, %d spans, %d changes in %.0f ms.\n",
                      telemetry.metrics.count, telemetry.logs.count, telemetry.spans.count, telemetry.changes.count, elapsedMs)
        return out
    }

    static func iso(_ t: Double) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: t))
    }
}
