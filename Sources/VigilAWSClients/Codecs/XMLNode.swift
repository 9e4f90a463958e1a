#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation

/// A small generic XML tree: element name (local name, no prefix), attributes, child elements
/// and the element's own text (concatenated character data, whitespace kept).
public struct XMLNode: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLNode]
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLNode] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child element named `name`.
    public func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// Children named `name`, in document order.
    public func children(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// The element at a path of child names (`node["Credentials", "AccessKeyId"]`).
    public subscript(_ path: String...) -> XMLNode? {
        var node: XMLNode? = self
        for name in path { node = node?.child(name) }
        return node
    }

    /// The text of the child at `path`, or nil when it is absent.
    public func string(_ path: String...) -> String? {
        var node: XMLNode? = self
        for name in path { node = node?.child(name) }
        return node?.text
    }

    /// The first element named `name` in this subtree (depth-first, self included).
    public func first(named name: String) -> XMLNode? {
        if self.name == name { return self }
        for child in children {
            if let found = child.first(named: name) { return found }
        }
        return nil
    }

    /// A list in the query protocol's wire shape: `<Name><member>…</member>…</Name>`.
    public func members(_ listName: String, member: String = "member") -> [XMLNode] {
        child(listName)?.children(member) ?? []
    }

    /// Parses a whole document; nil when it is not well-formed. External entities are not
    /// resolved; elements nest at most `maxDepth` deep.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) -> XMLNode? {
        let builder = XMLTreeBuilder(maxDepth: maxDepth)
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        guard parser.parse(), !builder.failed else { return nil }
        return builder.root
    }
}

/// Builds `XMLNode`s from FoundationXML's SAX callbacks. Used on one thread, for one document.
private final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [XMLNode] = []
    private(set) var root: XMLNode?
    private(set) var failed = false
    private let maxDepth: Int

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        guard stack.count < maxDepth else {
            failed = true
            parser.abortParsing()
            return
        }
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        stack.append(XMLNode(name: local, attributes: attributeDict))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let node = stack.popLast() else {
            failed = true
            return
        }
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        failed = true
    }
}
