import Foundation
import VigilAWSClients
import VigilMCP

/// What the API needs to reach MCP servers: the client that opens sessions and its options.
public struct MCPSettings: Sendable {
    /// Opens sessions; nil when this server was built without an MCP client (registration and
    /// invocation then answer that MCP is not available).
    public var connector: (any MCPConnecting)?
    public var options: MCPClientOptions
    /// Plain HTTP for OAuth authorization discovery (metadata, dynamic client registration).
    public var http: (any HTTPExecutor)?
    /// Opens sessions whose OAuth tokens, when refreshed, are handed to the given closure (so the
    /// rotated tokens of an authorization-code registration are sealed and stored). Nil: `connector`.
    public var refreshingConnector: (@Sendable (@escaping @Sendable (MCPOAuthTokens) async -> Void) -> any MCPConnecting)?
    /// How long a registration waits for the OAuth authorization-code callback.
    public var authorizationLifetime: TimeInterval = 600
    /// Largest tool output (in UTF-8 bytes) handed back by InvokeTool after sanitising.
    public var maxToolOutputBytes = 256 * 1024
    /// Allowlisted tools per agent space, across all its MCP associations.
    public var maxAllowlistedToolsPerSpace = 500

    public init(connector: (any MCPConnecting)? = nil, options: MCPClientOptions = MCPClientOptions()) {
        self.connector = connector
        self.options = options
    }
}
