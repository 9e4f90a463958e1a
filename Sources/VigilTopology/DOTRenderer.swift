/// Graphviz DOT text of a graph: one `cluster_` subgraph per stack holding its members, nodes
/// filled by type (`TypePalette`), edges labelled with their kind. Stack `contains` edges are
/// drawn by the clusters themselves, not as arrows; the stack node is the cluster's label.
public enum DOTRenderer {
    public static func render(_ graph: TopologyGraph) -> String {
        var lines = ["digraph topology {", "  rankdir=LR;", "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];",
                     "  edge [fontname=\"Helvetica\", fontsize=10];"]
        let stackNodes = Set(graph.nodes.filter { $0.type == EdgeInference.stackType }.map(\.arn))
        let groups = Dictionary(grouping: graph.nodes.filter { !stackNodes.contains($0.arn) }) { $0.stack ?? "" }
        for (index, stack) in groups.keys.sorted().enumerated() {
            let members = groups[stack] ?? []
            if stack.isEmpty {
                lines += members.map { "  " + nodeLine($0) }
                continue
            }
            lines.append("  subgraph cluster_\(index) {")
            lines.append("    label=\(quote("stack " + stack));")
            lines.append("    style=\"rounded\"; color=\"#4dabf7\";")
            lines += members.map { "    " + nodeLine($0) }
            lines.append("  }")
        }
        for edge in graph.edges where !(edge.kind == .contains && stackNodes.contains(edge.from)) {
            guard !stackNodes.contains(edge.to) else { continue }
            lines.append("  \(quote(edge.from)) -> \(quote(edge.to)) [label=\(quote(edge.kind.rawValue))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func nodeLine(_ node: TopologyNode) -> String {
        let fill = TypePalette.colour(for: node.type)
        let label = "\(node.name)\n\(node.type)"
        return "\(quote(node.arn)) [label=\(quote(label)), fillcolor=\(quote(fill)), fontcolor=\(quote(TypePalette.textColour(on: fill)))\(node.staleSince != nil ? ", style=\"rounded,filled,dashed\"" : "")];"
    }

    /// A DOT double-quoted string: backslash and quote escaped, newlines as `\n`.
    static func quote(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
