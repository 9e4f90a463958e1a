import AsyncHTTPClient
import Foundation
import Logging

/// Opens MCP sessions over Streamable HTTP (the only transport Vigil speaks). Checks the endpoint
/// before connecting (https, or http on loopback when allowed; WebSocket and the deprecated
/// HTTP+SSE transport refused), then initializes.
public struct StreamableHTTPMCPClient: MCPConnecting {
    /// Sent as `clientInfo.version` in `initialize`.
    public static let clientVersion = "0.1.0"

    private let httpClient: HTTPClient
    private let logger: Logger
    private let observer: MCPNotificationObserver?
    private let onTokensRefreshed: (@Sendable (MCPOAuthTokens) async -> Void)?

    /// - Parameters:
    ///   - observer: receives server notifications (progress, logging) that arrive during calls.
    ///   - onTokensRefreshed: receives OAuth tokens renewed with a refresh token, so the caller
    ///     can seal and store them (a server may rotate the refresh token).
    public init(httpClient: HTTPClient = StreamableHTTPMCPClient.defaultHTTPClient, logger: Logger = Logger(label: "vigil.mcp"),
                observer: MCPNotificationObserver? = nil,
                onTokensRefreshed: (@Sendable (MCPOAuthTokens) async -> Void)? = nil) {
        self.httpClient = httpClient
        self.logger = logger
        self.observer = observer
        self.onTokensRefreshed = onTokensRefreshed
    }

    /// The client used when none is given: lives as long as the process (never shut down, like
    /// `HTTPClient.shared`), connects within 10 s and does not retry a failed connection, so a
    /// certificate or connection error is reported as such at once instead of surfacing as a timeout.
    public static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .disabled
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public func connect(endpoint: URL, authorization: MCPAuthorization, options: MCPClientOptions) async throws -> any MCPConnection {
        try await open(endpoint: endpoint, authorization: authorization, options: options)
    }

    /// `connect` with the concrete type (for the session id).
    public func open(endpoint: URL, authorization: MCPAuthorization, options: MCPClientOptions) async throws -> StreamableHTTPConnection {
        try MCPEndpointRules.check(endpoint, allowLoopbackHTTP: options.allowLoopbackHTTP)
        try Self.checkAuthorization(authorization, options: options)
        guard options.maxReplyBytes > 0, options.maxResumptions >= 0, options.requestTimeout > .zero,
              (options.toolCallTimeout ?? .seconds(1)) > .zero else {
            throw MCPError(.endpointRefused, "MCP client options out of range: maxReplyBytes, requestTimeout and toolCallTimeout must be positive, maxResumptions not negative")
        }
        let http = try MCPHTTPContext(client: httpClient, options: options, logger: logger)
        let tokens = OAuthTokenEndpoint(http: http, timeout: options.requestTimeout)
        let authorizer = MCPAuthorizer(authorization, tokens: tokens, onTokensRefreshed: onTokensRefreshed)
        let transport = MCPStreamableTransport(endpoint: endpoint, options: options, http: http,
                                               authorizer: authorizer, observer: observer)
        let server = try await transport.initialize(clientVersion: Self.clientVersion)
        return StreamableHTTPConnection(server: server, transport: transport)
    }

    /// Authorization settings that cannot work are refused before any request.
    static func checkAuthorization(_ authorization: MCPAuthorization, options: MCPClientOptions) throws(MCPError) {
        switch authorization {
        case .none:
            return
        case .apiKey(let header, let value):
            guard !header.isEmpty, header.utf8.allSatisfy(Self.isTokenCharacter) else {
                throw MCPError(.unauthorized, "The API key header name \"\(header.prefix(64))\" is not a valid HTTP header name")
            }
            guard !value.isEmpty, !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
                throw MCPError(.unauthorized, "The API key is empty or holds control characters")
            }
        case .bearer(let token):
            guard !token.isEmpty, !token.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
                throw MCPError(.unauthorized, "The bearer token is empty or holds control characters")
            }
        case .oauthClientCredentials(let client):
            try MCPEndpointRules.check(client.tokenURL, allowLoopbackHTTP: options.allowLoopbackHTTP, role: "OAuth token endpoint")
            guard !client.clientId.isEmpty else { throw MCPError(.unauthorized, "The OAuth client id is empty") }
        case .oauthAuthorizationCode(let tokens):
            if let url = tokens.tokenURL {
                try MCPEndpointRules.check(url, allowLoopbackHTTP: options.allowLoopbackHTTP, role: "OAuth token endpoint")
            }
        case .sigv4(let signing):
            guard !signing.region.isEmpty, !signing.service.isEmpty else {
                throw MCPError(.unauthorized, "SigV4 signing needs a region and a service name")
            }
        }
    }

    /// RFC 9110 token characters (header names).
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
