import VigilStore

/// Topology lookups intake needs: the resources adjacent to one resource in a space's graph
/// (either direction), read inside the transaction that applies the alert.
public protocol TopologyNeighbours: Sendable {
    func neighbours(space: String, of resource: String, in tx: StoreTransaction) throws -> Set<String>
}

/// Neighbours from a fixed list of edges, matched on exact names; for tests.
public struct EdgeListNeighbours: TopologyNeighbours {
    let adjacency: [String: Set<String>]

    public init(edges: [(String, String)]) {
        var adjacency: [String: Set<String>] = [:]
        for (a, b) in edges where a != b {
            adjacency[a, default: []].insert(b)
            adjacency[b, default: []].insert(a)
        }
        self.adjacency = adjacency
    }

    public func neighbours(space: String, of resource: String) -> Set<String> { adjacency[resource] ?? [] }

    public func neighbours(space: String, of resource: String, in tx: StoreTransaction) throws -> Set<String> {
        neighbours(space: space, of: resource)
    }
}

/// No topology: only alerts on the very same resource link.
public struct NoTopology: TopologyNeighbours {
    public init() {}
    public func neighbours(space: String, of resource: String, in tx: StoreTransaction) throws -> Set<String> { [] }
}

/// The space's discovered topology (`vigil` topology discovery). An alert names its resource by
/// ARN or by name (a service label, a Lambda function name), so both match a node, and the
/// neighbours are returned by ARN and by name.
public struct StoredTopologyNeighbours: TopologyNeighbours {
    public init() {}

    public func neighbours(space: String, of resource: String, in tx: StoreTransaction) throws -> Set<String> {
        let nodes = try tx.topology.nodes(space: space, includeStale: false)
        let matching = Set(nodes.filter { $0.arn == resource || $0.name == resource }.map(\.arn))
        guard !matching.isEmpty else { return [] }
        var adjacent: Set<String> = []
        for edge in try tx.topology.edges(space: space, includeStale: false) {
            if matching.contains(edge.from) { adjacent.insert(edge.to) }
            if matching.contains(edge.to) { adjacent.insert(edge.from) }
        }
        adjacent.subtract(matching)
        var result = adjacent
        for node in nodes where adjacent.contains(node.arn) { result.insert(node.name) }
        return result
    }
}
