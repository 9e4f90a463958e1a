import VigilAPIModel

/// The behaviour hints a server declares for a tool (MCP `ToolAnnotations`). Hints are claims by
/// the server, not guarantees; Vigil only ever allowlists tools that claim to be read-only and
/// not destructive, and still treats what they return as untrusted.
public struct MCPToolAnnotations: Sendable, Hashable {
    public var title: String?
    public var readOnlyHint: Bool?
    public var destructiveHint: Bool?
    public var idempotentHint: Bool?
    public var openWorldHint: Bool?

    public init(title: String? = nil, readOnlyHint: Bool? = nil, destructiveHint: Bool? = nil,
                idempotentHint: Bool? = nil, openWorldHint: Bool? = nil) {
        self.title = title
        self.readOnlyHint = readOnlyHint
        self.destructiveHint = destructiveHint
        self.idempotentHint = idempotentHint
        self.openWorldHint = openWorldHint
    }
}

/// One tool as a server lists it (`tools/list`).
public struct MCPTool: Sendable, Hashable {
    public var name: String
    public var title: String?
    public var description: String?
    /// The JSON Schema of the arguments, as the server sent it.
    public var inputSchema: JSONValue
    public var annotations: MCPToolAnnotations

    public init(name: String, title: String? = nil, description: String? = nil,
                inputSchema: JSONValue = .object(["type": "object"]), annotations: MCPToolAnnotations = MCPToolAnnotations()) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.annotations = annotations
    }
}

/// One content block of a tool result. Only text is kept verbatim; other kinds are summarised.
public enum MCPContent: Sendable, Hashable {
    case text(String)
    case other(type: String, summary: String)
}

/// What `tools/call` returned, after the size cap.
public struct MCPToolResult: Sendable, Hashable {
    public var content: [MCPContent]
    public var structuredContent: JSONValue?
    /// The server's `isError`: the tool ran and reported a failure.
    public var isError: Bool
    /// The reply was larger than the configured cap and was cut.
    public var truncated: Bool
    /// Bytes received for the reply (before the cut).
    public var byteCount: Int

    public init(content: [MCPContent], structuredContent: JSONValue? = nil, isError: Bool = false,
                truncated: Bool = false, byteCount: Int = 0) {
        self.content = content
        self.structuredContent = structuredContent
        self.isError = isError
        self.truncated = truncated
        self.byteCount = byteCount
    }
}

/// What `initialize` told us about the server.
public struct MCPServerInfo: Sendable, Hashable {
    public var name: String
    public var version: String?
    /// The protocol version both sides agreed on.
    public var protocolVersion: String
    public var instructions: String?

    public init(name: String, version: String?, protocolVersion: String, instructions: String? = nil) {
        self.name = name
        self.version = version
        self.protocolVersion = protocolVersion
        self.instructions = instructions
    }
}
