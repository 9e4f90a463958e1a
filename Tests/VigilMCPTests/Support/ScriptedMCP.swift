import Foundation
import VigilAPIModel

/// Standard answers of a well-behaved Streamable HTTP MCP server, for tests to build on: they
/// override only the method whose misbehaviour they exercise.
enum ScriptedMCP {
    static let sessionId = "session-7f3a"

    static let tools: JSONValue = [
        ["name": "get_status", "description": "Reads a status", "inputSchema": ["type": "object"],
         "annotations": ["readOnlyHint": true, "destructiveHint": false, "title": "Status"]],
        ["name": "restart_service", "inputSchema": ["type": "object"],
         "annotations": ["readOnlyHint": false, "destructiveHint": true]],
    ]

    static func initializeResult(version: String = MCPTestVersions.latest) -> JSONValue {
        ["protocolVersion": .string(version), "capabilities": ["tools": [:]],
         "serverInfo": ["name": "scripted", "version": "1.0"]]
    }

    static func response(_ id: JSONValue?, _ result: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id ?? .null, "result": result]
    }

    static func textResult(_ text: String) -> JSONValue {
        ["content": [["type": "text", "text": .string(text)]], "isError": false]
    }

    /// One SSE event carrying a JSON-RPC message.
    static func event(_ message: JSONValue, id: String? = nil) -> [UInt8] {
        var text = ""
        if let id { text += "id: \(id)\n" }
        text += "event: message\ndata: \(JSONWriter.writeString(message))\n\n"
        return Array(text.utf8)
    }

    /// The default answer for `request`, with JSON replies and a session id.
    static func standard(_ request: MCPTestServer.Received) -> MCPTestServer.Reply {
        guard request.method == "POST" else {
            return MCPTestServer.Reply(status: request.method == "DELETE" ? 200 : 405)
        }
        guard let method = request.rpcMethod else { return .accepted }
        if request.rpcId == nil { return .accepted }
        switch method {
        case "initialize":
            return .json(response(request.rpcId, initializeResult()), headers: ["Mcp-Session-Id": sessionId])
        case "tools/list":
            return .json(response(request.rpcId, ["tools": tools]))
        case "tools/call":
            let name = request.json?["params"]?["name"]?.stringValue ?? ""
            return .json(response(request.rpcId, textResult("called \(name)")))
        default:
            return .json(["jsonrpc": "2.0", "id": request.rpcId ?? .null, "error": ["code": -32601, "message": "no"]])
        }
    }
}

enum MCPTestVersions {
    static let latest = "2025-06-18"
}
