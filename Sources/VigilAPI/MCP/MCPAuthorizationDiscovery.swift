import Foundation
import VigilAPIModel
import VigilAWSClients
import VigilCore
import VigilMCP

/// `authorizationDiscovery`: the MCP authorization discovery of the 2025-06-18 protocol. Vigil asks
/// the server which authorization server protects it (RFC 9728 protected resource metadata, from
/// the `WWW-Authenticate` challenge of an unauthenticated request or the well-known URL), reads
/// that server's metadata (RFC 8414, then OpenID configuration), registers itself as a public
/// client (RFC 7591 dynamic client registration, redirect URI = Vigil's callback) and then runs the
/// same authorization-code flow with PKCE as `oAuth3LO`.
enum MCPAuthorizationDiscovery {
    struct Discovered: Sendable, Equatable {
        var authorizationURL: String
        var tokenURL: String
        var clientId: String
        var clientSecret: String?
        var scopes: [String]
    }

    static func discover(endpoint: String, env: APIEnvironment) async throws -> Discovered {
        guard let http = env.mcp.http else {
            throw APIError.validation("This Vigil server was started without an HTTP client for OAuth discovery")
        }
        let allow = env.mcp.options.allowLoopbackHTTP
        guard let resource = URL(string: endpoint) else { throw MCPError(.endpointRefused, "The endpoint is not a URL") }
        // 1. Which authorization server: the challenge's resource_metadata, else the well-known URLs.
        let probe = try await send(http, "POST", resource, allow: allow,
                                   headers: [("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream")],
                                   body: Array(#"{"jsonrpc":"2.0","id":0,"method":"ping"}"#.utf8))
        var metadataURLs: [String] = []
        if let challenge = probe.header("WWW-Authenticate"), let url = parameter("resource_metadata", in: challenge) {
            metadataURLs.append(url)
        }
        metadataURLs += wellKnown("oauth-protected-resource", for: resource)
        guard let resourceMetadata = try await firstJSON(http, metadataURLs, allow: allow),
              let issuer = resourceMetadata["authorization_servers"]?.arrayValue?.first?.stringValue,
              let issuerURL = URL(string: issuer) else {
            throw MCPError(.unauthorized, "The MCP server does not publish OAuth protected resource metadata (RFC 9728); use oAuth3LO with explicit URLs")
        }
        // 2. The authorization server's endpoints.
        let metadataCandidates = wellKnown("oauth-authorization-server", for: issuerURL) + wellKnown("openid-configuration", for: issuerURL)
        guard let metadata = try await firstJSON(http, metadataCandidates, allow: allow) else {
            throw MCPError(.unauthorized, "The authorization server \(issuer) publishes no usable metadata (RFC 8414)")
        }
        let server = try OAuthServerMetadata(json: metadata, allowLoopbackHTTP: allow)
        guard let authorize = server.authorizationEndpoint else {
            throw MCPError(.unauthorized, "The authorization server \(issuer) names no authorization_endpoint (RFC 8414)")
        }
        if !server.codeChallengeMethods.isEmpty, !server.codeChallengeMethods.contains("S256") {
            throw MCPError(.unauthorized, "The authorization server \(issuer) does not support PKCE with S256")
        }
        guard let registration = metadata["registration_endpoint"]?.stringValue, let registrationURL = URL(string: registration) else {
            throw MCPError(.unauthorized, "The authorization server \(issuer) offers no dynamic client registration (RFC 7591); use oAuth3LO with a client id")
        }
        // 3. Register Vigil as a public client.
        let request: JSONValue = .object([
            "client_name": "Vigil", "redirect_uris": .array([.string(MCPAuthorizationFlow.callbackURL(env))]),
            "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
            "token_endpoint_auth_method": "none",
        ])
        let answer = try await send(http, "POST", registrationURL, allow: allow,
                                    headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
                                    body: JSONWriter.write(request))
        guard (200..<300).contains(answer.status), let client = try? JSONParser.parse(answer.body),
              let clientId = client["client_id"]?.stringValue else {
            throw MCPError(.unauthorized, "Dynamic client registration at \(registration) failed (HTTP \(answer.status))")
        }
        let scopes = resourceMetadata["scopes_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return Discovered(authorizationURL: authorize.absoluteString, tokenURL: server.tokenEndpoint.absoluteString, clientId: clientId,
                          clientSecret: client["client_secret"]?.stringValue, scopes: scopes)
    }

    /// RFC 8615 well-known URLs for `url`: with the path appended after the suffix, then at the root.
    static func wellKnown(_ suffix: String, for url: URL) -> [String] {
        guard let scheme = url.scheme, let host = url.host else { return [] }
        let origin = "\(scheme)://\(HTTPOrigin.host(host))" + (url.port.map { ":\($0)" } ?? "")
        let path = url.path == "/" ? "" : url.path
        let root = "\(origin)/.well-known/\(suffix)"
        return path.isEmpty ? [root] : ["\(root)\(path)", root]
    }

    /// A parameter of a `WWW-Authenticate` challenge (`name="value"` or `name=value`).
    static func parameter(_ name: String, in challenge: String) -> String? {
        guard let range = challenge.range(of: "\(name)=") else { return nil }
        var rest = challenge[range.upperBound...]
        if rest.first == "\"" {
            rest = rest.dropFirst()
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
        return String(rest.prefix { $0 != "," && $0 != " " })
    }

    static func firstJSON(_ http: any HTTPExecutor, _ urls: [String], allow: Bool) async throws -> JSONValue? {
        for text in urls {
            guard let url = URL(string: text) else { continue }
            let response = try await send(http, "GET", url, allow: allow, headers: [("Accept", "application/json")], body: [])
            if response.status == 200, let json = try? JSONParser.parse(response.body), case .object = json { return json }
        }
        return nil
    }

    static func send(_ http: any HTTPExecutor, _ method: String, _ url: URL, allow: Bool,
                     headers: [(String, String)], body: [UInt8]) async throws -> AWSHTTPResponse {
        try MCPEndpointRules.check(url, allowLoopbackHTTP: allow, role: "OAuth discovery URL")
        guard let scheme = url.scheme, let host = url.host else { throw MCPError(.endpointRefused, "not an absolute URL") }
        let hostHeader = HTTPOrigin.host(host) + (url.port.map { ":\($0)" } ?? "")
        let request = AWSHTTPRequest(method: method, endpoint: AWSEndpoint(scheme: scheme, host: host, port: url.port),
                                     rawPath: url.path.isEmpty ? "/" : MCPQuery.encodePath(url.path), rawQuery: url.query,
                                     headers: headers.map { (name: $0.0, value: $0.1) } + [(name: "Host", value: hostHeader)],
                                     body: body)
        do {
            return try await http.execute(request, timeout: .seconds(30), maxBodyBytes: 256 * 1024)
        } catch {
            throw MCPError(.connectionFailed, "Could not reach \(scheme)://\(hostHeader) for OAuth discovery")
        }
    }
}

enum HTTPOrigin {
    /// IPv6 literals in brackets, as URLs and Host headers write them.
    static func host(_ host: String) -> String { host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host }
}
