import AsyncHTTPClient
import Foundation
import Logging
import VigilAPIModel

/// An OAuth authorization server's endpoints, from its RFC 8414 metadata document.
public struct OAuthServerMetadata: Sendable, Equatable {
    public var issuer: String
    public var authorizationEndpoint: URL?
    public var tokenEndpoint: URL
    public var codeChallengeMethods: [String]

    public init(issuer: String, authorizationEndpoint: URL?, tokenEndpoint: URL, codeChallengeMethods: [String]) {
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.codeChallengeMethods = codeChallengeMethods
    }

    /// Reads the metadata JSON. Pure. Refuses a document whose endpoints break the URL rules
    /// or that names no token endpoint.
    public static func parse(_ bytes: [UInt8], allowLoopbackHTTP: Bool) throws(MCPError) -> OAuthServerMetadata {
        guard let json = try? JSONParser.parse(bytes), json.objectValue != nil else {
            throw MCPError(.protocolViolation, "The OAuth metadata document is not a JSON object")
        }
        return try OAuthServerMetadata(json: json, allowLoopbackHTTP: allowLoopbackHTTP)
    }

    /// The same, from a document already parsed (MCP authorization discovery reads it with others).
    public init(json: JSONValue, allowLoopbackHTTP: Bool) throws(MCPError) {
        guard let tokenText = json["token_endpoint"]?.stringValue, let token = URL(string: tokenText) else {
            throw MCPError(.protocolViolation, "The OAuth metadata document names no token_endpoint")
        }
        try MCPEndpointRules.check(token, allowLoopbackHTTP: allowLoopbackHTTP, role: "OAuth token endpoint")
        var authorize: URL?
        if let text = json["authorization_endpoint"]?.stringValue {
            guard let url = URL(string: text) else {
                throw MCPError(.protocolViolation, "The OAuth metadata's authorization_endpoint is not a URL")
            }
            try MCPEndpointRules.check(url, allowLoopbackHTTP: allowLoopbackHTTP, role: "OAuth authorization endpoint")
            authorize = url
        }
        self.init(issuer: json["issuer"]?.stringValue ?? "", authorizationEndpoint: authorize, tokenEndpoint: token,
                  codeChallengeMethods: json["code_challenge_methods_supported"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// `GET {origin}/.well-known/oauth-authorization-server` of the issuer URL's origin.
    public static func discover(issuer: URL, options: MCPClientOptions, httpClient: HTTPClient = StreamableHTTPMCPClient.defaultHTTPClient,
                                logger: Logger = Logger(label: "vigil.mcp.oauth")) async throws -> OAuthServerMetadata {
        try MCPEndpointRules.check(issuer, allowLoopbackHTTP: options.allowLoopbackHTTP, role: "OAuth issuer")
        guard var components = URLComponents(url: issuer, resolvingAgainstBaseURL: false) else {
            throw MCPError(.endpointRefused, "The OAuth issuer is not a valid URL")
        }
        // RFC 8414 §3: the well-known segment goes between the host and any issuer path.
        let path = components.path == "/" ? "" : components.path
        components.path = "/.well-known/oauth-authorization-server" + path
        components.query = nil
        guard let url = components.url else { throw MCPError(.endpointRefused, "The OAuth issuer is not a valid URL") }
        let http = try MCPHTTPContext(client: httpClient, options: options, logger: logger)
        let response = try await http.execute(http.request(url, method: .GET, headers: [("Accept", "application/json")], body: nil),
                                              timeout: options.requestTimeout)
        let bytes = try await MCPHTTPContext.collect(response.body, limit: 64 * 1024, what: "The OAuth metadata document")
        guard response.status == .ok else {
            throw MCPError(.protocolViolation, "The OAuth metadata document at \(MCPHTTPContext.origin(url.absoluteString)) answered HTTP \(response.status.code)")
        }
        return try parse(bytes, allowLoopbackHTTP: options.allowLoopbackHTTP)
    }
}
