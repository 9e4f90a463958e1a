import Foundation
import Testing
import VigilAPIModel
import VigilCore
@testable import VigilAPI

/// The pure rules of MCP registration and allowlisting (docs/mcp.md); the end-to-end behaviour
/// against real MCP servers is in compat/test_mcp*.py.
@Suite struct MCPRegistrationRulesTests {
    let catalogue: [String: MCPAllowlist.Entry] = [
        "read": .init(allowlistable: true, refusal: nil),
        "restart": .init(allowlistable: false, refusal: "the server declares it destructive (destructiveHint: true)"),
    ]

    func check(_ tools: [String], elsewhere: Int = 0, limit: Int = 500) -> String? {
        MCPAllowlist.check(requested: tools, catalogue: catalogue, serviceId: "svc", elsewhere: elsewhere, limit: limit,
                           path: "configuration.mcpserver.tools")?.message
    }

    @Test func allowlistAcceptsCataloguedReadOnlyTools() {
        #expect(check(["read"]) == nil)
        #expect(check([]) == nil)
    }

    @Test func allowlistNamesTheToolAndTheReason() throws {
        let destructive = try #require(check(["read", "restart"]))
        #expect(destructive.contains("'restart'") && destructive.contains("destructiveHint: true"))
        let unknown = try #require(check(["nope"]))
        #expect(unknown.contains("'nope'") && unknown.contains("not offered by MCP service svc"))
        let twice = try #require(check(["read", "read"]))
        #expect(twice.contains("more than once"))
    }

    @Test func allowlistCountsTheWholeSpace() throws {
        #expect(check(["read"], elsewhere: 499) == nil)
        let over = try #require(check(["read"], elsewhere: 500))
        #expect(over.contains("501") && over.contains("at most 500"))
    }

    func body(_ auth: JSONValue, endpoint: String = "https://mcp.example.com/mcp") -> JSONValue {
        ["name": "x", "endpoint": .string(endpoint), "authorizationConfig": auth]
    }

    @Test func parsesEveryAuthorizationForm() throws {
        let key = try MCPServiceDetails.parse(type: "mcpserver", body: body(["apiKey": ["apiKeyName": "n", "apiKeyHeader": "X-Key", "apiKeyValue": "v"]]))
        #expect(key.auth == .apiKey(header: "X-Key", value: "v"))
        let bearer = try MCPServiceDetails.parse(type: "mcpserversplunk", body: body(["bearerToken": ["tokenName": "n", "tokenValue": "t"]]))
        #expect(bearer.auth == .bearer(header: "Authorization", token: "t"))
        let client = try MCPServiceDetails.parse(type: "mcpservergrafana", body: body(["oAuthClientCredentials": [
            "clientId": "i", "clientSecret": "s", "exchangeUrl": "https://auth.example.com/token", "scopes": ["a", "b"]]]))
        #expect(client.auth == .clientCredentials(tokenURL: "https://auth.example.com/token", clientId: "i", clientSecret: "s",
                                                  scopes: ["a", "b"], parameters: [:]))
        let sigv4 = try MCPServiceDetails.parse(type: "mcpserversigv4", body: body([
            "region": "eu-west-1", "service": "execute-api", "roleArn": "arn:aws:iam::123456789012:role/r", "customHeaders": ["X-A": "b"]]))
        #expect(sigv4.auth == .sigv4(region: "eu-west-1", service: "execute-api", roleArn: "arn:aws:iam::123456789012:role/r", headers: ["X-A": "b"]))
        let relic = try MCPServiceDetails.parse(type: "mcpservernewrelic", body: ["authorizationConfig": ["apiKey": [
            "apiKey": "NRAK-X", "accountId": "1234", "region": "EU"]]])
        #expect(relic.endpoint == "https://mcp.eu.newrelic.com/mcp/" && relic.auth == .apiKey(header: "Api-Key", value: "NRAK-X"))
    }

    @Test func endpointRulesApplyToEveryURL() throws {
        let loopback = try MCPServiceDetails.parse(type: "mcpserver", body: body(["bearerToken": ["tokenName": "n", "tokenValue": "t"]],
                                                                                 endpoint: "http://127.0.0.1:9000/mcp"))
        #expect(throws: APIError.self) { try loopback.checkURLs(allowLoopbackHTTP: false, publicBaseURL: "http://vigil") }
        try loopback.checkURLs(allowLoopbackHTTP: true, publicBaseURL: "http://vigil")
        let remote = try MCPServiceDetails.parse(type: "mcpserver", body: body(["oAuthClientCredentials": [
            "clientId": "i", "clientSecret": "s", "exchangeUrl": "http://auth.example.com/token"]]))
        do {
            try remote.checkURLs(allowLoopbackHTTP: true, publicBaseURL: "http://vigil")
            Issue.record("a plain http:// token endpoint off loopback was accepted")
        } catch {
            #expect(error.fieldList?.first?.path == "serviceDetails.mcpserver.authorizationConfig.oAuthClientCredentials.exchangeUrl")
        }
    }

    @Test func returnToEndpointMustBeThisServer() throws {
        try MCPServiceDetails.checkReturnTo("https://vigil.example.com/done", path: "p", publicBaseURL: "https://vigil.example.com")
        try MCPServiceDetails.checkReturnTo("https://vigil.example.com", path: "p", publicBaseURL: "https://vigil.example.com/")
        #expect(throws: APIError.self) {
            try MCPServiceDetails.checkReturnTo("https://vigil.example.com.evil.org/x", path: "p", publicBaseURL: "https://vigil.example.com")
        }
        #expect(throws: APIError.self) {
            try MCPServiceDetails.checkReturnTo("https://x.console.aws.amazon.com/", path: "p", publicBaseURL: "https://vigil.example.com")
        }
    }

    @Test func queryEncodingAppendsSafely() {
        #expect(MCPQuery.appending([("error", "access denied"), ("d", "a&b=c")], to: "https://v/done")
                == "https://v/done?error=access%20denied&d=a%26b%3Dc")
        #expect(MCPQuery.appending([("serviceId", "s")], to: "https://v/done?x=1") == "https://v/done?x=1&serviceId=s")
    }

    @Test func discoveryReadsChallengesAndWellKnownURLs() throws {
        #expect(MCPAuthorizationDiscovery.parameter("resource_metadata", in: #"Bearer realm="x", resource_metadata="https://a/.well-known/r""#)
                == "https://a/.well-known/r")
        #expect(MCPAuthorizationDiscovery.parameter("resource_metadata", in: "Bearer resource_metadata=https://a/m, x=1") == "https://a/m")
        #expect(MCPAuthorizationDiscovery.parameter("resource_metadata", in: #"Bearer realm="x""#) == nil)
        let url = try #require(URL(string: "https://mcp.example.com:8443/v1/mcp"))
        #expect(MCPAuthorizationDiscovery.wellKnown("oauth-protected-resource", for: url) == [
            "https://mcp.example.com:8443/.well-known/oauth-protected-resource/v1/mcp",
            "https://mcp.example.com:8443/.well-known/oauth-protected-resource"])
        let root = try #require(URL(string: "https://auth.example.com"))
        #expect(MCPAuthorizationDiscovery.wellKnown("oauth-authorization-server", for: root) == [
            "https://auth.example.com/.well-known/oauth-authorization-server"])
    }
}
