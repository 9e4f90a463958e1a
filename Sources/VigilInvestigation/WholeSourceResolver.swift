/// For sources that hold one incident's data and no inventory (a telemetry bundle): nothing is
/// matched, so the whole source is collected; the call graph comes with the telemetry.
public struct WholeSourceResolver: TopologyResolver {
    public init() {}
    public func resolve(_ hints: IncidentHints) async throws -> ResolvedScope {
        ResolvedScope(matched: [], neighbours: [], edges: [])
    }
}
