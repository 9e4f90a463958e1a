import VigilTelemetry
import VigilTopology

/// Resolves incidents against a space's discovered topology graph (the stored result of
/// discovery). Entities are resource ARNs, the names the AWS telemetry readers collect by.
///
/// A resource matches when its ARN, its name or the last segment of its ARN's resource part (a
/// function, table or queue name) appears as a whole word in the incident's texts, or is given
/// explicitly. Stacks are never matched: they group resources and have no telemetry of their own.
/// Neighbours are the resources up to `depth` edges away either way, without following stack
/// membership (it would pull in a whole stack).
public struct GraphTopologyResolver: TopologyResolver {
    public let graph: TopologyGraph
    public let depth: Int

    public init(graph: TopologyGraph, depth: Int = 2) {
        self.graph = graph
        self.depth = depth
    }

    public func resolve(_ hints: IncidentHints) async throws -> ResolvedScope {
        Self.resolve(hints, in: graph, depth: depth)
    }

    /// Edge kinds that mean "the source calls or depends on the target" for the analysis: a
    /// fault of the target shows in the source. Grouping and subscription are not calls.
    static let callKinds: Set<EdgeKind> = [.invokes, .readsFrom, .writesTo, .routesTo, .dependsOn]

    /// Pure.
    public static func resolve(_ hints: IncidentHints, in graph: TopologyGraph, depth: Int) -> ResolvedScope {
        let candidates = graph.nodes.filter { $0.type != EdgeInference.stackType }
        var byKey: [String: String] = [:]
        for node in candidates {
            for key in keys(of: node) where byKey[key] == nil { byKey[key] = node.arn }
        }
        var matched: [String] = []
        for name in hints.explicitResources {
            if let arn = byKey[name.lowercased()], !matched.contains(arn) { matched.append(arn) }
        }
        let words = Set(hints.texts.flatMap(InventoryTopologyResolver.words))
        for node in candidates where !matched.contains(node.arn) {
            if keys(of: node).contains(where: words.contains) { matched.append(node.arn) }
        }

        var seen = Set(matched)
        var reasons: [String: String] = [:]
        var frontier = matched
        for _ in 0..<max(0, depth) {
            var next: [String] = []
            for arn in frontier {
                let steps = graph.outgoing(arn).map { ($0.to, $0) } + graph.incoming(arn).map { ($0.from, $0) }
                for (other, edge) in steps where !seen.contains(other) && !isStackMembership(edge, in: graph) {
                    seen.insert(other)
                    // "checkout depends-on it" for a dependency, "invokes checkout" for a caller.
                    reasons[other] = edge.from == arn ? "\(name(arn, in: graph)) \(edge.kind.rawValue) it"
                        : "\(edge.kind.rawValue) \(name(arn, in: graph))"
                    next.append(other)
                }
            }
            frontier = next.sorted()
        }

        func scoped(_ arn: String, _ reason: String) -> ScopedResource {
            let node = graph.node(arn)
            return ScopedResource(entity: arn, arn: arn, type: node?.type ?? "", reason: reason)
        }
        let inScope = matched.isEmpty ? Set(graph.nodes.map(\.arn)) : seen
        var edges: [CallEdge] = []
        for edge in graph.edges where callKinds.contains(edge.kind) && inScope.contains(edge.from) && inScope.contains(edge.to) {
            let call = CallEdge(caller: edge.from, callee: edge.to)
            if !edges.contains(call) { edges.append(call) }
        }
        return ResolvedScope(matched: matched.map { scoped($0, "named in the incident") },
                             neighbours: seen.subtracting(matched).sorted().map { scoped($0, reasons[$0] ?? "neighbour") },
                             edges: edges)
    }

    /// The lower-cased words a node is known by: ARN, name, and the ARN's last resource segment.
    static func keys(of node: TopologyNode) -> [String] {
        var keys = [node.arn.lowercased()]
        if !node.name.isEmpty { keys.append(node.name.lowercased()) }
        let resource = node.arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last.map(String.init) ?? ""
        if let last = resource.split(whereSeparator: { $0 == "/" || $0 == ":" }).last, !last.isEmpty {
            keys.append(last.lowercased())
        }
        return keys
    }

    static func isStackMembership(_ edge: TopologyEdge, in graph: TopologyGraph) -> Bool {
        edge.kind == .contains && graph.node(edge.from)?.type == EdgeInference.stackType
    }

    static func name(_ arn: String, in graph: TopologyGraph) -> String {
        graph.node(arn).map { $0.name.isEmpty ? arn : $0.name } ?? arn
    }
}
