import Foundation
import Testing
import VigilStore
@testable import VigilIntake

/// Linking reads the space's discovered topology: an alert's resource matches a node by ARN or
/// by name, and neighbours come back by both.
@Suite struct StoredTopologyTests {
    @Test func neighboursByNameAndArnInBothDirections() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-intake-topo-\(UUID().uuidString)").path
        let store = try Store(directory: dir)
        let fn = "arn:aws:lambda:us-east-1:123456789012:function:checkout"
        let db = "arn:aws:rds:us-east-1:123456789012:db:checkout-db"
        let queue = "arn:aws:sqs:us-east-1:123456789012:orders"
        let other = "arn:aws:lambda:us-east-1:123456789012:function:search"
        func node(_ arn: String, _ name: String) -> TopologyMerge.Node {
            .init(arn: arn, type: "t", name: name, account: "123456789012", region: "us-east-1", stack: nil, tags: [:])
        }
        let found = try store.writeNow { tx -> (Set<String>, Set<String>, Set<String>) in
            try tx.agentSpaces.insert(id: "s", createdAt: Date(), doc: Array("{}".utf8))
            _ = try tx.topology.merge(space: "s", TopologyMerge(
                runId: "r1", account: "123456789012", region: "us-east-1", seenAt: Date(), complete: true, staleRetention: 86400,
                nodes: [node(fn, "checkout"), node(db, "checkout-db"), node(queue, "orders"), node(other, "search")],
                edges: [.init(from: fn, to: db, kind: "calls", evidence: []), .init(from: queue, to: fn, kind: "triggers", evidence: [])]))
            let t = StoredTopologyNeighbours()
            return (try t.neighbours(space: "s", of: "checkout", in: tx), try t.neighbours(space: "s", of: db, in: tx),
                    try t.neighbours(space: "s", of: "unknown", in: tx))
        }
        #expect(found.0 == [db, "checkout-db", queue, "orders"])
        #expect(found.1 == [fn, "checkout"])
        #expect(found.2.isEmpty)
    }
}
