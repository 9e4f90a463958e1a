import Foundation
import Testing
@testable import VigilWebApp

/// Serves fixed documents by URL and counts requests: the caching rules of IssuerDirectory are the
/// subject here; the real issuer is exercised by browser/test_oidc.py against a running provider.
final class RecordedIssuer: OIDCTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var documents: [String: [UInt8]]
    private(set) var requests: [String] = []

    init(_ documents: [String: [UInt8]]) { self.documents = documents }

    func replace(_ url: String, with body: [UInt8]) { lock.withLock { documents[url] = body } }
    var count: Int { lock.withLock { requests.count } }

    func get(_ url: String) async throws -> (status: Int, body: [UInt8]) {
        lock.withLock {
            requests.append(url)
            return documents[url].map { (200, $0) } ?? (404, [])
        }
    }

    func postForm(_ url: String, headers: [(String, String)], body: String) async throws -> (status: Int, body: [UInt8]) {
        (400, Array(#"{"error":"invalid_grant"}"#.utf8))
    }
}

@Suite("WebAppOIDCIssuerDirectory: discovery and key caching")
struct WebAppOIDCIssuerDirectoryTests {
    let issuer = "https://idp.example"
    var discovery: [UInt8] {
        Array(#"{"issuer":"https://idp.example","authorization_endpoint":"https://idp.example/a","token_endpoint":"https://idp.example/t","jwks_uri":"https://idp.example/k"}"#.utf8)
    }

    @Test func discoveryIsCachedForItsLifetime() async throws {
        let transport = RecordedIssuer(["https://idp.example/.well-known/openid-configuration": discovery])
        let directory = IssuerDirectory(transport: transport, discoveryLifetime: 3600)
        let t0 = Date()
        _ = try await directory.discoveryDocument(issuer: issuer, now: t0)
        _ = try await directory.discoveryDocument(issuer: issuer, now: t0.addingTimeInterval(3599))
        #expect(transport.count == 1)
        _ = try await directory.discoveryDocument(issuer: issuer, now: t0.addingTimeInterval(3601))
        #expect(transport.count == 2)
        await #expect(throws: OIDCError.discoveryFailed("HTTP 404")) { try await directory.discoveryDocument(issuer: "https://none.example") }
    }

    @Test func keysAreFetchedOnceMoreWhenATokenNamesAnUnknownKid() async throws {
        let rules = IDTokenRules(issuer: issuer, clientId: "client-1", nonce: "n-1")
        let transport = RecordedIssuer(["https://idp.example/k": OIDCTestKeys.keySet([OIDCTestKeys.jwk(OIDCTestKeys.rsa.publicKey, kid: "k1")])])
        let directory = IssuerDirectory(transport: transport)
        let first = OIDCTestKeys.token(OIDCTestKeys.claims(), signer: .rs256(OIDCTestKeys.rsa), kid: "k1")
        _ = try await directory.verify(idToken: first, jwksURI: "https://idp.example/k", rules: rules)
        _ = try await directory.verify(idToken: first, jwksURI: "https://idp.example/k", rules: rules)
        #expect(transport.count == 1)
        // The issuer rotates to k2: one refetch finds it.
        transport.replace("https://idp.example/k", with: OIDCTestKeys.keySet([OIDCTestKeys.jwk(OIDCTestKeys.otherRSA.publicKey, kid: "k2")]))
        let rotated = OIDCTestKeys.token(OIDCTestKeys.claims(), signer: .rs256(OIDCTestKeys.otherRSA), kid: "k2")
        #expect(try await directory.verify(idToken: rotated, jwksURI: "https://idp.example/k", rules: rules).subject == "user-42")
        #expect(transport.count == 2)
        // A kid the issuer never publishes costs exactly one more fetch, then fails.
        let unknown = OIDCTestKeys.token(OIDCTestKeys.claims(), signer: .rs256(OIDCTestKeys.rsa), kid: "k9")
        await #expect(throws: OIDCError.unknownSigningKey) { try await directory.verify(idToken: unknown, jwksURI: "https://idp.example/k", rules: rules) }
        #expect(transport.count == 3)
    }
}
