import VigilAPIModel

/// An initialized Streamable HTTP session: what `StreamableHTTPMCPClient.connect` returns.
public final class StreamableHTTPConnection: MCPConnection {
    public let server: MCPServerInfo
    private let transport: MCPStreamableTransport

    /// Guards against a server whose cursors never end.
    static let maxToolPages = 100

    init(server: MCPServerInfo, transport: MCPStreamableTransport) {
        self.server = server
        self.transport = transport
    }

    /// The session id the server issued, if any.
    public var sessionId: String? { get async { await transport.currentSessionId } }

    public func listTools() async throws -> [MCPTool] {
        var tools: [MCPTool] = []
        var cursor: String?
        var seenCursors: Set<String> = []
        for _ in 0..<Self.maxToolPages {
            let params: JSONValue? = cursor.map { ["cursor": .string($0)] }
            let outcome = try await transport.request(method: "tools/list", params: params, oversize: .fail)
            guard case .result(let result, _) = outcome else {
                throw MCPError(.replyTooLarge, "The MCP server's tools/list reply was too large")
            }
            let page = try MCPResultDecoding.toolsPage(result)
            tools.append(contentsOf: page.tools)
            guard let next = page.nextCursor else { return tools }
            guard seenCursors.insert(next).inserted else {
                throw MCPError(.protocolViolation, "The MCP server's tools/list repeated the cursor \"\(next.prefix(64))\"")
            }
            cursor = next
        }
        throw MCPError(.protocolViolation, "The MCP server's tools/list did not end after \(Self.maxToolPages) pages")
    }

    public func callTool(name: String, arguments: JSONValue) async throws -> MCPToolResult {
        if let reason = MCPToolPolicy.nameRefusal(name) {
            throw MCPError(.protocolViolation, "Tool \"\(name.prefix(80))\" cannot be called: \(reason)")
        }
        let args: JSONValue = arguments.isNull ? [:] : arguments
        guard args.objectValue != nil else {
            throw MCPError(.protocolViolation, "Tool arguments must be a JSON object")
        }
        let outcome = try await transport.request(method: "tools/call",
                                                  params: ["name": .string(name), "arguments": args],
                                                  oversize: .truncate, timeout: transport.options.toolCallTimeout)
        switch outcome {
        case .result(let result, let byteCount):
            return try MCPResultDecoding.toolResult(result, byteCount: byteCount)
        case .truncated(let partial, let byteCount):
            return MCPResultDecoding.truncatedResult(cap: transport.options.maxReplyBytes, byteCount: byteCount, partial: partial)
        }
    }

    public func close() async {
        await transport.close()
    }
}
