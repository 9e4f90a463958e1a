import Foundation
import VigilStore
import VigilTopology

/// Conversions between the graph (`VigilTopology`) and its stored rows (`VigilStore`).
public enum StoredTopology {
    /// The stored graph of a space. Stale rows are included unless `includeStale` is false.
    public static func load(_ tx: StoreTransaction, space: String, includeStale: Bool = true) throws -> TopologyGraph {
        let nodes = try tx.topology.nodes(space: space, includeStale: includeStale).map { row in
            TopologyNode(arn: row.arn, type: row.type, name: row.name, account: row.account, region: row.region, tags: row.tags,
                         stack: row.stack, firstSeen: row.firstSeen, lastSeen: row.lastSeen, staleSince: row.staleSince)
        }
        let edges = try tx.topology.edges(space: space, includeStale: includeStale).compactMap { row -> TopologyEdge? in
            // A kind this version does not know (written by a newer one) is left out, not misread.
            guard let kind = EdgeKind(rawValue: row.kind) else { return nil }
            return TopologyEdge(from: row.from, to: row.to, kind: kind, evidence: row.evidence,
                                firstSeen: row.firstSeen, lastSeen: row.lastSeen, staleSince: row.staleSince)
        }
        return TopologyGraph(nodes: nodes, edges: edges)
    }

    /// The merge of one discovery's graph.
    public static func merge(_ graph: TopologyGraph, runId: String, account: String, region: String, seenAt: Date,
                             complete: Bool, staleRetention: TimeInterval) -> TopologyMerge {
        TopologyMerge(
            runId: runId, account: account, region: region, seenAt: seenAt, complete: complete, staleRetention: staleRetention,
            nodes: graph.nodes.map {
                TopologyMerge.Node(arn: $0.arn, type: $0.type, name: $0.name, account: $0.account, region: $0.region,
                                   stack: $0.stack, tags: $0.tags)
            },
            edges: graph.edges.map { TopologyMerge.Edge(from: $0.from, to: $0.to, kind: $0.kind.rawValue, evidence: $0.evidence) })
    }
}
