import Foundation
import Testing
import VigilAPIModel
@testable import VigilMCP

@Suite("MCP session over Streamable HTTP")
struct MCPSessionTests {
    static var options: MCPClientOptions {
        var options = MCPClientOptions()
        options.allowLoopbackHTTP = true
        options.requestTimeout = .seconds(120)  // a bound for a hang, not a speed target: CI machines are loaded
        return options
    }

    @Test("initialize, list and call with JSON replies; session id and protocol version echoed")
    func jsonRoundTrip() async throws {
        try await MCPTestServer.with({ request, _ in ScriptedMCP.standard(request) }) { endpoint, log in
            let client = StreamableHTTPMCPClient()
            let connection = try await client.connect(endpoint: endpoint, authorization: .none, options: Self.options)
            #expect(connection.server.name == "scripted")
            #expect(connection.server.protocolVersion == "2025-06-18")
            let tools = try await connection.listTools()
            #expect(tools.map(\.name) == ["get_status", "restart_service"])
            #expect(tools[0].annotations.readOnlyHint == true)
            #expect(tools[0].annotations.title == "Status")
            #expect(tools[1].annotations.destructiveHint == true)
            let result = try await connection.callTool(name: "get_status", arguments: ["region": "eu"])
            #expect(result.content == [.text("called get_status")])
            #expect(result.truncated == false)
            #expect(result.byteCount > 0)
            await connection.close()

            let initialize = try #require(log.posted("initialize").first)
            #expect(initialize.json?["params"]?["protocolVersion"]?.stringValue == MCPProtocolVersion.latest)
            #expect(initialize.json?["params"]?["clientInfo"]?["name"]?.stringValue == "vigil")
            #expect(initialize.headers["mcp-session-id"] == nil)
            #expect(initialize.headers["accept"] == "application/json, text/event-stream")
            #expect(initialize.headers["content-type"] == "application/json")
            #expect(log.posted("notifications/initialized").count == 1)
            for later in log.all.dropFirst() {
                #expect(later.headers["mcp-session-id"] == ScriptedMCP.sessionId, "\(later.method) \(later.rpcMethod ?? "")")
                #expect(later.headers["mcp-protocol-version"] == "2025-06-18")
            }
            let call = try #require(log.posted("tools/call").first)
            #expect(call.json?["params"]?["arguments"]?["region"]?.stringValue == "eu")
            #expect(log.all.last?.method == "DELETE")
            let ids = log.all.compactMap { $0.rpcId?.int64Value }
            #expect(Set(ids).count == ids.count, "request ids are unique in a session")
        }
    }

    @Test("an SSE reply works the same")
    func sseReply() async throws {
        try await MCPTestServer.with({ request, _ in
            guard request.rpcMethod == "tools/call" else { return ScriptedMCP.standard(request) }
            return .sse(chunks: [ScriptedMCP.event(ScriptedMCP.response(request.rpcId, ScriptedMCP.textResult("streamed")), id: "e1")])
        }) { endpoint, _ in
            let connection = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .none, options: Self.options)
            let result = try await connection.callTool(name: "get_status", arguments: [:])
            #expect(result.content == [.text("streamed")])
        }
    }

    @Test("a server answering with a protocol version Vigil does not speak is refused")
    func unsupportedVersion() async throws {
        try await MCPTestServer.with({ request, _ in
            guard request.rpcMethod == "initialize" else { return ScriptedMCP.standard(request) }
            return .json(ScriptedMCP.response(request.rpcId, ScriptedMCP.initializeResult(version: "2024-11-05")))
        }) { endpoint, log in
            await #expect {
                _ = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .none, options: Self.options)
            } throws: { error in
                guard let error = error as? MCPError else { return false }
                return error.kind == .protocolViolation && error.message.contains("2024-11-05")
            }
            #expect(log.posted("notifications/initialized").isEmpty)
        }
    }

    @Test("tools/list follows nextCursor across pages")
    func pagination() async throws {
        try await MCPTestServer.with({ request, _ in
            guard request.rpcMethod == "tools/list" else { return ScriptedMCP.standard(request) }
            let cursor = request.json?["params"]?["cursor"]?.stringValue
            let page: JSONValue = switch cursor {
            case nil: ["tools": [["name": "a", "inputSchema": ["type": "object"]]], "nextCursor": "p2"]
            case "p2": ["tools": [["name": "b", "inputSchema": ["type": "object"]]], "nextCursor": "p3"]
            default: ["tools": [["name": "c", "inputSchema": ["type": "object"]]]]
            }
            return .json(ScriptedMCP.response(request.rpcId, page))
        }) { endpoint, log in
            let connection = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .none, options: Self.options)
            let tools = try await connection.listTools()
            #expect(tools.map(\.name) == ["a", "b", "c"])
            #expect(log.posted("tools/list").map { $0.json?["params"]?["cursor"]?.stringValue } == [nil, "p2", "p3"])
        }
    }

    @Test("a 404 for a request carrying the session id reports the session as expired")
    func sessionExpiry() async throws {
        try await MCPTestServer.with({ request, _ in
            guard request.rpcMethod == "tools/list" else { return ScriptedMCP.standard(request) }
            return MCPTestServer.Reply(status: 404)
        }) { endpoint, _ in
            let connection = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .none, options: Self.options)
            await #expect {
                _ = try await connection.listTools()
            } throws: { error in
                guard let error = error as? MCPError else { return false }
                return error.kind == .connectionFailed && error.message.contains("session expired")
            }
        }
    }

    @Test("tool results: isError, structuredContent and non-text content summarised")
    func resultShapes() async throws {
        try await MCPTestServer.with({ request, _ in
            guard request.rpcMethod == "tools/call" else { return ScriptedMCP.standard(request) }
            let result: JSONValue = [
                "content": [
                    ["type": "text", "text": "failed"],
                    ["type": "image", "mimeType": "image/png", "data": "aGVsbG8="],
                    ["type": "resource", "resource": ["uri": "file:///a.txt", "text": "inner"]],
                ],
                "structuredContent": ["count": 3],
                "isError": true,
            ]
            return .json(ScriptedMCP.response(request.rpcId, result))
        }) { endpoint, _ in
            let connection = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .none, options: Self.options)
            let result = try await connection.callTool(name: "get_status", arguments: .null)
            #expect(result.isError)
            #expect(result.structuredContent == ["count": 3])
            #expect(result.content.first == .text("failed"))
            #expect(result.content[1] == .other(type: "image", summary: "[image image/png, 8 bytes of base64 not kept]"))
            guard case .other("resource", let summary) = result.content[2] else {
                Issue.record("resource not summarised")
                return
            }
            #expect(summary.contains("file:///a.txt") && summary.contains("inner"))
        }
    }
}
