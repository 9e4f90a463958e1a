import VigilAPIModel

/// One JSON-RPC 2.0 message as MCP uses it. Ids are kept as JSON values because a server may use
/// numbers or strings for its own requests; ours are always integers.
public enum JSONRPCMessage: Sendable, Equatable {
    case request(id: JSONValue, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    case response(id: JSONValue, result: JSONValue)
    case error(id: JSONValue?, code: Int, message: String, data: JSONValue?)

    /// JSON-RPC's "method not found", sent back for server requests Vigil does not serve.
    public static let methodNotFound = -32601

    /// The id of a response or error, nil for requests and notifications.
    public var responseId: JSONValue? {
        switch self {
        case .response(let id, _): return id
        case .error(let id, _, _, _): return id
        default: return nil
        }
    }

    public var json: JSONValue {
        switch self {
        case .request(let id, let method, let params):
            var object: [String: JSONValue] = ["jsonrpc": "2.0", "id": id, "method": .string(method)]
            if let params { object["params"] = params }
            return .object(object)
        case .notification(let method, let params):
            var object: [String: JSONValue] = ["jsonrpc": "2.0", "method": .string(method)]
            if let params { object["params"] = params }
            return .object(object)
        case .response(let id, let result):
            return .object(["jsonrpc": "2.0", "id": id, "result": result])
        case .error(let id, let code, let message, let data):
            var error: [String: JSONValue] = ["code": .int(Int64(code)), "message": .string(message)]
            if let data { error["data"] = data }
            return .object(["jsonrpc": "2.0", "id": id ?? .null, "error": .object(error)])
        }
    }

    public var bytes: [UInt8] { JSONWriter.write(json) }

    /// Reads one message, or every message of a batch (a JSON array).
    public static func decode(_ bytes: [UInt8]) throws(MCPError) -> [JSONRPCMessage] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw MCPError(.protocolViolation, "The MCP server sent a message that is not JSON: \(error.message)")
        }
        if case .array(let items) = value {
            var out: [JSONRPCMessage] = []
            for item in items { out.append(try decode(item)) }
            return out
        }
        return [try decode(value)]
    }

    public static func decode(_ value: JSONValue) throws(MCPError) -> JSONRPCMessage {
        guard case .object(let object) = value else {
            throw MCPError(.protocolViolation, "The MCP server sent a JSON-RPC message that is not an object")
        }
        guard object["jsonrpc"]?.stringValue == "2.0" else {
            throw MCPError(.protocolViolation, "The MCP server sent a message without \"jsonrpc\": \"2.0\"")
        }
        let id = object["id"]
        if let method = object["method"] {
            guard let name = method.stringValue else {
                throw MCPError(.protocolViolation, "The MCP server sent a message whose \"method\" is not a string")
            }
            if let id, !id.isNull { return .request(id: id, method: name, params: object["params"]) }
            return .notification(method: name, params: object["params"])
        }
        if let error = object["error"] {
            let code = error["code"]?.intValue ?? 0
            let message = error["message"]?.stringValue ?? "(no message)"
            return .error(id: (id?.isNull ?? true) ? nil : id, code: code, message: message, data: error["data"])
        }
        if let result = object["result"], let id {
            return .response(id: id, result: result)
        }
        throw MCPError(.protocolViolation, "The MCP server sent a JSON-RPC message that is neither a request, a notification nor a response")
    }
}
