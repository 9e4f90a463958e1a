/// Positions for drawing a graph without Graphviz: nodes in columns by dependency layer (a node
/// sits one column right of the furthest node acting on it, so edges mostly point right), and
/// in horizontal bands by stack (one band per stack, one for resources outside any stack).
/// Edges of a cycle cannot all point right; layers are capped at `maxColumns` so cycles end.
public struct LayeredLayout: Sendable {
    public struct Band: Sendable, Equatable {
        /// The stack name, or nil for resources in no stack.
        public var stack: String?
        public var firstRow: Int
        public var rowCount: Int
    }

    public struct Slot: Sendable, Equatable {
        public var column: Int
        public var row: Int
    }

    public static let maxColumns = 24
    public let columns: Int
    public let rows: Int
    public let bands: [Band]
    public let slots: [String: Slot]

    public init(_ graph: TopologyGraph) {
        let stackNodes = Set(graph.nodes.filter { $0.type == EdgeInference.stackType }.map(\.arn))
        let drawn = graph.nodes.filter { !stackNodes.contains($0.arn) }
        let layer = Self.layers(graph, drawn: Set(drawn.map(\.arn)))
        let groups = Dictionary(grouping: drawn) { $0.stack ?? "" }
        var bands: [Band] = []
        var slots: [String: Slot] = [:]
        var row = 0
        // Stacks first in name order, the resources outside any stack last.
        for stack in groups.keys.sorted(by: { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) }) {
            let members = (groups[stack] ?? []).sorted { $0.arn < $1.arn }
            var used: [Int: Int] = [:]
            for member in members {
                let column = layer[member.arn] ?? 0
                slots[member.arn] = Slot(column: column, row: row + used[column, default: 0])
                used[column, default: 0] += 1
            }
            let height = max(1, used.values.max() ?? 1)
            bands.append(Band(stack: stack.isEmpty ? nil : stack, firstRow: row, rowCount: height))
            row += height
        }
        self.columns = (slots.values.map(\.column).max() ?? -1) + 1
        self.rows = row
        self.bands = bands
        self.slots = slots
    }

    /// Longest-path layering over the acting edges (containment excluded), Bellman-style with a
    /// round limit so cycles terminate.
    static func layers(_ graph: TopologyGraph, drawn: Set<String>) -> [String: Int] {
        var layer: [String: Int] = [:]
        for arn in drawn { layer[arn] = 0 }
        let edges = graph.edges.filter { $0.kind != .contains && drawn.contains($0.from) && drawn.contains($0.to) }
        let cap = min(max(0, drawn.count - 1), maxColumns - 1)
        for _ in 0...cap + 1 {
            var changed = false
            for edge in edges {
                let candidate = min(cap, (layer[edge.from] ?? 0) + 1)
                if candidate > (layer[edge.to] ?? 0) {
                    layer[edge.to] = candidate
                    changed = true
                }
            }
            if !changed { break }
        }
        return layer
    }
}
