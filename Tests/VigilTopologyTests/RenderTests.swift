import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VigilTopology

@Suite struct RenderTests {
    typealias F = Fixture

    static let graph: TopologyGraph = {
        let stackArn = F.arn("cloudformation", "stack/shop/abc")
        return EdgeInference.infer(F.snapshot([
            F.resource(stackArn, "AWS::CloudFormation::Stack", "shop", identifiers: ["shop"]),
            F.resource(F.apiFn, "AWS::Lambda::Function", "api \"<&>\"", stack: "shop", references: ["env:Q": F.queueURL]),
            F.resource(F.queueArn, "AWS::SQS::Queue", "orders", stack: "shop", identifiers: [F.queueURL]),
            F.resource(F.workerFn, "AWS::Lambda::Function", "worker",
                       relations: [DeclaredRelation(kind: .readsFrom, target: F.queueArn, evidence: "event source mapping u1")]),
            F.resource(F.table, "AWS::DynamoDB::Table", "Orders"),
        ])).graph
    }()

    @Test func dotGroupsStacksIntoClustersAndColoursByType() {
        let dot = DOTRenderer.render(Self.graph)
        #expect(dot.hasPrefix("digraph topology {"))
        #expect(dot.contains("subgraph cluster_1 {\n    label=\"stack shop\";"))
        #expect(dot.contains("\"\(F.apiFn)\" [label=\"api \\\"<&>\\\"\\nAWS::Lambda::Function\", fillcolor=\"\(TypePalette.colour(for: "AWS::Lambda::Function"))\""))
        #expect(dot.contains("\"\(F.workerFn)\" -> \"\(F.queueArn)\" [label=\"reads-from\"];"))
        #expect(dot.contains("\"\(F.apiFn)\" -> \"\(F.queueArn)\" [label=\"writes-to\"];"))
        // Stack membership is drawn by the cluster, not as arrows from the stack node.
        #expect(!dot.contains("contains"))
        #expect(dot.filter { $0 == "{" }.count == dot.filter { $0 == "}" }.count)
    }

    @Test func svgIsWellFormedWithStackBoxesNodesAndLegend() throws {
        let svg = SVGRenderer.render(Self.graph)
        let collector = ElementCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        #expect(parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
        #expect(collector.root == "svg")
        #expect(collector.texts.contains("stack shop"))
        #expect(collector.texts.contains("not in a stack"))
        #expect(collector.texts.contains("api \"<&>\""))
        #expect(collector.texts.contains("Legend"))
        #expect(collector.texts.contains("AWS::SQS::Queue"))
        #expect(collector.texts.contains("reads-from"))
        // One box per drawn node (4, the stack is the band), two bands, one swatch per type (3).
        #expect(collector.count("rect") == 1 + 2 + 4 + 3)
        #expect(collector.count("path") == EdgeKind.allCases.count + 2)
    }

    @Test func layoutPutsDependantsLeftOfWhatTheyActOn() {
        let layout = LayeredLayout(Self.graph)
        #expect(layout.slots[F.apiFn]?.column == 0)
        #expect(layout.slots[F.queueArn]?.column == 1)
        #expect(layout.bands.map(\.stack) == ["shop", nil])
        #expect(layout.slots.count == 4)
        // No two nodes share a slot.
        #expect(Set(layout.slots.values.map { "\($0.column),\($0.row)" }).count == 4)
    }

    @Test func anEmptyGraphStillRendersValidOutput() {
        let svg = SVGRenderer.render(.empty)
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse())
        #expect(DOTRenderer.render(.empty) == "digraph topology {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n}\n")
    }
}

final class ElementCollector: NSObject, XMLParserDelegate {
    var root: String?
    var elements: [String] = []
    var texts: [String] = []
    private var current = ""

    func count(_ name: String) -> Int { elements.filter { $0 == name }.count }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = name }
        elements.append(name)
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(current) }
        current = ""
    }
}
