import VigilAPIModel

/// Reads the results of `initialize`, `tools/list` and `tools/call`. Pure.
enum MCPResultDecoding {
    static func serverInfo(_ result: JSONValue) throws(MCPError) -> MCPServerInfo {
        guard let version = result["protocolVersion"]?.stringValue else {
            throw MCPError(.protocolViolation, "The MCP server's initialize result has no protocolVersion")
        }
        guard MCPProtocolVersion.supported.contains(version) else {
            throw MCPError(.protocolViolation,
                           "The MCP server speaks protocol version \(version), which Vigil does not support (supported: \(MCPProtocolVersion.supported.joined(separator: ", ")))")
        }
        guard result["capabilities"]?.objectValue != nil else {
            throw MCPError(.protocolViolation, "The MCP server's initialize result has no capabilities object")
        }
        let info = result["serverInfo"]
        return MCPServerInfo(name: info?["name"]?.stringValue ?? "(unnamed)",
                             version: info?["version"]?.stringValue,
                             protocolVersion: version,
                             instructions: result["instructions"]?.stringValue)
    }

    /// One page of `tools/list`: the tools and the cursor of the next page.
    static func toolsPage(_ result: JSONValue) throws(MCPError) -> (tools: [MCPTool], nextCursor: String?) {
        guard let items = result["tools"]?.arrayValue else {
            throw MCPError(.protocolViolation, "The MCP server's tools/list result has no tools array")
        }
        var tools: [MCPTool] = []
        for item in items {
            guard let name = item["name"]?.stringValue else {
                throw MCPError(.protocolViolation, "The MCP server listed a tool without a name")
            }
            let hints = item["annotations"]
            let annotations = MCPToolAnnotations(title: hints?["title"]?.stringValue,
                                                 readOnlyHint: hints?["readOnlyHint"]?.boolValue,
                                                 destructiveHint: hints?["destructiveHint"]?.boolValue,
                                                 idempotentHint: hints?["idempotentHint"]?.boolValue,
                                                 openWorldHint: hints?["openWorldHint"]?.boolValue)
            tools.append(MCPTool(name: name, title: item["title"]?.stringValue,
                                 description: item["description"]?.stringValue,
                                 inputSchema: item["inputSchema"] ?? .object(["type": "object"]),
                                 annotations: annotations))
        }
        let cursor = result["nextCursor"]?.stringValue
        return (tools, (cursor?.isEmpty ?? true) ? nil : cursor)
    }

    static func toolResult(_ result: JSONValue, byteCount: Int) throws(MCPError) -> MCPToolResult {
        guard let blocks = result["content"]?.arrayValue else {
            throw MCPError(.protocolViolation, "The MCP server's tools/call result has no content array")
        }
        let structured = result["structuredContent"]
        return MCPToolResult(content: blocks.map(content), structuredContent: (structured?.isNull ?? true) ? nil : structured,
                             isError: result["isError"]?.boolValue ?? false, truncated: false, byteCount: byteCount)
    }

    /// Text verbatim; images, audio and resources as a one-line summary (their payload is not kept).
    static func content(_ block: JSONValue) -> MCPContent {
        let type = block["type"]?.stringValue ?? "unknown"
        switch type {
        case "text":
            return .text(block["text"]?.stringValue ?? "")
        case "image", "audio":
            let mime = block["mimeType"]?.stringValue ?? "unknown type"
            let size = block["data"]?.stringValue?.utf8.count ?? 0
            return .other(type: type, summary: "[\(type) \(mime), \(size) bytes of base64 not kept]")
        case "resource":
            let resource = block["resource"]
            let uri = resource?["uri"]?.stringValue ?? "(no uri)"
            if let text = resource?["text"]?.stringValue {
                return .other(type: type, summary: "[embedded resource \(uri)]\n\(text)")
            }
            return .other(type: type, summary: "[embedded resource \(uri), binary not kept]")
        case "resource_link":
            let uri = block["uri"]?.stringValue ?? "(no uri)"
            return .other(type: type, summary: "[resource link \(uri)]")
        default:
            return .other(type: type, summary: "[content of type \(type) not kept]")
        }
    }

    /// The result for a reply cut at the cap: whatever text could be recovered, and a note.
    static func truncatedResult(cap: Int, byteCount: Int, partial: [UInt8]) -> MCPToolResult {
        var content: [MCPContent] = []
        if let text = PartialJSONText.firstText(in: partial), !text.isEmpty {
            content.append(.text(text))
        }
        content.append(.text("[tool reply cut at \(cap) bytes: the server sent more than the \(cap)-byte limit; \(byteCount) bytes were read before reading stopped]"))
        return MCPToolResult(content: content, structuredContent: nil, isError: false, truncated: true, byteCount: byteCount)
    }
}
