import ArgumentParser
import Foundation
import VigilAnalysis
import VigilTelemetry

/// `vigil investigate --bundle DIR`: root-cause analysis of one telemetry bundle, offline.
struct InvestigateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "investigate",
        abstract: "Rank the likely root causes of an incident from a telemetry bundle.",
        discussion: """
            Reads the bundle directory (format: docs/telemetry-bundle.md), runs the metric, log, trace, \
            change and alarm detectors and ranks root-cause hypotheses with their evidence (method: \
            docs/analysis.md). Malformed lines are skipped and listed as diagnostics (rejected with \
            --strict). Exit status 0 on success, 2 when the bundle cannot be read.
            """)

    @Option(help: "The bundle directory.") var bundle: String
    @Flag(help: "Print one JSON object: incident, decisive, verdict, hypotheses, timeline, diagnostics, elapsedMs.") var json = false
    @Flag(help: "Reject the bundle if any line is malformed (default: skip such lines and report them).") var strict = false
    @Option(help: "Show at most this many hypotheses.") var top: Int = 5

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let progress = InvestigateProgress(enabled: isatty(2) == 1)
        progress.show("reading \(bundle)")
        let loaded: TelemetryBundle
        do {
            loaded = try TelemetryBundle.read(directory: bundle, strict: strict)
        } catch {
            progress.clear()
            FileHandle.standardError.write(Data("vigil investigate: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let t = loaded.telemetry
        progress.show("analysing \(t.metrics.count) series, \(t.logs.count) log lines, \(t.spans.count) spans")
        var report = RootCauseAnalyzer.analyze(t)
        report.hypotheses = Array(report.hypotheses.prefix(top))
        let elapsed = clock.now - started
        let elapsedMs = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        progress.clear()
        if json {
            let out = InvestigateOutput(incident: report.incident, decisive: report.decisive, verdict: report.verdict,
                                        hypotheses: report.hypotheses, timeline: report.timeline,
                                        diagnostics: loaded.diagnostics.map(\.description), elapsedMs: (elapsedMs * 10).rounded() / 10)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            do {
                var data = try encoder.encode(out)
                data.append(10)
                FileHandle.standardOutput.write(data)
            } catch {
                FileHandle.standardError.write(Data("vigil investigate: cannot encode the report: \(error)\n".utf8))
                throw ExitCode(1)
            }
        } else {
            FileHandle.standardOutput.write(Data(InvestigateReportText.render(report, telemetry: t, diagnostics: loaded.diagnostics, elapsedMs: elapsedMs).utf8))
        }
    }
}

struct InvestigateOutput: Encodable {
    var incident: IncidentInfo
    var decisive: Bool
    var verdict: String
    var hypotheses: [Hypothesis]
    var timeline: [TimelineEntry]
    var diagnostics: [String]
    var elapsedMs: Double
}

/// A one-line progress display on standard error, only when it is a terminal.
final class InvestigateProgress {
    let enabled: Bool
    init(enabled: Bool) { self.enabled = enabled }

    func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K… \(text)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
