/// Why an MCP server could not be used; every message names what to fix.
public struct MCPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The endpoint URL is not acceptable (scheme, host, loopback rule).
        case endpointRefused
        /// The server speaks only the older HTTP+SSE transport or WebSocket.
        case unsupportedTransport
        /// Credentials refused (401/403) or the token endpoint failed.
        case unauthorized
        /// The server answered with something that is not MCP.
        case protocolViolation
        /// A JSON-RPC error from the server.
        case serverError
        case timeout
        /// A reply over the size cap where cutting it is not possible.
        case replyTooLarge
        /// Connection refused, reset or closed mid-reply after resumption failed.
        case connectionFailed
        case cancelled
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
