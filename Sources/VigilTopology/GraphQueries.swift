/// Which way to follow edges from a node.
public enum EdgeDirection: String, Sendable, CaseIterable, Codable {
    /// Edges the node acts through (it is `from`).
    case outgoing
    /// Edges acting on the node (it is `to`).
    case incoming
    case both
}

/// A node next to another, with the edge that joins them.
public struct Neighbour: Sendable, Hashable, Codable {
    public var arn: String
    public var edge: TopologyEdge
    public var direction: EdgeDirection
}

/// A node reached by a traversal, how far away, and the edge it was reached through.
public struct ReachedNode: Sendable, Hashable, Codable {
    public var arn: String
    public var depth: Int
    public var via: TopologyEdge
}

extension TopologyGraph {
    /// The nodes joined to `arn` by an edge of one of `kinds` (all kinds when nil), ordered by
    /// direction (outgoing first), then ARN, then kind.
    public func neighbours(of arn: String, direction: EdgeDirection = .both, kinds: Set<EdgeKind>? = nil) -> [Neighbour] {
        var result: [Neighbour] = []
        if direction != .incoming {
            result += outgoing(arn).filter { kinds?.contains($0.kind) ?? true }
                .map { Neighbour(arn: $0.to, edge: $0, direction: .outgoing) }
        }
        if direction != .outgoing {
            result += incoming(arn).filter { kinds?.contains($0.kind) ?? true }
                .map { Neighbour(arn: $0.from, edge: $0, direction: .incoming) }
        }
        return result
    }

    /// Every shortest path from `from` to `to` (at most `limit`), each as its edges in order.
    /// Directed paths follow edges from `from` to `to`; undirected ones follow them either way.
    /// Empty when there is none; `[[]]` when `from == to`.
    public func shortestPaths(from: String, to: String, directed: Bool = true, kinds: Set<EdgeKind>? = nil,
                              limit: Int = 10) -> [[TopologyEdge]] {
        guard contains(from), contains(to), limit > 0 else { return [] }
        if from == to { return [[]] }
        // Breadth-first layers; each node keeps every edge that reaches it from the previous layer.
        var depth: [String: Int] = [from: 0]
        var reachedBy: [String: [TopologyEdge]] = [:]
        var frontier = [from]
        var found = false
        while !frontier.isEmpty && !found {
            var next: [String] = []
            let d = (depth[frontier[0]] ?? 0) + 1
            for node in frontier {
                for step in steps(from: node, directed: directed, kinds: kinds) {
                    if let known = depth[step.arn] {
                        if known == d { reachedBy[step.arn, default: []].append(step.edge) }
                        continue
                    }
                    depth[step.arn] = d
                    reachedBy[step.arn] = [step.edge]
                    next.append(step.arn)
                    if step.arn == to { found = true }
                }
            }
            frontier = next
        }
        guard found else { return [] }
        // Walk back from `to`, enumerating predecessor choices in order.
        var paths: [[TopologyEdge]] = []
        func walk(_ node: String, _ suffix: [TopologyEdge]) {
            guard paths.count < limit else { return }
            if node == from {
                paths.append(suffix)
                return
            }
            for edge in reachedBy[node] ?? [] {
                let previous = edge.to == node ? edge.from : edge.to
                walk(previous, [edge] + suffix)
            }
        }
        walk(to, [])
        return paths
    }

    /// Everything that transitively depends on `arn`: what would notice if it failed. Follows edges
    /// backwards (an edge A→B means A acts on B, so A is affected when B fails), and `contains`
    /// edges forwards from a container that is not a stack (a cluster's services are affected by
    /// the cluster). Stack membership is grouping, not dependency, and is not followed.
    /// Ordered by depth, then ARN; `maxDepth` nil means unlimited.
    public func blastRadius(of arn: String, maxDepth: Int? = nil) -> [ReachedNode] {
        guard contains(arn) else { return [] }
        var seen: Set<String> = [arn]
        var result: [ReachedNode] = []
        var frontier = [arn]
        var level = 0
        while !frontier.isEmpty, maxDepth.map({ level < $0 }) ?? true {
            level += 1
            var next: [ReachedNode] = []
            for node in frontier {
                var affected: [(String, TopologyEdge)] = incoming(node).filter { $0.kind != .contains }.map { ($0.from, $0) }
                if self.node(node)?.type != EdgeInference.stackType {
                    affected += outgoing(node).filter { $0.kind == .contains }.map { ($0.to, $0) }
                }
                for (other, edge) in affected where !seen.contains(other) {
                    seen.insert(other)
                    next.append(ReachedNode(arn: other, depth: level, via: edge))
                }
            }
            next.sort { $0.arn < $1.arn }
            result += next
            frontier = next.map(\.arn)
        }
        return result
    }

    /// The nodes within `depth` edges of any of `arns`, either direction, as a subgraph: what an
    /// investigation looks at around the resources of an incident. Stack membership is not
    /// followed unless asked (it would pull in every resource of the stack at depth 2).
    public func neighbourhood(of arns: [String], depth: Int, followStackMembership: Bool = false) -> TopologyGraph {
        var seen = Set(arns.filter(contains))
        var frontier = Array(seen).sorted()
        var level = 0
        while !frontier.isEmpty && level < depth {
            level += 1
            var next: [String] = []
            for node in frontier {
                for step in steps(from: node, directed: false, kinds: nil)
                where followStackMembership || !isStackMembership(step.edge) {
                    if seen.insert(step.arn).inserted { next.append(step.arn) }
                }
            }
            frontier = next.sorted()
        }
        return subgraph(seen)
    }

    private func isStackMembership(_ edge: TopologyEdge) -> Bool {
        edge.kind == .contains && node(edge.from)?.type == EdgeInference.stackType
    }

    private func steps(from node: String, directed: Bool, kinds: Set<EdgeKind>?) -> [(arn: String, edge: TopologyEdge)] {
        var result = outgoing(node).filter { kinds?.contains($0.kind) ?? true }.map { (arn: $0.to, edge: $0) }
        if !directed {
            result += incoming(node).filter { kinds?.contains($0.kind) ?? true }.map { (arn: $0.from, edge: $0) }
        }
        return result
    }
}
