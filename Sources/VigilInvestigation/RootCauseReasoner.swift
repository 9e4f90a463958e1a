import VigilAnalysis
import VigilTelemetry

/// The embedded analysis core (`RootCauseAnalyzer`) as the investigation's reasoner:
/// deterministic, offline, no language model.
public struct RootCauseReasoner: Reasoner {
    public let options: AnalysisOptions
    public var name: String { "root-cause-analyzer" }

    public init(options: AnalysisOptions = .default) { self.options = options }

    public func analyze(_ telemetry: IncidentTelemetry) async throws -> AnalysisReport {
        try Task.checkCancellation()
        return RootCauseAnalyzer.analyze(telemetry, options: options)
    }
}
