import VigilAPIModel
import VigilMCP

/// A tool as Vigil stores and shows it: what the server listed plus Vigil's verdict on whether it
/// may be allowlisted. Pure conversions to and from JSON.
enum MCPCatalogue {
    static func json(_ tool: MCPTool) -> JSONValue {
        var annotations: [String: JSONValue] = [:]
        let a = tool.annotations
        if let v = a.title { annotations["title"] = .string(v) }
        if let v = a.readOnlyHint { annotations["readOnlyHint"] = .bool(v) }
        if let v = a.destructiveHint { annotations["destructiveHint"] = .bool(v) }
        if let v = a.idempotentHint { annotations["idempotentHint"] = .bool(v) }
        if let v = a.openWorldHint { annotations["openWorldHint"] = .bool(v) }
        var out: [String: JSONValue] = ["name": .string(tool.name), "annotations": .object(annotations),
                                        "inputSchema": tool.inputSchema]
        if let v = tool.title { out["title"] = .string(v) }
        if let v = tool.description { out["description"] = .string(v) }
        let refusal = MCPToolPolicy.allowlistRefusal(tool)
        out["allowlistable"] = .bool(refusal == nil)
        if let refusal { out["notAllowlistableBecause"] = .string(refusal) }
        return .object(out)
    }

    static func tool(_ json: JSONValue) -> MCPTool? {
        guard let name = json["name"]?.stringValue else { return nil }
        let a = json["annotations"]
        return MCPTool(name: name, title: json["title"]?.stringValue, description: json["description"]?.stringValue,
                       inputSchema: json["inputSchema"] ?? .object(["type": "object"]),
                       annotations: MCPToolAnnotations(title: a?["title"]?.stringValue, readOnlyHint: a?["readOnlyHint"]?.boolValue,
                                                       destructiveHint: a?["destructiveHint"]?.boolValue,
                                                       idempotentHint: a?["idempotentHint"]?.boolValue,
                                                       openWorldHint: a?["openWorldHint"]?.boolValue))
    }

    /// Rows for `MCPTable.putCatalogue`.
    static func rows(_ tools: [MCPTool]) -> [(name: String, allowlistable: Bool, doc: [UInt8])] {
        tools.map { ($0.name, MCPToolPolicy.isAllowlistable($0), JSONWriter.write(json($0))) }
    }
}
