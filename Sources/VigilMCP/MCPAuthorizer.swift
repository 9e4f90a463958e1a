import Foundation
import VigilAWS

/// Adds a connection's credentials to each request, fetching and caching OAuth tokens. An actor:
/// concurrent requests share one token and one refresh.
actor MCPAuthorizer {
    /// Tokens are renewed this long before the endpoint says they expire.
    static let expiryMargin: TimeInterval = 30

    private let authorization: MCPAuthorization
    private let tokens: OAuthTokenEndpoint
    private let now: @Sendable () -> Date
    private let onTokensRefreshed: (@Sendable (MCPOAuthTokens) async -> Void)?
    private var current: MCPOAuthTokens?

    init(_ authorization: MCPAuthorization, tokens: OAuthTokenEndpoint,
         now: @escaping @Sendable () -> Date = Date.init,
         onTokensRefreshed: (@Sendable (MCPOAuthTokens) async -> Void)? = nil) {
        self.authorization = authorization
        self.tokens = tokens
        self.now = now
        self.onTokensRefreshed = onTokensRefreshed
        if case .oauthAuthorizationCode(let initial) = authorization { current = initial }
    }

    /// The headers to send: `headers` plus the credentials (for SigV4, the signature over all of
    /// them, the URL and the body).
    func authorize(method: String, url: URL, headers: [(String, String)], body: [UInt8]) async throws -> [(String, String)] {
        switch authorization {
        case .none:
            return headers
        case .apiKey(let header, let value):
            return headers + [(header, value)]
        case .bearer(let token):
            return headers + [("Authorization", "Bearer \(token)")]
        case .oauthClientCredentials, .oauthAuthorizationCode:
            return headers + [("Authorization", "Bearer \(try await accessToken())")]
        case .sigv4(let signing):
            return try await sign(method: method, url: url, headers: headers, body: body, signing: signing)
        }
    }

    /// After a 401: whether retrying makes sense (a new OAuth token was obtained). Static
    /// credentials and SigV4 would fail the same way again.
    func renewAfterUnauthorized() async throws -> Bool {
        switch authorization {
        case .oauthClientCredentials:
            current = nil
            _ = try await accessToken()
            return true
        case .oauthAuthorizationCode:
            guard let tokens = current, tokens.refreshToken != nil else { return false }
            current = try await refresh(tokens)
            return true
        default:
            return false
        }
    }

    private func accessToken() async throws -> String {
        if let tokens = current, !expired(tokens) { return tokens.accessToken }
        switch authorization {
        case .oauthClientCredentials(let client):
            var form: [(String, String)] = [("grant_type", "client_credentials")]
            if !client.scopes.isEmpty { form.append(("scope", client.scopes.joined(separator: " "))) }
            for key in client.extraParameters.keys.sorted() { form.append((key, client.extraParameters[key] ?? "")) }
            let fetched = try await tokens.requestTokens(tokenURL: client.tokenURL, form: form, clientId: client.clientId,
                                                         clientSecret: client.clientSecret, now: now)
            current = fetched
            return fetched.accessToken
        case .oauthAuthorizationCode:
            guard let tokens = current else {
                throw MCPError(.unauthorized, "No OAuth access token is available; authorize the registration again")
            }
            guard tokens.refreshToken != nil else {
                throw MCPError(.unauthorized, "The OAuth access token has expired and there is no refresh token; authorize the registration again")
            }
            let refreshed = try await refresh(tokens)
            current = refreshed
            return refreshed.accessToken
        default:
            throw MCPError(.unauthorized, "This authorization does not use OAuth tokens")
        }
    }

    private func expired(_ tokens: MCPOAuthTokens) -> Bool {
        guard let expiresAt = tokens.expiresAt else { return false }
        return now().addingTimeInterval(Self.expiryMargin) >= expiresAt
    }

    private func refresh(_ old: MCPOAuthTokens) async throws -> MCPOAuthTokens {
        guard let refreshToken = old.refreshToken, let tokenURL = old.tokenURL, let clientId = old.clientId else {
            throw MCPError(.unauthorized, "The OAuth tokens cannot be refreshed (no refresh token, token endpoint or client id); authorize the registration again")
        }
        var renewed = try await tokens.requestTokens(tokenURL: tokenURL,
                                                     form: [("grant_type", "refresh_token"), ("refresh_token", refreshToken)],
                                                     clientId: clientId, clientSecret: old.clientSecret, now: now)
        // A server that does not rotate refresh tokens leaves the old one valid.
        if renewed.refreshToken == nil { renewed.refreshToken = refreshToken }
        current = renewed
        await onTokensRefreshed?(renewed)
        return renewed
    }

    private func sign(method: String, url: URL, headers: [(String, String)], body: [UInt8],
                      signing: MCPSigV4Signing) async throws -> [(String, String)] {
        let credentials: MCPSigningCredentials
        do {
            credentials = try await signing.credentials()
        } catch let error as MCPError {
            throw error
        } catch {
            throw MCPError(.unauthorized, "Could not obtain AWS credentials to sign MCP requests: \(error)")
        }
        var all = headers
        for name in signing.customHeaders.keys.sorted() { all.append((name, signing.customHeaders[name] ?? "")) }
        let host = url.host.map { host in url.port.map { "\(host):\($0)" } ?? host } ?? ""
        all.append(("Host", host))
        all.append(("X-Amz-Content-Sha256", SigV4.sha256Hex(body)))
        let path = url.path.isEmpty ? "/" : Self.rawPath(url)
        var request = SignableRequest(method: method, rawPath: path, rawQuery: url.query,
                                      headers: all.map { (name: $0.0, value: $0.1) }, body: body)
        SigV4Signer().sign(&request, credentials: SigV4Credentials(accessKeyId: credentials.accessKeyId,
                                                                   secretAccessKey: credentials.secretAccessKey,
                                                                   sessionToken: credentials.sessionToken),
                           region: signing.region, service: signing.service, date: now())
        return request.headers.map { ($0.name, $0.value) }
    }

    /// The path as it goes on the wire (still percent-encoded).
    private static func rawPath(_ url: URL) -> String {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let path = components?.percentEncodedPath ?? url.path
        return path.isEmpty ? "/" : path
    }
}
