import VigilAnalysis
import VigilTelemetry

/// What turns an incident window into ranked hypotheses. The embedded analysis core today; a
/// language-model reasoner later, behind the same call. Implementations are pure with respect to
/// Vigil's state: they see only the telemetry they are handed.
public protocol Reasoner: Sendable {
    /// A short name for the journal ("root-cause-analyzer").
    var name: String { get }
    func analyze(_ telemetry: IncidentTelemetry) async throws -> AnalysisReport
}
