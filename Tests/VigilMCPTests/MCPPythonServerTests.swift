import AsyncHTTPClient
import Foundation
import Testing
import VigilAPIModel
import VigilGuard
@testable import VigilMCP
import VigilOAuth

/// Against the official Python MCP SDK (servers in Tests/VigilMCPTests/Servers), on loopback.
@Suite("MCP client against real Python MCP servers", .serialized,
       .enabled(if: PythonMCPServer.available, "VIGIL_PYTHON is not set: the Python MCP servers cannot be started"))
struct MCPPythonServerTests {
    static var options: MCPClientOptions {
        var options = MCPClientOptions()
        options.allowLoopbackHTTP = true
        options.requestTimeout = .seconds(30)
        return options
    }

    static func exercise(_ endpoint: URL, authorization: MCPAuthorization = .none) async throws {
        let seen = SeenNotifications()
        let client = StreamableHTTPMCPClient(observer: { method, _ in seen.add(method) })
        let connection = try await client.open(endpoint: endpoint, authorization: authorization, options: Self.options)
        #expect(MCPProtocolVersion.supported.contains(connection.server.protocolVersion))
        let tools = try await connection.listTools()
        let names = Set(tools.map(\.name))
        #expect(names.isSuperset(of: ["get_service_status", "search_logs", "get_runbook", "dump_bytes", "count_with_notifications"]))
        for tool in tools {
            #expect(tool.annotations.readOnlyHint == true, "\(tool.name)")
            #expect(tool.annotations.destructiveHint == false, "\(tool.name)")
            #expect(MCPToolPolicy.isAllowlistable(tool))
        }
        let status = try await connection.callTool(name: "get_service_status", arguments: ["service": "checkout"])
        #expect(!status.isError)
        guard case .text(let text) = status.content.first else {
            Issue.record("no text content")
            return
        }
        let parsed = try JSONParser.parse(text)
        #expect(parsed["status"]?.stringValue == "degraded")

        let counted = try await connection.callTool(name: "count_with_notifications", arguments: ["n": 3])
        #expect(counted.content.contains(.text("counted to 3")))

        let runbook = try await connection.callTool(name: "get_runbook", arguments: ["service": "checkout"])
        let output = MCPToolOutput(tool: "get_runbook", result: runbook)
        #expect(output.verdict.isInjection, "the injected runbook is flagged")
        await connection.close()
    }

    @Test("read-only server, SSE replies: initialize, tools with annotations, calls, notifications")
    func readOnlySSE() async throws {
        try await PythonMCPServer.with("readonly_server.py") { endpoint in
            try await Self.exercise(endpoint)
        }
    }

    @Test("read-only server, JSON replies, stateless")
    func readOnlyJSON() async throws {
        try await PythonMCPServer.with("readonly_server.py", arguments: ["--json-response", "--stateless"]) { endpoint in
            try await Self.exercise(endpoint)
        }
    }

    @Test("a tool reply over the cap from the real server is truncated")
    func realCap() async throws {
        try await PythonMCPServer.with("readonly_server.py") { endpoint in
            var options = Self.options
            options.maxReplyBytes = 256 * 1024
            let connection = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .none, options: options)
            let result = try await connection.callTool(name: "dump_bytes", arguments: ["size": .int(4 << 20)])
            #expect(result.truncated)
            #expect(result.byteCount > options.maxReplyBytes && result.byteCount < options.maxReplyBytes + 256 * 1024)
            let small = try await connection.callTool(name: "dump_bytes", arguments: ["size": 1000])
            #expect(small.content == [.text(String(repeating: "x", count: 1000))])
            await connection.close()
        }
    }

    @Test("API key server: the right key works, a wrong key is unauthorized")
    func apiKey() async throws {
        let key = "k-" + Base64URL.randomToken()
        try await PythonMCPServer.with("apikey_server.py", environment: ["MCP_TEST_API_KEY": key]) { endpoint in
            try await Self.exercise(endpoint, authorization: .apiKey(header: "X-API-Key", value: key))
            await #expect {
                _ = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .apiKey(header: "X-API-Key", value: "wrong"),
                                                                 options: Self.options)
            } throws: { error in
                guard let error = error as? MCPError else { return false }
                return error.kind == .unauthorized && !error.message.contains("wrong") && !error.message.contains(key)
            }
        }
    }

    @Test("OAuth server: client credentials, and authorization code with PKCE then refresh")
    func oauth() async throws {
        let clientId = "vigil-test", secret = "s-" + Base64URL.randomToken()
        try await PythonMCPServer.with("oauth_server.py", environment: ["MCP_TEST_CLIENT_ID": clientId, "MCP_TEST_CLIENT_SECRET": secret]) { endpoint in
            let base = try #require(URL(string: "/", relativeTo: endpoint)?.absoluteURL)
            let tokenURL = base.appendingPathComponent("oauth/token")
            let metadata = try await OAuthServerMetadata.discover(issuer: base, options: Self.options)
            #expect(metadata.tokenEndpoint.absoluteString == tokenURL.absoluteString)
            #expect(metadata.authorizationEndpoint?.absoluteString == base.appendingPathComponent("oauth/authorize").absoluteString)
            #expect(metadata.codeChallengeMethods == ["S256"])
            try await Self.exercise(endpoint, authorization: .oauthClientCredentials(
                MCPOAuthClient(tokenURL: tokenURL, clientId: clientId, clientSecret: secret)))

            let flow = OAuthAuthorizationCodeFlow(authorizationEndpoint: base.appendingPathComponent("oauth/authorize"),
                                                  tokenEndpoint: tokenURL, clientId: clientId, clientSecret: secret,
                                                  redirectURI: "http://127.0.0.1:1/callback", scopes: ["tools.read"])
            let pkce = PKCE()
            let state = Base64URL.randomToken()
            let authorize = try #require(flow.authorizationURL(state: state, pkce: pkce))
            // The test server approves at once and redirects; read the code off the Location header.
            var request = HTTPClientRequest(url: authorize.absoluteString)
            request.method = .GET
            let noRedirects = HTTPClient(eventLoopGroupProvider: .singleton,
                                         configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
            let response = try await noRedirects.execute(request, timeout: .seconds(10))
            try await noRedirects.shutdown()
            let location = try #require(response.headers.first(name: "location"))
            let query = try #require(URLComponents(string: location)?.queryItems)
            #expect(query.first { $0.name == "state" }?.value == state)
            let code = try #require(query.first { $0.name == "code" }?.value)
            var tokens = try await flow.exchange(code: code, pkce: pkce, options: Self.options)
            #expect(tokens.refreshToken != nil)
            // Pretend the access token has expired: the client must refresh before using it.
            tokens.expiresAt = Date(timeIntervalSinceNow: -60)
            let refreshed = RefreshedTokens()
            let client = StreamableHTTPMCPClient(onTokensRefreshed: { refreshed.set($0) })
            let connection = try await client.connect(endpoint: endpoint, authorization: .oauthAuthorizationCode(tokens), options: Self.options)
            #expect(try await connection.listTools().isEmpty == false)
            #expect(refreshed.value?.accessToken != nil)
            #expect(refreshed.value?.accessToken != tokens.accessToken)
            await connection.close()
        }
    }

    @Test("a server speaking only the old HTTP+SSE transport is refused")
    func oldTransport() async throws {
        try await PythonMCPServer.with("sse_only_server.py") { endpoint in
            await #expect {
                _ = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .none, options: Self.options)
            } throws: { error in
                guard let error = error as? MCPError else { return false }
                return error.kind == .unsupportedTransport && error.message.contains("deprecated HTTP+SSE")
            }
        }
    }
}

final class RefreshedTokens: @unchecked Sendable {
    private let lock = NSLock()
    private var tokens: MCPOAuthTokens?
    func set(_ value: MCPOAuthTokens) { lock.withLock { tokens = value } }
    var value: MCPOAuthTokens? { lock.withLock { tokens } }
}
