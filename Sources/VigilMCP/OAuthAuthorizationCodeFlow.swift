import AsyncHTTPClient
import Foundation
import Logging
import VigilOAuth

/// The OAuth 2.0 authorization-code grant with PKCE (RFC 6749 §4.1, RFC 7636), for servers a
/// person authorizes in a browser: build the URL to send them to, then exchange the code that
/// comes back to `redirectURI` (with the same PKCE verifier) for tokens.
public struct OAuthAuthorizationCodeFlow: Sendable {
    public var authorizationEndpoint: URL
    public var tokenEndpoint: URL
    public var clientId: String
    /// Confidential clients send it with HTTP Basic at the token endpoint; public clients have none.
    public var clientSecret: String?
    public var redirectURI: String
    public var scopes: [String]
    /// Extra query parameters for the authorization URL (`audience`, `resource`, `prompt`).
    public var extraParameters: [String: String]

    public init(authorizationEndpoint: URL, tokenEndpoint: URL, clientId: String, clientSecret: String? = nil,
                redirectURI: String, scopes: [String] = [], extraParameters: [String: String] = [:]) {
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.extraParameters = extraParameters
    }

    /// Where to send the person. `state` must be unguessable (`Base64URL.randomToken()`) and
    /// checked when the code comes back; keep `pkce` for `exchange`.
    public func authorizationURL(state: String, pkce: PKCE) -> URL? {
        var pairs: [(String, String)] = [
            ("response_type", "code"),
            ("client_id", clientId),
            ("redirect_uri", redirectURI),
            ("state", state),
            ("code_challenge", pkce.challenge),
            ("code_challenge_method", pkce.method),
        ]
        if !scopes.isEmpty { pairs.append(("scope", scopes.joined(separator: " "))) }
        for key in extraParameters.keys.sorted() { pairs.append((key, extraParameters[key] ?? "")) }
        let base = authorizationEndpoint.absoluteString
        let separator = base.contains("?") ? "&" : "?"
        // Spaces as %20 rather than +: some authorization servers do not read + in a query.
        let query = FormEncoding.encode(pairs).replacingOccurrences(of: "+", with: "%20")
        return URL(string: base + separator + query)
    }

    /// Exchanges `code` (with the PKCE verifier) at the token endpoint.
    public func exchange(code: String, pkce: PKCE, options: MCPClientOptions, httpClient: HTTPClient = StreamableHTTPMCPClient.defaultHTTPClient,
                         logger: Logger = Logger(label: "vigil.mcp.oauth")) async throws -> MCPOAuthTokens {
        guard !code.isEmpty else { throw MCPError(.unauthorized, "The authorization server returned an empty code") }
        let http = try MCPHTTPContext(client: httpClient, options: options, logger: logger)
        let endpoint = OAuthTokenEndpoint(http: http, timeout: options.requestTimeout)
        return try await endpoint.requestTokens(
            tokenURL: tokenEndpoint,
            form: [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
                   ("code_verifier", pkce.verifier)],
            clientId: clientId, clientSecret: clientSecret)
    }
}
