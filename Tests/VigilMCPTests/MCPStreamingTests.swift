import Foundation
import Hummingbird
import NIOCore
import Testing
import VigilAPIModel
@testable import VigilMCP

@Suite("MCP streamed replies: chunking, notifications, resumption, timeouts, cancellation, size cap")
struct MCPStreamingTests {
    static func options(timeout: Duration = .seconds(120), maxReplyBytes: Int = 1 << 20) -> MCPClientOptions {
        var options = MCPClientOptions()
        options.allowLoopbackHTTP = true
        options.requestTimeout = timeout
        options.maxReplyBytes = maxReplyBytes
        return options
    }

    static func connect(_ endpoint: URL, _ options: MCPClientOptions = options(),
                        observer: MCPNotificationObserver? = nil) async throws -> any MCPConnection {
        try await StreamableHTTPMCPClient(observer: observer).connect(endpoint: endpoint, authorization: .none, options: options)
    }

    @Test("an SSE reply written one byte per write, then in random pieces")
    func chunkedReplies() async throws {
        for mode in ["bytes", "random"] {
            try await MCPTestServer.with({ request, log in
                guard request.rpcMethod == "tools/call" else { return ScriptedMCP.standard(request) }
                var stream = Array(": opening comment\r\n\r\n".utf8)
                stream += ScriptedMCP.event(["jsonrpc": "2.0", "method": "notifications/progress",
                                             "params": ["progressToken": 1, "progress": 0.5]], id: "ev-1")
                stream += ScriptedMCP.event(ScriptedMCP.response(request.rpcId, ScriptedMCP.textResult("héllo → wörld\nline 2")), id: "ev-2")
                var chunks: [[UInt8]] = []
                if mode == "bytes" {
                    chunks = stream.map { [$0] }
                } else {
                    var random = SplitMix(seed: UInt64(log.next("seed")))
                    var index = 0
                    while index < stream.count {
                        let end = min(stream.count, index + Int(random.next() % 17) + 1)
                        chunks.append(Array(stream[index..<end]))
                        index = end
                    }
                }
                return .sse(chunks: chunks)
            }) { endpoint, _ in
                let connection = try await Self.connect(endpoint)
                let result = try await connection.callTool(name: "get_status", arguments: [:])
                #expect(result.content == [.text("héllo → wörld\nline 2")], "\(mode)")
            }
        }
    }

    @Test("notifications and server requests before the response: observed, ping answered, others refused")
    func interleavedMessages() async throws {
        let seen = SeenNotifications()
        try await MCPTestServer.with({ request, _ in
            guard request.rpcMethod == "tools/call" else { return ScriptedMCP.standard(request) }
            let chunks = [
                ScriptedMCP.event(["jsonrpc": "2.0", "method": "notifications/message", "params": ["level": "info", "data": "working"]]),
                ScriptedMCP.event(["jsonrpc": "2.0", "id": "srv-1", "method": "ping"]),
                ScriptedMCP.event(["jsonrpc": "2.0", "id": "srv-2", "method": "sampling/createMessage", "params": [:]]),
                ScriptedMCP.event(["jsonrpc": "2.0", "method": "notifications/progress", "params": ["progress": 1]]),
                ScriptedMCP.event(ScriptedMCP.response(request.rpcId, ScriptedMCP.textResult("done"))),
            ]
            return .sse(chunks: chunks)
        }) { endpoint, log in
            let connection = try await Self.connect(endpoint, observer: { method, _ in seen.add(method) })
            let result = try await connection.callTool(name: "get_status", arguments: [:])
            #expect(result.content == [.text("done")])
            #expect(seen.all == ["notifications/message", "notifications/progress"])
            let replies = log.all.filter { $0.method == "POST" && $0.rpcMethod == nil }
            let ping = try #require(replies.first { $0.json?["id"] == "srv-1" })
            #expect(ping.json?["result"] == [:])
            #expect(ping.headers["mcp-session-id"] == ScriptedMCP.sessionId)
            let refused = try #require(replies.first { $0.json?["id"] == "srv-2" })
            #expect(refused.json?["error"]?["code"]?.intValue == -32601)
        }
    }

    @Test("a stream closed before the response is resumed with GET and Last-Event-ID")
    func resumption() async throws {
        try await MCPTestServer.with({ request, _ in
            if request.method == "GET" {
                let callId = JSONValue.int(3)
                return .sse(chunks: [ScriptedMCP.event(ScriptedMCP.response(callId, ScriptedMCP.textResult("resumed")), id: "ev-3")])
            }
            guard request.rpcMethod == "tools/call" else { return ScriptedMCP.standard(request) }
            #expect(request.rpcId?.int64Value == 3, "the script assumes the call is request 3")
            return .sse(chunks: [
                Array("id: ev-1\ndata: \n\n".utf8),
                ScriptedMCP.event(["jsonrpc": "2.0", "method": "notifications/progress", "params": ["progress": 1]], id: "ev-2"),
                Array("data: {\"jsonrpc\":\"2.0\",\"id\":3,\"res".utf8),
            ])
        }) { endpoint, log in
            let connection = try await Self.connect(endpoint)
            _ = try await connection.listTools()
            let result = try await connection.callTool(name: "get_status", arguments: [:])
            #expect(result.content == [.text("resumed")])
            let get = try #require(log.all.first { $0.method == "GET" })
            #expect(get.headers["last-event-id"] == "ev-2")
            #expect(get.headers["mcp-session-id"] == ScriptedMCP.sessionId)
            #expect(get.headers["accept"] == "text/event-stream")
        }
    }

    @Test("resumption gives up after maxResumptions and says what happened")
    func resumptionExhausted() async throws {
        try await MCPTestServer.with({ request, log in
            if request.method == "GET" {
                return .sse(chunks: [Array("id: g\(log.next("get"))\n: nothing yet\n\n".utf8)])
            }
            guard request.rpcMethod == "tools/call" else { return ScriptedMCP.standard(request) }
            return .sse(chunks: [Array("id: first\ndata:\n\n".utf8)])
        }) { endpoint, log in
            var options = Self.options()
            options.maxResumptions = 3
            let connection = try await Self.connect(endpoint, options)
            await #expect {
                _ = try await connection.callTool(name: "get_status", arguments: [:])
            } throws: { error in
                guard let error = error as? MCPError else { return false }
                return error.kind == .connectionFailed && error.message.contains("gave up after 3 resumptions")
            }
            let gets = log.all.filter { $0.method == "GET" }
            #expect(gets.map { $0.headers["last-event-id"] } == ["first", "g1", "g2"])
        }
    }

    @Test("a stream closed without any event id cannot be resumed")
    func noEventId() async throws {
        try await MCPTestServer.with({ request, _ in
            guard request.rpcMethod == "tools/call" else { return ScriptedMCP.standard(request) }
            return .sse(chunks: [Array(": just a comment\n\n".utf8)])
        }) { endpoint, log in
            let connection = try await Self.connect(endpoint)
            await #expect {
                _ = try await connection.callTool(name: "get_status", arguments: [:])
            } throws: { error in
                (error as? MCPError)?.message.contains("without an event id to resume from") == true
            }
            #expect(log.all.allSatisfy { $0.method != "GET" })
        }
    }

    /// An SSE reply that stays silent until the server has received `notifications/cancelled`.
    static func silentUntilCancelled(_ log: MCPTestServer.Log) -> MCPTestServer.Reply {
        MCPTestServer.Reply(status: 200, headers: ["Content-Type": "text/event-stream"]) { writer in
            try await writer.write(ByteBuffer(string: ": accepted\n\n"))
            _ = await waitUntil { !log.posted("notifications/cancelled").isEmpty }
        }
    }

    @Test("a server that never answers: timeout error, and notifications/cancelled is posted")
    func timeout() async throws {
        try await MCPTestServer.with({ request, log in
            guard request.rpcMethod == "tools/call" else { return ScriptedMCP.standard(request) }
            return Self.silentUntilCancelled(log)
        }) { endpoint, log in
            // Connecting keeps the generous request timeout (initialize can be slow on a loaded
            // machine); only the silent tools/call runs into its own short deadline.
            var options = Self.options()
            options.toolCallTimeout = .seconds(2)
            let connection = try await Self.connect(endpoint, options)
            await #expect {
                _ = try await connection.callTool(name: "get_status", arguments: [:])
            } throws: { error in (error as? MCPError)?.kind == .timeout }
            let call = try #require(log.posted("tools/call").first)
            let cancelled = try #require(log.posted("notifications/cancelled").first)
            #expect(cancelled.json?["params"]?["requestId"] == call.rpcId)
            #expect(cancelled.json?["params"]?["reason"]?.stringValue?.contains("timeout") == true)
            #expect(cancelled.headers["mcp-session-id"] == ScriptedMCP.sessionId)
        }
    }

    @Test("cancelling the calling task stops the call and posts notifications/cancelled")
    func taskCancellation() async throws {
        try await MCPTestServer.with({ request, log in
            guard request.rpcMethod == "tools/call" else { return ScriptedMCP.standard(request) }
            return Self.silentUntilCancelled(log)
        }) { endpoint, log in
            let connection = try await Self.connect(endpoint)
            let call = Task { try await connection.callTool(name: "get_status", arguments: [:]) }
            #expect(await waitUntil { !log.posted("tools/call").isEmpty })
            call.cancel()
            let outcome = await call.result
            guard case .failure(let error) = outcome else {
                Issue.record("the call finished despite the cancellation")
                return
            }
            #expect((error as? MCPError)?.kind == .cancelled)
            let cancelled = try #require(log.posted("notifications/cancelled").first)
            #expect(cancelled.json?["params"]?["requestId"] == log.posted("tools/call").first?.rpcId)
        }
    }

    @Test("a 10 MB tool reply is cut near the cap and marked truncated")
    func hugeToolReply() async throws {
        let total = 10 << 20
        let written = WrittenBytes()
        try await MCPTestServer.with({ request, _ in
            guard request.rpcMethod == "tools/call" else { return ScriptedMCP.standard(request) }
            let id = request.rpcId ?? .null
            return MCPTestServer.Reply(status: 200, headers: ["Content-Type": "text/event-stream"]) { writer in
                let head = "id: big\ndata: {\"jsonrpc\":\"2.0\",\"id\":\(JSONWriter.writeString(id)),\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
                try await writer.write(ByteBuffer(string: head))
                let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
                while written.count < total {
                    try await writer.write(chunk)
                    written.add(chunk.readableBytes)
                }
                try await writer.write(ByteBuffer(string: "\"}]}}\n\n"))
            }
        }) { endpoint, _ in
            let cap = 1 << 20
            let connection = try await Self.connect(endpoint, Self.options(maxReplyBytes: cap))
            let result = try await connection.callTool(name: "get_status", arguments: [:])
            #expect(result.truncated)
            #expect(result.byteCount > cap)
            #expect(result.byteCount < cap + 256 * 1024, "reading stopped near the cap: \(result.byteCount) bytes")
            guard case .text(let recovered) = result.content.first else {
                Issue.record("no recovered text")
                return
            }
            #expect(recovered.utf8.count > cap / 2 && recovered.utf8.count <= cap + 256 * 1024)
            #expect(recovered.allSatisfy { $0 == "x" })
            #expect(result.content.last == .text("[tool reply cut at \(cap) bytes: the server sent more than the \(cap)-byte limit; \(result.byteCount) bytes were read before reading stopped]"))
        }
    }

    @Test("an oversize reply to anything but a tool call fails with replyTooLarge")
    func hugeListReply() async throws {
        try await MCPTestServer.with({ request, _ in
            guard request.rpcMethod == "tools/list" else { return ScriptedMCP.standard(request) }
            let description = String(repeating: "d", count: 3 << 20)
            return .json(ScriptedMCP.response(request.rpcId, ["tools": [["name": "t", "description": .string(description)]]]))
        }) { endpoint, _ in
            let connection = try await Self.connect(endpoint, Self.options(maxReplyBytes: 1 << 20))
            await #expect {
                _ = try await connection.listTools()
            } throws: { error in (error as? MCPError)?.kind == .replyTooLarge }
        }
    }

    @Test("a server offering only the deprecated HTTP+SSE transport is refused as such")
    func legacyTransport() async throws {
        try await MCPTestServer.with({ request, _ in
            if request.method == "POST" { return MCPTestServer.Reply(status: 405) }
            return MCPTestServer.Reply(status: 200, headers: ["Content-Type": "text/event-stream"]) { writer in
                try await writer.write(ByteBuffer(string: "event: endpoint\ndata: /messages/?session_id=abc\n\n"))
                // The old transport keeps the stream open; stop once the client has gone.
                for _ in 0..<100 {
                    try await Task.sleep(for: .milliseconds(50))
                    try await writer.write(ByteBuffer(string: ": ping\n\n"))
                }
            }
        }) { endpoint, _ in
            await #expect {
                _ = try await Self.connect(endpoint)
            } throws: { error in
                guard let error = error as? MCPError else { return false }
                return error.kind == .unsupportedTransport && error.message.contains("offers only the deprecated HTTP+SSE transport")
            }
        }
    }

    @Test("a non-MCP URL refusing POST without an old SSE stream is reported as not MCP")
    func notMCP() async throws {
        try await MCPTestServer.with({ _, _ in MCPTestServer.Reply(status: 404) }) { endpoint, _ in
            await #expect {
                _ = try await Self.connect(endpoint)
            } throws: { error in
                guard let error = error as? MCPError else { return false }
                return error.kind == .protocolViolation && error.message.contains("HTTP 404")
            }
        }
    }
}

final class SeenNotifications: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ method: String) { lock.withLock { items.append(method) } }
    var all: [String] { lock.withLock { items } }
}

final class WrittenBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ n: Int) { lock.withLock { total += n } }
    var count: Int { lock.withLock { total } }
}
