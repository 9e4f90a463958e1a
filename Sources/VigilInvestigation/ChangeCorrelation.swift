import VigilAnalysis
import VigilTelemetry

/// A change (deployment, configuration, pipeline run) that happened shortly before the incident
/// on a resource the analysis implicates or right next to it.
public struct CorrelatedChange: Sendable, Hashable, Codable {
    public var change: ChangeEvent
    /// Seconds from the change to the incident's onset (positive: before it).
    public var leadSeconds: Double
    /// Where the change sits relative to the top hypothesis: "same-resource", "neighbour", "elsewhere".
    public var relation: String
}

/// Pure: which changes of the window plausibly relate to the incident.
public enum ChangeCorrelation {
    /// Changes from `window` seconds before the onset up to the end of the data, nearest first,
    /// with the top hypotheses' resources before their neighbours before everything else.
    public static func correlate(changes: [ChangeEvent], onset: Double, hypotheses: [Hypothesis], edges: [CallEdge],
                                 window: Double = 30 * 60) -> [CorrelatedChange] {
        let implicated = Set(hypotheses.prefix(3).map(\.entity))
        var neighbours = Set<String>()
        for edge in edges {
            if implicated.contains(edge.caller) { neighbours.insert(edge.callee) }
            if implicated.contains(edge.callee) { neighbours.insert(edge.caller) }
        }
        neighbours.subtract(implicated)
        let relevant = changes.filter { $0.timestamp >= onset - window }
        let ranked = relevant.map { change -> CorrelatedChange in
            let relation = implicated.contains(change.entity) ? "same-resource"
                : neighbours.contains(change.entity) ? "neighbour" : "elsewhere"
            return CorrelatedChange(change: change, leadSeconds: onset - change.timestamp, relation: relation)
        }
        let order = ["same-resource": 0, "neighbour": 1, "elsewhere": 2]
        return ranked.sorted {
            (order[$0.relation] ?? 3, abs($0.leadSeconds)) < (order[$1.relation] ?? 3, abs($1.leadSeconds))
        }
    }
}
