/// A self-contained SVG picture of a graph (no Graphviz needed): `LayeredLayout` positions,
/// a rounded box per stack, nodes filled by type, edges coloured by kind with arrowheads, stale
/// resources dashed, and a legend of the types and edge kinds present.
public enum SVGRenderer {
    static let nodeWidth = 220.0, nodeHeight = 44.0, columnGap = 90.0, rowGap = 18.0
    static let margin = 24.0, bandPadding = 14.0, bandTitle = 18.0

    static let edgeColours: [EdgeKind: String] = [
        .contains: "#adb5bd", .invokes: "#e8590c", .readsFrom: "#1c7ed6", .writesTo: "#c2255c",
        .routesTo: "#7048e8", .subscribesTo: "#2b8a3e", .dependsOn: "#495057",
    ]

    public static func render(_ graph: TopologyGraph, title: String = "Vigil topology") -> String {
        let layout = LayeredLayout(graph)
        let bandTops = bandOffsets(layout)
        let contentWidth = Double(max(layout.columns, 1)) * (nodeWidth + columnGap) - columnGap + 2 * bandPadding
        let contentHeight = (bandTops.last.map { $0.top + $0.height } ?? 0)
        let shownTypes = Array(Set(graph.nodes.filter { layout.slots[$0.arn] != nil }.map(\.type))).sorted()
        let shownKinds = EdgeKind.allCases.filter { kind in graph.edges.contains { $0.kind == kind && layout.slots[$0.from] != nil && layout.slots[$0.to] != nil } }
        let legendTop = margin + 28 + contentHeight + 24
        let legendRows = Double(shownTypes.count + shownKinds.count)
        let width = max(contentWidth + 2 * margin, 420)
        let height = legendTop + 20 + legendRows * 20 + margin

        var out: [String] = []
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"Helvetica, Arial, sans-serif\">")
        out.append("<title>\(escape(title))</title>")
        out.append("<defs>")
        for kind in EdgeKind.allCases {
            out.append("<marker id=\"arrow-\(kind.rawValue)\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"\(edgeColours[kind] ?? "#000")\"/></marker>")
        }
        out.append("</defs>")
        out.append("<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>")
        out.append("<text x=\"\(n(margin))\" y=\"\(n(margin + 8))\" font-size=\"16\" font-weight=\"bold\">\(escape(title))</text>")
        let originY = margin + 28

        for (band, box) in zip(layout.bands, bandTops) {
            let y = originY + box.top
            let label = band.stack.map { "stack \($0)" } ?? "not in a stack"
            let dash = band.stack == nil ? " stroke-dasharray=\"4 3\"" : ""
            out.append("<rect x=\"\(n(margin))\" y=\"\(n(y))\" width=\"\(n(contentWidth))\" height=\"\(n(box.height - rowGap / 2))\" rx=\"10\" fill=\"#f8f9fa\" stroke=\"#4dabf7\"\(dash)/>")
            out.append("<text x=\"\(n(margin + bandPadding))\" y=\"\(n(y + 14))\" font-size=\"12\" fill=\"#1864ab\">\(escape(label))</text>")
        }

        func position(_ arn: String) -> (x: Double, y: Double)? {
            guard let slot = layout.slots[arn], let band = layout.bands.firstIndex(where: { slot.row >= $0.firstRow && slot.row < $0.firstRow + $0.rowCount }) else { return nil }
            let x = margin + bandPadding + Double(slot.column) * (nodeWidth + columnGap)
            let y = originY + bandTops[band].top + bandTitle + bandPadding / 2 + Double(slot.row - layout.bands[band].firstRow) * (nodeHeight + rowGap)
            return (x, y)
        }

        for edge in graph.edges {
            guard let a = position(edge.from), let b = position(edge.to) else { continue }
            let colour = edgeColours[edge.kind] ?? "#000"
            let (x1, y1, x2, y2): (Double, Double, Double, Double)
            if b.x > a.x {
                (x1, y1, x2, y2) = (a.x + nodeWidth, a.y + nodeHeight / 2, b.x, b.y + nodeHeight / 2)
            } else if b.x < a.x {
                (x1, y1, x2, y2) = (a.x, a.y + nodeHeight / 2, b.x + nodeWidth, b.y + nodeHeight / 2)
            } else {
                (x1, y1, x2, y2) = (a.x + nodeWidth / 2, b.y > a.y ? a.y + nodeHeight : a.y, b.x + nodeWidth / 2, b.y > a.y ? b.y : b.y + nodeHeight)
            }
            let bend = b.x == a.x ? 40.0 : 0
            let path = "M \(n(x1)) \(n(y1)) C \(n((x1 + x2) / 2 + bend)) \(n(y1)), \(n((x1 + x2) / 2 + bend)) \(n(y2)), \(n(x2)) \(n(y2))"
            out.append("<path d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" marker-end=\"url(#arrow-\(edge.kind.rawValue))\"><title>\(escape("\(edge.from) \(edge.kind.rawValue) \(edge.to): \(edge.evidence.joined(separator: "; "))"))</title></path>")
        }

        for node in graph.nodes {
            guard let p = position(node.arn) else { continue }
            let fill = TypePalette.colour(for: node.type)
            let text = TypePalette.textColour(on: fill)
            let dash = node.staleSince != nil ? " stroke-dasharray=\"5 3\"" : ""
            out.append("<g><title>\(escape(node.arn))</title>")
            out.append("<rect x=\"\(n(p.x))\" y=\"\(n(p.y))\" width=\"\(n(nodeWidth))\" height=\"\(n(nodeHeight))\" rx=\"6\" fill=\"\(fill)\" stroke=\"#343a40\"\(dash)/>")
            out.append("<text x=\"\(n(p.x + 8))\" y=\"\(n(p.y + 18))\" font-size=\"12\" font-weight=\"bold\" fill=\"\(text)\">\(escape(truncate(node.name, 30)))</text>")
            out.append("<text x=\"\(n(p.x + 8))\" y=\"\(n(p.y + 34))\" font-size=\"10\" fill=\"\(text)\">\(escape(truncate(node.type, 38)))</text>")
            out.append("</g>")
        }

        var y = legendTop
        out.append("<text x=\"\(n(margin))\" y=\"\(n(y))\" font-size=\"13\" font-weight=\"bold\">Legend</text>")
        for type in shownTypes {
            y += 20
            out.append("<rect x=\"\(n(margin))\" y=\"\(n(y - 11))\" width=\"14\" height=\"14\" rx=\"3\" fill=\"\(TypePalette.colour(for: type))\" stroke=\"#343a40\"/>")
            out.append("<text x=\"\(n(margin + 22))\" y=\"\(n(y))\" font-size=\"11\">\(escape(type))</text>")
        }
        for kind in shownKinds {
            y += 20
            out.append("<line x1=\"\(n(margin))\" y1=\"\(n(y - 4))\" x2=\"\(n(margin + 14))\" y2=\"\(n(y - 4))\" stroke=\"\(edgeColours[kind] ?? "#000")\" stroke-width=\"2\" marker-end=\"url(#arrow-\(kind.rawValue))\"/>")
            out.append("<text x=\"\(n(margin + 22))\" y=\"\(n(y))\" font-size=\"11\">\(escape(kind.rawValue))</text>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// Top offset and height of each band, in layout order.
    static func bandOffsets(_ layout: LayeredLayout) -> [(top: Double, height: Double)] {
        var top = 0.0
        return layout.bands.map { band in
            let height = bandTitle + bandPadding + Double(band.rowCount) * (nodeHeight + rowGap)
            defer { top += height }
            return (top, height)
        }
    }

    static func n(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(Double(Int(value * 10)) / 10)
    }

    static func truncate(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    /// XML text and attribute escaping.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Control characters other than tab/newline are not allowed in XML 1.0.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" { out += " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
