import Foundation
import Testing
import VigilAPIModel
import VigilAWS
@testable import VigilMCP

@Suite("MCP authorization: API key, bearer, OAuth client credentials and refresh, SigV4")
struct MCPAuthTests {
    static var options: MCPClientOptions {
        var options = MCPClientOptions()
        options.allowLoopbackHTTP = true
        options.requestTimeout = .seconds(120)  // a bound for a hang, not a speed target: CI machines are loaded
        return options
    }

    /// Answers MCP only when `allowed` accepts the request's headers, else 401.
    static func guarded(_ allowed: @escaping @Sendable (MCPTestServer.Received) -> Bool) -> MCPTestServer.Handler {
        { request, _ in allowed(request) ? ScriptedMCP.standard(request) : MCPTestServer.Reply(status: 401) }
    }

    @Test("API key header and bearer token are sent on every request")
    func staticCredentials() async throws {
        try await MCPTestServer.with(Self.guarded { $0.headers["x-api-key"] == "key-123" }) { endpoint, log in
            let connection = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .apiKey(header: "X-API-Key", value: "key-123"), options: Self.options)
            _ = try await connection.callTool(name: "get_status", arguments: [:])
            #expect(log.all.allSatisfy { $0.headers["x-api-key"] == "key-123" })
        }
        try await MCPTestServer.with(Self.guarded { $0.headers["authorization"] == "Bearer tok-456" }) { endpoint, log in
            let connection = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .bearer(token: "tok-456"), options: Self.options)
            _ = try await connection.listTools()
            #expect(log.all.allSatisfy { $0.headers["authorization"] == "Bearer tok-456" })
            await #expect {
                _ = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .bearer(token: "wrong-secret"), options: Self.options)
            } throws: { error in
                guard let error = error as? MCPError else { return false }
                return error.kind == .unauthorized && !error.message.contains("wrong-secret")
            }
        }
    }

    /// A token endpoint at /token (client id `cid`, secret `csecret`) issuing `tok-1`, `tok-2`, ...
    /// and an MCP endpoint accepting only the tokens listed in `live`.
    final class TokenServer: @unchecked Sendable {
        let lock = NSLock()
        var issued = 0
        var live: Set<String> = []
        let expiresIn: Int

        init(expiresIn: Int) { self.expiresIn = expiresIn }

        func revokeAll() { lock.withLock { live.removeAll() } }

        var handler: MCPTestServer.Handler {
            { request, _ in
                if request.path == "/token" {
                    let form = Dictionary(FormEncoding.decode(request.bodyText), uniquingKeysWith: { a, _ in a })
                    let basic = "Basic " + Data("cid:csecret".utf8).base64EncodedString()
                    guard request.headers["authorization"] == basic, form["grant_type"] == "client_credentials" else {
                        return .init(status: 401, headers: ["Content-Type": "application/json"], bytes: Array(#"{"error":"invalid_client"}"#.utf8))
                    }
                    let token: String = self.lock.withLock {
                        self.issued += 1
                        let token = "tok-\(self.issued)"
                        self.live.insert(token)
                        return token
                    }
                    return .json(["access_token": .string(token), "token_type": "Bearer", "expires_in": .int(Int64(self.expiresIn))])
                }
                let token = request.headers["authorization"].map { String($0.dropFirst("Bearer ".count)) } ?? ""
                guard self.lock.withLock({ self.live.contains(token) }) else { return MCPTestServer.Reply(status: 401) }
                return ScriptedMCP.standard(request)
            }
        }
    }

    static func clientCredentials(_ endpoint: URL) -> MCPAuthorization {
        let tokenURL = URL(string: "/token", relativeTo: endpoint)!.absoluteURL
        return .oauthClientCredentials(MCPOAuthClient(tokenURL: tokenURL, clientId: "cid", clientSecret: "csecret",
                                                      scopes: ["tools.read", "logs.read"], extraParameters: ["audience": "mcp"]))
    }

    @Test("client credentials: one token for many requests, form and basic auth as RFC 6749 says")
    func tokenCached() async throws {
        let tokens = TokenServer(expiresIn: 3600)
        try await MCPTestServer.with(tokens.handler) { endpoint, log in
            let connection = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: Self.clientCredentials(endpoint), options: Self.options)
            _ = try await connection.listTools()
            _ = try await connection.callTool(name: "get_status", arguments: [:])
            let tokenRequests = log.all.filter { $0.path == "/token" }
            #expect(tokenRequests.count == 1)
            let form = Dictionary(FormEncoding.decode(tokenRequests[0].bodyText), uniquingKeysWith: { a, _ in a })
            #expect(form == ["grant_type": "client_credentials", "scope": "tools.read logs.read", "audience": "mcp"])
            #expect(tokenRequests[0].headers["content-type"] == "application/x-www-form-urlencoded")
            #expect(log.all.filter { $0.path == "/mcp" }.allSatisfy { $0.headers["authorization"] == "Bearer tok-1" })
        }
    }

    @Test("client credentials: a 401 from the MCP server fetches a new token once and retries")
    func refreshOn401() async throws {
        let tokens = TokenServer(expiresIn: 3600)
        try await MCPTestServer.with(tokens.handler) { endpoint, log in
            let connection = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: Self.clientCredentials(endpoint), options: Self.options)
            tokens.revokeAll()
            let result = try await connection.callTool(name: "get_status", arguments: [:])
            #expect(result.content == [.text("called get_status")])
            #expect(log.all.filter { $0.path == "/token" }.count == 2)
            #expect(log.posted("tools/call").map { $0.headers["authorization"] } == ["Bearer tok-1", "Bearer tok-2"])
        }
    }

    @Test("client credentials: a token about to expire (within 30 s) is renewed before use")
    func expiry() async throws {
        let tokens = TokenServer(expiresIn: 20)
        try await MCPTestServer.with(tokens.handler) { endpoint, log in
            let connection = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: Self.clientCredentials(endpoint), options: Self.options)
            _ = try await connection.listTools()
            let mcpRequests = log.all.filter { $0.path == "/mcp" }
            #expect(log.all.filter { $0.path == "/token" }.count == mcpRequests.count)
        }
    }

    @Test("a token endpoint refusing the client is an unauthorized error naming its error code, not the secret")
    func tokenRefused() async throws {
        try await MCPTestServer.with(TokenServer(expiresIn: 60).handler) { endpoint, _ in
            let tokenURL = URL(string: "/token", relativeTo: endpoint)!.absoluteURL
            let bad = MCPAuthorization.oauthClientCredentials(MCPOAuthClient(tokenURL: tokenURL, clientId: "cid", clientSecret: "not-the-secret"))
            await #expect {
                _ = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: bad, options: Self.options)
            } throws: { error in
                guard let error = error as? MCPError else { return false }
                return error.kind == .unauthorized && error.message.contains("invalid_client") && !error.message.contains("not-the-secret")
            }
        }
    }

    @Test("SigV4: every request is signed over headers and body, verified by Vigil's own verifier")
    func sigv4() async throws {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        let verifier = SigV4Verifier(service: "execute-api")
        let failures = SeenNotifications()
        try await MCPTestServer.with({ request, _ in
            let signable = SignableRequest(method: request.method, rawPath: request.path, rawQuery: nil,
                                           headers: request.rawHeaders, body: request.body)
            do {
                let authorization = try verifier.authenticate(signable, now: Date()) { $0 == "AKIDEXAMPLE" ? secret : nil }
                guard authorization.region == "eu-west-1", authorization.signedHeaders.contains("x-amz-security-token"),
                      authorization.signedHeaders.contains("x-amz-content-sha256"),
                      request.headers["x-amz-security-token"] == "session-token-1",
                      request.headers["x-tenant"] == "blue" else {
                    failures.add("bad scope or headers")
                    return MCPTestServer.Reply(status: 403)
                }
            } catch {
                failures.add("\(error)")
                return MCPTestServer.Reply(status: 403)
            }
            return ScriptedMCP.standard(request)
        }) { endpoint, log in
            let signing = MCPSigV4Signing(region: "eu-west-1", service: "execute-api", customHeaders: ["X-Tenant": "blue"]) {
                MCPSigningCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: "session-token-1")
            }
            do {
                let connection = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .sigv4(signing), options: Self.options)
                _ = try await connection.callTool(name: "get_status", arguments: ["q": "with body"])
                await connection.close()
            } catch {
                Issue.record("\(error); server saw: \(failures.all)")
            }
            #expect(failures.all.isEmpty)
            #expect(log.all.count >= 4)
        }
    }
}
