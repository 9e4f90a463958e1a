import Crypto
import Foundation
import Testing
import VigilAPIModel
import VigilIdentity
@testable import VigilWebApp
import VigilOAuth

/// An issuer answering from recorded documents, whose token endpoint mints an ID token for the
/// nonce of the authorization request (read from the URL the sign-in built), signed with the
/// test key. It records the token request so the client authentication and PKCE can be checked.
/// The real provider over HTTP is exercised by browser/test_oidc.py.
final class RecordedTokenIssuer: OIDCTransport, @unchecked Sendable {
    let issuer = "https://idp.example"
    private let lock = NSLock()
    private var nonce = ""
    private(set) var tokenRequests: [(headers: [(String, String)], body: String)] = []

    func expect(nonce: String) { lock.withLock { self.nonce = nonce } }
    var lastTokenRequest: (headers: [(String, String)], body: String)? { lock.withLock { tokenRequests.last } }

    func get(_ url: String) async throws -> (status: Int, body: [UInt8]) {
        switch url {
        case "https://idp.example/.well-known/openid-configuration":
            return (200, Array(#"{"issuer":"https://idp.example","authorization_endpoint":"https://idp.example/authorize","token_endpoint":"https://idp.example/token","jwks_uri":"https://idp.example/jwks"}"#.utf8))
        case "https://idp.example/jwks":
            return (200, OIDCTestKeys.keySet([OIDCTestKeys.jwk(OIDCTestKeys.rsa.publicKey, kid: "k1")]))
        default:
            return (404, [])
        }
    }

    func postForm(_ url: String, headers: [(String, String)], body: String) async throws -> (status: Int, body: [UInt8]) {
        let nonce = lock.withLock { tokenRequests.append((headers, body)); return self.nonce }
        let token = OIDCTestKeys.token(OIDCTestKeys.claims(issuer: issuer, audience: "vigil-web", nonce: nonce,
                                                           extra: ["email": "ada.lovelace+oncall@example.com"]),
                                       signer: .rs256(OIDCTestKeys.rsa))
        return (200, Array(try JSONSerialization.data(withJSONObject: ["id_token": token, "access_token": "a", "token_type": "Bearer"])))
    }
}

@Suite("WebAppOIDCSignIn: the flow from the space's configuration to a role session")
struct WebAppOIDCSignInTests {
    let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#

    func setUp(role: String? = "oncall") async throws -> (WebAppHarness, OIDCSignIn, RecordedTokenIssuer, String) {
        let harness = try await WebAppHarness()
        let space = try await harness.space(named: "sso-\(UUID().uuidString.prefix(8))", enableIAM: false)
        if let role { _ = try harness.iam.createRole(name: role, trustPolicy: trust) }
        _ = try await harness.invoker.call(operation: "EnableOperatorApp", labels: ["agentSpaceId": space], body: [
            "authFlow": "idp", "operatorAppRoleArn": "arn:aws:iam::123456789012:role/oncall", "issuerUrl": "https://idp.example",
            "idpClientId": "vigil-web", "idpClientSecret": "s3cret:value", "provider": "Okta",
        ], principal: harness.admin, sourceIp: nil)
        let issuer = RecordedTokenIssuer()
        let signIn = OIDCSignIn(store: harness.env.store, secrets: harness.env.secrets, account: harness.env.account,
                                publicBaseURL: "https://vigil.example/", transport: issuer)
        return (harness, signIn, issuer, space)
    }

    func query(_ url: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (URLComponents(string: url)?.queryItems ?? []).map { ($0.name, $0.value ?? "") })
    }

    @Test func signsInAsARoleSessionOfTheSpacesRole() async throws {
        let (_, signIn, issuer, space) = try await setUp()
        let started = try await signIn.start(space: space)
        let sent = query(started.location)
        #expect(started.location.hasPrefix("https://idp.example/authorize?"))
        #expect(sent["redirect_uri"] == "https://vigil.example/auth/oidc/callback" && sent["state"] == started.state)
        issuer.expect(nonce: sent["nonce"] ?? "")

        let identity = try await signIn.finish(query: ["code": "code-1", "state": started.state], stateCookie: started.state)
        #expect(identity.principal.kind == .assumedRole)
        #expect(identity.principal.arn == "arn:aws:sts::123456789012:assumed-role/oncall/ada.lovelace+oncall@example.com")
        #expect(identity.principal.policySubjectArn == "arn:aws:iam::123456789012:role/oncall")
        #expect(identity.flow == .idp && identity.agentSpaceId == space)
        #expect(identity.displayName == "ada.lovelace+oncall@example.com")

        // The unsealed client secret went as HTTP Basic; the verifier answers the challenge sent.
        let request = try #require(issuer.lastTokenRequest)
        #expect(request.headers.contains { $0 == ("Authorization", "Basic " + Data("vigil-web:s3cret%3Avalue".utf8).base64EncodedString()) })
        let form = query("https://x/?" + request.body)
        #expect(form["code"] == "code-1" && form["grant_type"] == "authorization_code")
        #expect(PKCE(verifier: form["code_verifier"] ?? "")?.challenge == sent["code_challenge"])
    }

    @Test func aCallbackWithoutTheStartingBrowsersCookieIsRefusedAndBurnsTheState() async throws {
        let (_, signIn, issuer, space) = try await setUp()
        let started = try await signIn.start(space: space)
        issuer.expect(nonce: query(started.location)["nonce"] ?? "")
        await #expect(throws: OIDCError.stateCookieMismatch) {
            try await signIn.finish(query: ["code": "c", "state": started.state], stateCookie: "another")
        }
        await #expect(throws: OIDCError.unknownOrExpiredState) {
            try await signIn.finish(query: ["code": "c", "state": started.state], stateCookie: started.state)
        }
        #expect(issuer.tokenRequests.isEmpty)
    }

    @Test func aTokenForAnotherSignInAttemptIsRefused() async throws {
        let (_, signIn, issuer, space) = try await setUp()
        let started = try await signIn.start(space: space)
        issuer.expect(nonce: "a-nonce-from-another-attempt")
        await #expect(throws: OIDCError.nonceMismatch) {
            try await signIn.finish(query: ["code": "c", "state": started.state], stateCookie: started.state)
        }
    }

    @Test func configurationProblemsAreNamed() async throws {
        let (harness, signIn, issuer, space) = try await setUp(role: nil)
        await #expect(throws: OIDCError.missingSpace) { try await signIn.start(space: nil) }
        await #expect(throws: OIDCError.spaceNotFound) { try await signIn.start(space: "no-such-space") }
        let plain = try await harness.space(named: "plain-\(UUID().uuidString.prefix(8))")
        await #expect(throws: OIDCError.idpNotEnabled) { try await signIn.start(space: plain) }
        // The role named by the configuration does not exist in Vigil's IAM.
        let started = try await signIn.start(space: space)
        issuer.expect(nonce: query(started.location)["nonce"] ?? "")
        await #expect(throws: OIDCError.roleNotFound("arn:aws:iam::123456789012:role/oncall")) {
            try await signIn.finish(query: ["code": "c", "state": started.state], stateCookie: started.state)
        }
        await #expect(throws: OIDCError.providerReturnedError("access_denied")) {
            try await signIn.finish(query: ["error": "access_denied", "state": "x"], stateCookie: nil)
        }
        await #expect(throws: OIDCError.missingCallbackParameters) { try await signIn.finish(query: ["state": "x"], stateCookie: "x") }
    }
}
