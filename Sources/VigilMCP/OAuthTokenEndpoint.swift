import AsyncHTTPClient
import Foundation
import NIOHTTP1
import VigilAPIModel

/// Talks to an OAuth 2.0 token endpoint (RFC 6749 §4.1.3, §4.4, §6): a form POST, the client
/// authenticated with HTTP Basic (client_secret_basic) when it has a secret, else by `client_id`
/// in the form. Error messages carry the endpoint's `error` code and description, never a secret.
struct OAuthTokenEndpoint: Sendable {
    let http: MCPHTTPContext
    let timeout: Duration

    static let maxReplyBytes = 64 * 1024

    func requestTokens(tokenURL: URL, form: [(String, String)], clientId: String, clientSecret: String?,
                       now: @Sendable () -> Date = Date.init) async throws -> MCPOAuthTokens {
        try MCPEndpointRules.check(tokenURL, allowLoopbackHTTP: http.allowLoopbackHTTP, role: "OAuth token endpoint")
        var fields = form
        var headers: [(String, String)] = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        if let clientSecret {
            let pair = "\(FormEncoding.component(clientId)):\(FormEncoding.component(clientSecret))"
            headers.append(("Authorization", "Basic \(Data(pair.utf8).base64EncodedString())"))
        } else {
            fields.append(("client_id", clientId))
        }
        let body = Array(FormEncoding.encode(fields).utf8)
        let request = http.request(tokenURL, method: .POST, headers: headers, body: body)
        let response = try await http.execute(request, timeout: timeout)
        let bytes = try await MCPHTTPContext.collect(response.body, limit: Self.maxReplyBytes, what: "The token endpoint's reply")
        let json = try? JSONParser.parse(bytes)
        guard response.status == .ok else {
            let code = json?["error"]?.stringValue ?? "HTTP \(response.status.code)"
            let description = json?["error_description"]?.stringValue.map { ": \(String($0.prefix(200)))" } ?? ""
            throw MCPError(.unauthorized, "The OAuth token endpoint \(MCPHTTPContext.origin(tokenURL.absoluteString)) refused the request (\(code)\(description))")
        }
        guard let json, let access = json["access_token"]?.stringValue, !access.isEmpty else {
            throw MCPError(.unauthorized, "The OAuth token endpoint \(MCPHTTPContext.origin(tokenURL.absoluteString)) answered without an access_token")
        }
        if let type = json["token_type"]?.stringValue, type.lowercased() != "bearer" {
            throw MCPError(.unauthorized, "The OAuth token endpoint issued a \(type) token; only bearer tokens are supported")
        }
        let expiresAt = (json["expires_in"]?.doubleValue).map { now().addingTimeInterval($0) }
        return MCPOAuthTokens(accessToken: access, refreshToken: json["refresh_token"]?.stringValue, expiresAt: expiresAt,
                              tokenURL: tokenURL, clientId: clientId, clientSecret: clientSecret)
    }
}
