import Foundation
import Testing
@testable import VigilMCP
import VigilOAuth

@Suite("MCP PKCE and authorization-code helpers")
struct MCPPKCETests {
    @Test("the RFC 7636 appendix B vector")
    func rfcVector() throws {
        let pkce = try #require(PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        #expect(pkce.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(pkce.method == "S256")
    }

    @Test("fresh verifiers: 43 unreserved characters, all different")
    func fresh() {
        let verifiers = (0..<200).map { _ in PKCE().verifier }
        #expect(Set(verifiers).count == verifiers.count)
        for verifier in verifiers {
            #expect(verifier.utf8.count == 43)
            #expect(verifier.allSatisfy { $0.isLetter || $0.isNumber || "-._~".contains($0) })
            #expect(PKCE(verifier: verifier) != nil)
        }
    }

    @Test("a verifier of the wrong length or alphabet is refused")
    func invalidVerifier() {
        #expect(PKCE(verifier: String(repeating: "a", count: 42)) == nil)
        #expect(PKCE(verifier: String(repeating: "a", count: 129)) == nil)
        #expect(PKCE(verifier: String(repeating: "a", count: 42) + "+") == nil)
        #expect(PKCE(verifier: String(repeating: "a", count: 128)) != nil)
    }
}

@Suite("MCP OAuth URLs and metadata")
struct MCPOAuthURLTests {
    @Test("the authorization URL carries every parameter, percent-encoded")
    func authorizationURL() throws {
        let flow = OAuthAuthorizationCodeFlow(authorizationEndpoint: URL(string: "https://idp.example.com/authorize?tenant=a")!,
                                              tokenEndpoint: URL(string: "https://idp.example.com/token")!,
                                              clientId: "vigil client", redirectURI: "https://vigil.example.com/mcp/callback",
                                              scopes: ["read", "tools:list"], extraParameters: ["audience": "mcp&x"])
        let pkce = try #require(PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        let url = try #require(flow.authorizationURL(state: "st-1", pkce: pkce))
        let items = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems)
        let query = Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(query == ["tenant": "a", "response_type": "code", "client_id": "vigil client",
                          "redirect_uri": "https://vigil.example.com/mcp/callback", "state": "st-1",
                          "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method": "S256",
                          "scope": "read tools:list", "audience": "mcp&x"])
        #expect(!url.absoluteString.contains("+"))
    }

    @Test("metadata documents: endpoints read, insecure or missing ones refused")
    func metadata() throws {
        let good = Array(#"{"issuer":"https://idp.example.com","authorization_endpoint":"https://idp.example.com/a","token_endpoint":"https://idp.example.com/t","code_challenge_methods_supported":["S256"]}"#.utf8)
        let parsed = try OAuthServerMetadata.parse(good, allowLoopbackHTTP: false)
        #expect(parsed.tokenEndpoint.absoluteString == "https://idp.example.com/t")
        #expect(parsed.codeChallengeMethods == ["S256"])
        #expect(throws: MCPError.self) { try OAuthServerMetadata.parse(Array(#"{"token_endpoint":"http://idp.example.com/t"}"#.utf8), allowLoopbackHTTP: true) }
        #expect(throws: MCPError.self) { try OAuthServerMetadata.parse(Array(#"{"issuer":"x"}"#.utf8), allowLoopbackHTTP: false) }
        #expect(throws: MCPError.self) { try OAuthServerMetadata.parse(Array("[]".utf8), allowLoopbackHTTP: false) }
    }
}
