import Foundation
import Testing
import VigilAPIModel
@testable import VigilMCP

@Suite("MCP endpoint, tool and message rules")
struct MCPRulesTests {
    private func refusal(_ url: String, loopback: Bool = true) -> MCPError? {
        guard let parsed = URL(string: url) else { return MCPError(.endpointRefused, "unparsable") }
        do {
            try MCPEndpointRules.check(parsed, allowLoopbackHTTP: loopback)
            return nil
        } catch {
            return error
        }
    }

    @Test("https is accepted; http only on loopback and only when allowed")
    func schemes() {
        #expect(refusal("https://mcp.example.com/mcp", loopback: false) == nil)
        for url in ["http://127.0.0.1:8000/mcp", "http://127.5.4.3/mcp", "http://localhost:9/mcp", "http://[::1]:8000/mcp"] {
            #expect(refusal(url) == nil, "\(url)")
            #expect(refusal(url, loopback: false)?.message.contains("VIGIL_ALLOW_LOOPBACK_HTTP=1") == true, "\(url)")
        }
        for url in ["http://10.0.0.1/mcp", "http://128.0.0.1/mcp", "http://127.0.0.1.evil.com/mcp", "http://mcp.example.com/mcp", "http://127.0.0.256/"] {
            let error = refusal(url)
            #expect(error?.kind == .endpointRefused, "\(url)")
            #expect(error?.message.contains("loopback") == true, "\(url)")
        }
        #expect(refusal("ftp://example.com/")?.kind == .endpointRefused)
        #expect(refusal("https://user:pw@example.com/mcp")?.message.contains("credentials") == true)
    }

    @Test("WebSocket URLs are refused as a transport Vigil does not speak")
    func webSocket() {
        for url in ["ws://127.0.0.1:1/mcp", "wss://mcp.example.com/mcp"] {
            let error = refusal(url)
            #expect(error?.kind == .unsupportedTransport)
            #expect(error?.message.contains("WebSocket is not an MCP transport Vigil supports; use Streamable HTTP") == true)
        }
    }

    @Test("the client refuses before connecting: ws://, non-loopback http://")
    func clientRefusesEarly() async {
        var options = MCPClientOptions()
        options.allowLoopbackHTTP = true
        for (url, kind) in [("ws://127.0.0.1:9/mcp", MCPError.Kind.unsupportedTransport), ("http://192.0.2.1/mcp", .endpointRefused)] {
            await #expect {
                _ = try await StreamableHTTPMCPClient().connect(endpoint: URL(string: url)!, authorization: .none, options: options)
            } throws: { error in (error as? MCPError)?.kind == kind }
        }
    }

    @Test("tool names: 1 to 64 characters")
    func names() {
        #expect(MCPToolPolicy.nameRefusal(String(repeating: "a", count: 64)) == nil)
        #expect(MCPToolPolicy.nameRefusal(String(repeating: "a", count: 65)) == "the tool name is 65 characters long; at most 64 are allowed")
        #expect(MCPToolPolicy.nameRefusal("") == "the tool name is empty")
    }

    @Test("allowlistable only when read-only and not destructive, with the reason otherwise")
    func allowlist() {
        func tool(_ readOnly: Bool?, _ destructive: Bool?, name: String = "t") -> MCPTool {
            MCPTool(name: name, annotations: MCPToolAnnotations(readOnlyHint: readOnly, destructiveHint: destructive))
        }
        #expect(MCPToolPolicy.allowlistRefusal(tool(true, nil)) == nil)
        #expect(MCPToolPolicy.allowlistRefusal(tool(true, false)) == nil)
        #expect(MCPToolPolicy.allowlistRefusal(tool(true, true)) == "the server declares it destructive (destructiveHint: true)")
        #expect(MCPToolPolicy.allowlistRefusal(tool(false, false)) == "the server declares it not read-only (readOnlyHint: false)")
        #expect(MCPToolPolicy.allowlistRefusal(tool(nil, nil)) == "the server does not declare it read-only (readOnlyHint is not set)")
        #expect(MCPToolPolicy.allowlistRefusal(tool(true, false, name: String(repeating: "x", count: 65)))?.contains("64") == true)
        #expect(!MCPToolPolicy.isAllowlistable(tool(nil, false)))
    }

    @Test("JSON-RPC messages: requests, notifications, responses, errors, batches, garbage")
    func messages() throws {
        let batch = Array(#"[{"jsonrpc":"2.0","id":"s1","method":"ping"},{"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}},{"jsonrpc":"2.0","id":3,"result":{}},{"jsonrpc":"2.0","id":4,"error":{"code":-32602,"message":"bad"}}]"#.utf8)
        let messages = try JSONRPCMessage.decode(batch)
        #expect(messages == [
            .request(id: "s1", method: "ping", params: nil),
            .notification(method: "notifications/progress", params: ["progress": 1]),
            .response(id: 3, result: [:]),
            .error(id: 4, code: -32602, message: "bad", data: nil),
        ])
        #expect(throws: MCPError.self) { try JSONRPCMessage.decode(Array("not json".utf8)) }
        #expect(throws: MCPError.self) { try JSONRPCMessage.decode(Array(#"{"id":1,"result":{}}"#.utf8)) }
        #expect(throws: MCPError.self) { try JSONRPCMessage.decode(Array(#"{"jsonrpc":"2.0","id":1}"#.utf8)) }
        let written = JSONRPCMessage.request(id: 5, method: "tools/list", params: nil).json
        #expect(written == ["jsonrpc": "2.0", "id": 5, "method": "tools/list"])
    }

    @Test("a cut reply still yields the start of its first text")
    func partialText() {
        let cut = Array(#"{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text", "text": "line\n\"quoted\" \u00e9 and mo"#.utf8)
        #expect(PartialJSONText.firstText(in: cut) == "line\n\"quoted\" é and mo")
        #expect(PartialJSONText.firstText(in: Array("garbage".utf8)) == nil)
    }
}

@Suite("MCP TLS settings")
struct MCPTLSTests {
    @Test("a CA bundle that is missing or holds no certificate is refused at connect, before any request")
    func badBundle() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-mcp-empty-\(UUID().uuidString).pem")
        try Data("not a certificate\n".utf8).write(to: empty)
        defer { try? FileManager.default.removeItem(at: empty) }
        for path in ["/nonexistent/vigil-ca.pem", empty.path] {
            var options = MCPClientOptions()
            options.caBundlePath = path
            await #expect {
                _ = try await StreamableHTTPMCPClient().connect(endpoint: URL(string: "https://192.0.2.1/mcp")!, authorization: .none, options: options)
            } throws: { error in
                guard let error = error as? MCPError else { return false }
                return error.kind == .endpointRefused && error.message.contains("CA bundle")
            }
        }
    }
}
