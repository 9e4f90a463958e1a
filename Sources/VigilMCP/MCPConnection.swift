import Foundation
import VigilAPIModel

/// How Vigil authenticates to an MCP server. Built from a registration's sealed
/// `serviceDetails`; never logged, never returned by the API.
public enum MCPAuthorization: Sendable {
    case none
    /// A static key sent in the named header.
    case apiKey(header: String, value: String)
    /// `Authorization: Bearer <token>`.
    case bearer(token: String)
    /// OAuth 2.0 client credentials: a token fetched from `tokenURL` and refreshed when it expires.
    case oauthClientCredentials(MCPOAuthClient)
    /// An access token obtained by the authorization-code flow with PKCE (and its refresh token, if any).
    case oauthAuthorizationCode(MCPOAuthTokens)
    /// AWS SigV4 with the given signing parameters.
    case sigv4(MCPSigV4Signing)
}

public struct MCPOAuthClient: Sendable {
    public var tokenURL: URL
    public var clientId: String
    public var clientSecret: String
    public var scopes: [String]
    /// Extra form parameters some providers need (`audience`, `resource`).
    public var extraParameters: [String: String]

    public init(tokenURL: URL, clientId: String, clientSecret: String, scopes: [String] = [], extraParameters: [String: String] = [:]) {
        self.tokenURL = tokenURL
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.extraParameters = extraParameters
    }
}

public struct MCPOAuthTokens: Sendable {
    public var accessToken: String
    public var refreshToken: String?
    public var expiresAt: Date?
    /// Needed to refresh: the token endpoint and the public client id (and secret, if confidential).
    public var tokenURL: URL?
    public var clientId: String?
    public var clientSecret: String?

    public init(accessToken: String, refreshToken: String? = nil, expiresAt: Date? = nil,
                tokenURL: URL? = nil, clientId: String? = nil, clientSecret: String? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.tokenURL = tokenURL
        self.clientId = clientId
        self.clientSecret = clientSecret
    }
}

public struct MCPSigV4Signing: Sendable {
    public var region: String
    public var service: String
    /// Credentials to sign with (the role named in the registration, already assumed by the caller).
    public var credentials: @Sendable () async throws -> MCPSigningCredentials
    public var customHeaders: [String: String]

    public init(region: String, service: String, customHeaders: [String: String] = [:],
                credentials: @escaping @Sendable () async throws -> MCPSigningCredentials) {
        self.region = region
        self.service = service
        self.customHeaders = customHeaders
        self.credentials = credentials
    }
}

public struct MCPSigningCredentials: Sendable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

/// Limits and transport rules for one connection.
public struct MCPClientOptions: Sendable {
    /// Per request (initialize, list, call), including reading a streamed reply.
    public var requestTimeout: Duration = .seconds(30)
    /// Per `tools/call`, when set: a tool may be given a shorter (or longer) deadline than the
    /// protocol's own requests, without changing how long connecting may take.
    public var toolCallTimeout: Duration?
    /// Largest reply kept; larger tool results are cut and marked `truncated`, other replies fail.
    public var maxReplyBytes: Int = 1 << 20
    /// `http://` endpoints are refused unless this is set and the host is a loopback address
    /// (`VIGIL_ALLOW_LOOPBACK_HTTP=1`).
    public var allowLoopbackHTTP: Bool = false
    /// PEM file of extra trusted CA certificates for `https://` endpoints.
    public var caBundlePath: String?
    /// Attempts to resume a broken SSE reply with `Last-Event-ID` before failing.
    public var maxResumptions: Int = 2

    public init() {}
}

/// A live, initialized session with one MCP server. Implementations speak Streamable HTTP.
public protocol MCPConnection: Sendable {
    var server: MCPServerInfo { get }
    /// Every tool, across `nextCursor` pages.
    func listTools() async throws -> [MCPTool]
    /// Calls one tool. Cancelling the calling task sends `notifications/cancelled` to the server.
    func callTool(name: String, arguments: JSONValue) async throws -> MCPToolResult
    /// Ends the session (HTTP DELETE with the session id, when the server gave one).
    func close() async
}

/// Opens sessions; the seam the API and the CLI use so tests can reach real servers on loopback.
public protocol MCPConnecting: Sendable {
    func connect(endpoint: URL, authorization: MCPAuthorization, options: MCPClientOptions) async throws -> any MCPConnection
}
