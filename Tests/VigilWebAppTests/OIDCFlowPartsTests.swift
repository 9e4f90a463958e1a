import Foundation
import Testing
@testable import VigilWebApp
import VigilOAuth

@Suite("WebAppOIDCFlowParts: PKCE, requests, discovery, state and session names")
struct WebAppOIDCFlowPartsTests {
    /// A verifier of the shortest length RFC 7636 allows.
    static let verifier = String(repeating: "v", count: 43)

    @Test func pkceS256MatchesRFC7636AppendixB() throws {
        #expect(try #require(PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        let generated = PKCE()
        #expect(generated.verifier.count == 43)
        #expect(generated != PKCE())
    }

    @Test func authorizationURLCarriesEveryParameterEncoded() throws {
        let pkce = try #require(PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        let url = try OIDCRequests.authorizationURL(endpoint: "https://idp.example/authorize?tenant=a", clientId: "client 1&x",
                                                    redirectURI: "https://vigil.example/auth/oidc/callback", state: "s1", nonce: "n1", pkce: pkce)
        let items = Dictionary(uniqueKeysWithValues: (URLComponents(string: url)?.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(items == ["tenant": "a", "response_type": "code", "client_id": "client 1&x", "scope": "openid email profile",
                          "redirect_uri": "https://vigil.example/auth/oidc/callback", "state": "s1", "nonce": "n1",
                          "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method": "S256"])
        #expect(url.contains("client_id=client%201%26x"))
    }

    @Test func tokenRequestAuthenticatesTheClientBasicOrInTheBody() throws {
        let pkce = try #require(PKCE(verifier: Self.verifier))
        let basic = OIDCRequests.tokenRequest(code: "c/1", redirectURI: "https://v/cb", pkce: pkce, clientId: "id:1", clientSecret: "s+2",
                                              secretInBody: false)
        #expect(basic.headers.contains { $0 == ("Authorization", "Basic " + Data("id%3A1:s%2B2".utf8).base64EncodedString()) })
        #expect(basic.body == "grant_type=authorization_code&code=c%2F1&redirect_uri=https%3A%2F%2Fv%2Fcb&code_verifier=\(Self.verifier)&client_id=id%3A1")
        let post = OIDCRequests.tokenRequest(code: "c", redirectURI: "r", pkce: pkce, clientId: "id", clientSecret: "s", secretInBody: true)
        #expect(!post.headers.contains { $0.0 == "Authorization" })
        #expect(post.body.hasSuffix("&client_id=id&client_secret=s"))
    }

    @Test func tokenResponseErrorsShowOnlyTheErrorCode() throws {
        #expect(throws: OIDCError.tokenEndpointRefused(status: 400, error: "invalid_grant")) {
            try OIDCRequests.idToken(fromTokenResponse: Array(#"{"error":"invalid_grant","error_description":"<b>x</b>"}"#.utf8), status: 400)
        }
        #expect(throws: OIDCError.tokenEndpointRefused(status: 401, error: "unrecognised")) {
            try OIDCRequests.idToken(fromTokenResponse: Array(#"{"error":"<script>"}"#.utf8), status: 401)
        }
        #expect(throws: OIDCError.missingClaim("id_token (token response)")) {
            try OIDCRequests.idToken(fromTokenResponse: Array(#"{"access_token":"a"}"#.utf8), status: 200)
        }
        #expect(try OIDCRequests.idToken(fromTokenResponse: Array(#"{"id_token":"t"}"#.utf8), status: 200) == "t")
    }

    @Test func discoveryMustNameTheConfiguredIssuer() throws {
        let text = #"{"issuer":"https://idp.example/","authorization_endpoint":"https://idp.example/a","token_endpoint":"https://idp.example/t","jwks_uri":"https://idp.example/k","token_endpoint_auth_methods_supported":["client_secret_post"]}"#
        let doc = try DiscoveryDocument(document: Array(text.utf8), expectedIssuer: "https://idp.example")
        #expect(doc.usesClientSecretPost)
        #expect(doc.tokenEndpoint == "https://idp.example/t")
        #expect(throws: OIDCError.discoveryFailed("it names another issuer")) {
            try DiscoveryDocument(document: Array(text.utf8), expectedIssuer: "https://other.example")
        }
        #expect(throws: OIDCError.discoveryFailed("jwks_uri is missing or not an https URL")) {
            try DiscoveryDocument(document: Array(text.replacingOccurrences(of: "https://idp.example/k", with: "nope").utf8), expectedIssuer: "https://idp.example")
        }
        // The client secret must not travel in the clear, whatever the document says.
        #expect(throws: OIDCError.discoveryFailed("token_endpoint is missing or not an https URL")) {
            try DiscoveryDocument(document: Array(text.replacingOccurrences(of: "https://idp.example/t", with: "http://idp.example/t").utf8), expectedIssuer: "https://idp.example")
        }
        #expect(DiscoveryDocument.location(issuer: "https://idp.example/") == "https://idp.example/.well-known/openid-configuration")
    }

    @Test func stateIsSingleUseAndExpires() async {
        let pending = PendingSignIns(lifetime: 600, capacity: 2)
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        await pending.remember(state: "a", space: "s", nonce: "n", pkce: PKCE(), redirectURI: "r", now: t0)
        #expect(await pending.take(state: "a", now: t0)?.space == "s")
        #expect(await pending.take(state: "a", now: t0) == nil)
        await pending.remember(state: "b", space: "s", nonce: "n", pkce: PKCE(), redirectURI: "r", now: t0)
        #expect(await pending.take(state: "b", now: t0.addingTimeInterval(601)) == nil)
        for (i, state) in ["c", "d", "e"].enumerated() {
            await pending.remember(state: state, space: "s", nonce: "n", pkce: PKCE(), redirectURI: "r", now: t0.addingTimeInterval(Double(i)))
        }
        // Over capacity the oldest unfinished sign-in is dropped.
        #expect(await pending.take(state: "c", now: t0) == nil)
        #expect(await pending.take(state: "e", now: t0) != nil)
    }

    @Test func roleSessionNamesFitTheIAMCharset() {
        #expect(RoleSessionName.from(email: "ada+ops@example.com", preferredUsername: "ada", subject: "1") == "ada+ops@example.com")
        #expect(RoleSessionName.from(email: "ada (ops)@example.com", preferredUsername: nil, subject: "1") == "ada--ops-@example.com")
        #expect(RoleSessionName.from(email: nil, preferredUsername: "Zoë Smith", subject: "1") == "Zo--Smith")
        #expect(RoleSessionName.from(email: "", preferredUsername: nil, subject: "00uabc") == "00uabc")
        #expect(RoleSessionName.from(email: "<>", preferredUsername: nil, subject: "7") == "7_")
        let long = RoleSessionName.from(email: String(repeating: "a", count: 100) + "@x.io", preferredUsername: nil, subject: "s")
        #expect(long.count == 64)
    }
}
