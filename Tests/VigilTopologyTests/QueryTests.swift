import Testing
import VigilTopology

@Suite struct QueryTests {
    /// lb -> svc -> db, svc -> cache, fn -> db, cluster contains svc, stack contains fn and db.
    static let graph: TopologyGraph = {
        func node(_ arn: String, _ type: String = "AWS::Test::Thing") -> TopologyNode {
            TopologyNode(arn: arn, type: type, name: arn, account: "1", region: "r")
        }
        func edge(_ from: String, _ to: String, _ kind: EdgeKind) -> TopologyEdge {
            TopologyEdge(from: from, to: to, kind: kind, evidence: ["test"])
        }
        return TopologyGraph(nodes: [
            node("lb"), node("svc"), node("db"), node("cache"), node("fn"), node("cluster", "AWS::ECS::Cluster"),
            node("stack", "AWS::CloudFormation::Stack"), node("island"),
        ], edges: [
            edge("lb", "svc", .routesTo), edge("svc", "db", .dependsOn), edge("svc", "cache", .dependsOn),
            edge("fn", "db", .dependsOn), edge("cluster", "svc", .contains), edge("stack", "fn", .contains),
            edge("stack", "db", .contains), edge("ghost", "db", .invokes),
        ])
    }()

    @Test func edgesToUnknownNodesAreDropped() {
        #expect(!Self.graph.edges.contains { $0.from == "ghost" })
        #expect(Self.graph.edges.count == 7)
    }

    @Test func neighboursByDirectionAndKind() {
        let g = Self.graph
        #expect(g.neighbours(of: "svc", direction: .outgoing).map(\.arn) == ["cache", "db"])
        #expect(g.neighbours(of: "svc", direction: .incoming).map(\.arn) == ["cluster", "lb"])
        #expect(g.neighbours(of: "svc").map(\.arn) == ["cache", "db", "cluster", "lb"])
        #expect(g.neighbours(of: "svc", kinds: [.contains]).map(\.arn) == ["cluster"])
        #expect(g.neighbours(of: "nope").isEmpty)
    }

    @Test func shortestPathsDirectedAndUndirected() {
        let g = Self.graph
        #expect(g.shortestPaths(from: "lb", to: "db").map { $0.map(\.to) } == [["svc", "db"]])
        #expect(g.shortestPaths(from: "db", to: "lb").isEmpty)
        // Undirected, db to lb: through svc (2 steps).
        let back = g.shortestPaths(from: "db", to: "lb", directed: false)
        #expect(back.count == 1)
        #expect(back.first?.map(\.key) == [.init(from: "svc", to: "db", kind: .dependsOn), .init(from: "lb", to: "svc", kind: .routesTo)])
        // fn to cache, undirected: fn-db-svc-cache; the way through the stack is longer.
        let all = g.shortestPaths(from: "fn", to: "cache", directed: false)
        #expect(all.map { $0.count } == [3])
        let two = g.shortestPaths(from: "cache", to: "db", directed: false)
        #expect(two.count == 1 && two[0].count == 2)
        #expect(g.shortestPaths(from: "lb", to: "lb") == [[]])
        #expect(g.shortestPaths(from: "lb", to: "island", directed: false).isEmpty)
        #expect(g.shortestPaths(from: "lb", to: "missing").isEmpty)
    }

    @Test func allShortestPathsAreEnumeratedUpToTheLimit() {
        func node(_ arn: String) -> TopologyNode { TopologyNode(arn: arn, type: "T", name: arn, account: "1", region: "r") }
        func edge(_ a: String, _ b: String) -> TopologyEdge { TopologyEdge(from: a, to: b, kind: .invokes, evidence: []) }
        // A diamond: a -> b1|b2 -> c.
        let g = TopologyGraph(nodes: ["a", "b1", "b2", "c"].map(node), edges: [edge("a", "b1"), edge("a", "b2"), edge("b1", "c"), edge("b2", "c")])
        #expect(g.shortestPaths(from: "a", to: "c").map { $0.map(\.to) } == [["b1", "c"], ["b2", "c"]])
        #expect(g.shortestPaths(from: "a", to: "c", limit: 1).count == 1)
    }

    @Test func blastRadiusFollowsDependantsAndClusterMembershipButNotStacks() {
        let g = Self.graph
        let reached = g.blastRadius(of: "db")
        #expect(reached.map(\.arn) == ["fn", "svc", "lb"])
        #expect(reached.map(\.depth) == [1, 1, 2])
        #expect(reached.last?.via.key == .init(from: "lb", to: "svc", kind: .routesTo))
        #expect(g.blastRadius(of: "db", maxDepth: 1).map(\.arn) == ["fn", "svc"])
        // A cluster's failure reaches its services and whatever depends on them.
        #expect(g.blastRadius(of: "cluster").map(\.arn) == ["svc", "lb"])
        #expect(g.blastRadius(of: "stack").isEmpty)
        #expect(g.blastRadius(of: "lb").isEmpty)
    }

    @Test func blastRadiusTerminatesOnCycles() {
        func node(_ arn: String) -> TopologyNode { TopologyNode(arn: arn, type: "T", name: arn, account: "1", region: "r") }
        let g = TopologyGraph(nodes: ["a", "b", "c"].map(node), edges: [
            TopologyEdge(from: "a", to: "b", kind: .invokes, evidence: []),
            TopologyEdge(from: "b", to: "c", kind: .invokes, evidence: []),
            TopologyEdge(from: "c", to: "a", kind: .invokes, evidence: []),
        ])
        #expect(g.blastRadius(of: "a").map(\.arn) == ["c", "b"])
    }

    @Test func neighbourhoodSkipsStackMembershipUnlessAsked() {
        let g = Self.graph
        #expect(g.neighbourhood(of: ["fn"], depth: 1).nodes.map(\.arn) == ["db", "fn"])
        #expect(g.neighbourhood(of: ["fn"], depth: 2).nodes.map(\.arn) == ["db", "fn", "svc"])
        #expect(g.neighbourhood(of: ["fn"], depth: 1, followStackMembership: true).nodes.map(\.arn) == ["db", "fn", "stack"])
        let sub = g.neighbourhood(of: ["fn", "missing"], depth: 2)
        #expect(sub.edges.map(\.key) == [.init(from: "fn", to: "db", kind: .dependsOn), .init(from: "svc", to: "db", kind: .dependsOn)])
        #expect(g.neighbourhood(of: ["lb"], depth: 0).nodes.map(\.arn) == ["lb"])
    }
}
