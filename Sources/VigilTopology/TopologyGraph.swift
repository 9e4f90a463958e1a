/// An immutable resource graph with adjacency indexes. Nodes are ordered by ARN and edges by
/// (from, to, kind), so every rendering and query result is deterministic.
///
/// Edges whose ends are not nodes of the graph are dropped at construction: a graph never points
/// at a resource it does not describe.
public struct TopologyGraph: Sendable, Codable, Equatable {
    public let nodes: [TopologyNode]
    public let edges: [TopologyEdge]
    private let nodeIndex: [String: Int]
    /// Edge positions leaving / entering each node, in edge order.
    private let outgoingIndex: [String: [Int]]
    private let incomingIndex: [String: [Int]]

    public init(nodes: [TopologyNode], edges: [TopologyEdge]) {
        var byArn: [String: TopologyNode] = [:]
        for node in nodes { byArn[node.arn] = node }
        let sortedNodes = byArn.values.sorted { $0.arn < $1.arn }
        var merged: [TopologyEdge.Key: TopologyEdge] = [:]
        for edge in edges where byArn[edge.from] != nil && byArn[edge.to] != nil && edge.from != edge.to {
            if var existing = merged[edge.key] {
                existing.evidence = Array(Set(existing.evidence + edge.evidence)).sorted()
                merged[edge.key] = existing
            } else {
                merged[edge.key] = edge
            }
        }
        let sortedEdges = merged.values.sorted { $0.key < $1.key }
        var nodeIndex: [String: Int] = [:]
        for (i, node) in sortedNodes.enumerated() { nodeIndex[node.arn] = i }
        var outgoing: [String: [Int]] = [:]
        var incoming: [String: [Int]] = [:]
        for (i, edge) in sortedEdges.enumerated() {
            outgoing[edge.from, default: []].append(i)
            incoming[edge.to, default: []].append(i)
        }
        self.nodes = sortedNodes
        self.edges = sortedEdges
        self.nodeIndex = nodeIndex
        self.outgoingIndex = outgoing
        self.incomingIndex = incoming
    }

    public static let empty = TopologyGraph(nodes: [], edges: [])

    public func node(_ arn: String) -> TopologyNode? {
        nodeIndex[arn].map { nodes[$0] }
    }

    public func contains(_ arn: String) -> Bool { nodeIndex[arn] != nil }

    /// Edges leaving `arn`, ordered by (to, kind).
    public func outgoing(_ arn: String) -> [TopologyEdge] {
        (outgoingIndex[arn] ?? []).map { edges[$0] }
    }

    /// Edges entering `arn`, ordered by (from, kind).
    public func incoming(_ arn: String) -> [TopologyEdge] {
        (incomingIndex[arn] ?? []).map { edges[$0] }
    }

    /// The part of the graph on `arns`: those nodes and the edges between them.
    public func subgraph(_ arns: Set<String>) -> TopologyGraph {
        TopologyGraph(nodes: nodes.filter { arns.contains($0.arn) },
                      edges: edges.filter { arns.contains($0.from) && arns.contains($0.to) })
    }

    // Codable: only the nodes and edges travel; the indexes are rebuilt.
    private enum CodingKeys: String, CodingKey { case nodes, edges }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(nodes: try container.decode([TopologyNode].self, forKey: .nodes),
                  edges: try container.decode([TopologyEdge].self, forKey: .edges))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nodes, forKey: .nodes)
        try container.encode(edges, forKey: .edges)
    }

    public static func == (a: TopologyGraph, b: TopologyGraph) -> Bool {
        a.nodes == b.nodes && a.edges == b.edges
    }
}
