import Foundation

/// The topology neighbourhood of an investigation as an SVG graph: the resources in scope in
/// layers (callers above callees), call edges as arrows, the suspected root cause in red and the
/// resources named in the incident outlined. Every label is escaped and cut.
enum NeighbourhoodSVG {
    static func render(resources: [InvestigationModel.Resource], edges: [(caller: String, callee: String)], suspected: String?) -> String {
        let nodes = Array(resources.prefix(40))
        let names = Set(nodes.map(\.entity))
        let shown = edges.filter { names.contains($0.caller) && names.contains($0.callee) }
        let layer = layers(nodes.map(\.entity), shown)
        let byLayer = Dictionary(grouping: nodes, by: { layer[$0.entity] ?? 0 })
        let width = 180.0, height = 48.0, gapX = 24.0, gapY = 56.0, margin = 16.0
        let columns = max(1, byLayer.values.map(\.count).max() ?? 1)
        let rows = (byLayer.keys.max() ?? 0) + 1
        let totalW = margin * 2 + Double(columns) * (width + gapX) - gapX
        let totalH = margin * 2 + Double(rows) * (height + gapY) - gapY
        var position: [String: (x: Double, y: Double)] = [:]
        for (row, members) in byLayer {
            let rowWidth = Double(members.count) * (width + gapX) - gapX
            let offset = margin + (totalW - 2 * margin - rowWidth) / 2
            for (i, node) in members.sorted(by: { $0.entity < $1.entity }).enumerated() {
                position[node.entity] = (offset + Double(i) * (width + gapX), margin + Double(row) * (height + gapY))
            }
        }
        let n = SVGText.number
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(totalW)) \(n(max(totalH, 60)))\" width=\"\(n(totalW))\" height=\"\(n(max(totalH, 60)))\" font-family=\"sans-serif\">"
        out += "<title>Topology neighbourhood</title>"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#868e96\"/></marker></defs>"
        if nodes.isEmpty {
            out += "<text x=\"16\" y=\"32\" font-size=\"13\">No resources were resolved for this investigation.</text>"
        }
        for edge in shown {
            guard let a = position[edge.caller], let b = position[edge.callee] else { continue }
            let down = b.y > a.y
            let (x1, y1) = (a.x + width / 2, down ? a.y + height : a.y)
            let (x2, y2) = (b.x + width / 2, down ? b.y : b.y + height)
            out += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"#868e96\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"><title>\(SVGText.escape(Untrusted.cut("\(edge.caller) calls \(edge.callee)", 200)))</title></line>"
        }
        for node in nodes {
            guard let p = position[node.entity] else { continue }
            let isSuspect = node.entity == suspected
            let fill = isSuspect ? "#ffe3e3" : "#f8f9fa"
            let stroke = isSuspect ? "#c92a2a" : (node.matched ? "#1864ab" : "#adb5bd")
            let cls = isSuspect ? " class=\"root-cause\"" : ""
            out += "<g\(cls)><title>\(SVGText.escape(Untrusted.cut("\(node.entity) (\(node.type))\(isSuspect ? " — suspected root cause" : "")", 300)))</title>"
            out += "<rect x=\"\(n(p.x))\" y=\"\(n(p.y))\" width=\"\(n(width))\" height=\"\(n(height))\" rx=\"6\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(isSuspect ? 3 : 1.5)\"/>"
            out += "<text x=\"\(n(p.x + 8))\" y=\"\(n(p.y + 20))\" font-size=\"13\" font-weight=\"bold\" fill=\"#212529\">\(SVGText.escape(Untrusted.cut(node.entity, 24)))</text>"
            out += "<text x=\"\(n(p.x + 8))\" y=\"\(n(p.y + 38))\" font-size=\"10\" fill=\"#495057\">\(SVGText.escape(Untrusted.cut(isSuspect ? "suspected root cause" : node.type, 30)))</text></g>"
        }
        return out + "</svg>"
    }

    /// Longest-path layering from callers down (cycles cut by a depth limit).
    static func layers(_ nodes: [String], _ edges: [(caller: String, callee: String)]) -> [String: Int] {
        var layer = Dictionary(nodes.map { ($0, 0) }, uniquingKeysWith: { a, _ in a })
        for _ in 0..<min(nodes.count, 12) {
            var changed = false
            for edge in edges where edge.caller != edge.callee {
                let next = (layer[edge.caller] ?? 0) + 1
                if next > (layer[edge.callee] ?? 0) && next < 12 { layer[edge.callee] = next; changed = true }
            }
            if !changed { break }
        }
        return layer
    }
}
