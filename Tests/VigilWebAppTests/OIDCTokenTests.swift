import Foundation
import Testing
import _CryptoExtras
import VigilAPIModel
@testable import VigilWebApp
import VigilOAuth

@Suite("WebAppOIDCToken: JWS parsing, JWK keys and signature checks")
struct WebAppOIDCTokenTests {
    let rules = IDTokenRules(issuer: "https://idp.example", clientId: "client-1", nonce: "n-1")
    var rsaSet: JSONWebKeySet { try! JSONWebKeySet(document: OIDCTestKeys.keySet([OIDCTestKeys.jwk(OIDCTestKeys.rsa.publicKey, kid: "k1")])) }

    func verify(_ token: String, keys: JSONWebKeySet? = nil) throws(OIDCError) -> IDTokenRules.Subject {
        try IDTokenVerifier.verify(try CompactJWS(compact: token), keys: keys ?? rsaSet, rules: rules, now: Date())
    }

    @Test func base64URLRoundTripsAndRejectsOtherAlphabets() {
        let bytes: [UInt8] = [0xFB, 0xFF, 0xBF, 0x00, 0x01]
        #expect(Base64URL.encode(bytes) == "-_-_AAE")
        #expect(Base64URL.decode("-_-_AAE") == bytes)
        #expect(Base64URL.decode("+/+/AAE") == nil)
        #expect(Base64URL.decode("AAE=") == nil)
        #expect(Base64URL.decode("A") == nil)
    }

    @Test func acceptsAnRS256TokenSignedByThePublishedKey() throws {
        let subject = try verify(OIDCTestKeys.token(OIDCTestKeys.claims(), signer: .rs256(OIDCTestKeys.rsa)))
        #expect(subject == .init(subject: "user-42", email: "ada@example.com", preferredUsername: nil, name: nil))
    }

    @Test func acceptsAnES256TokenSignedByThePublishedKey() throws {
        let keys = try JSONWebKeySet(document: OIDCTestKeys.keySet([OIDCTestKeys.jwk(OIDCTestKeys.p256.publicKey, kid: "ec1")]))
        let token = OIDCTestKeys.token(OIDCTestKeys.claims(), signer: .es256(OIDCTestKeys.p256), kid: "ec1")
        #expect(try verify(token, keys: keys).subject == "user-42")
    }

    @Test func refusesATokenSignedByAnotherKeyUnderThePublishedKid() {
        let token = OIDCTestKeys.token(OIDCTestKeys.claims(), signer: .rs256(OIDCTestKeys.otherRSA))
        #expect(throws: OIDCError.badSignature) { try verify(token) }
    }

    @Test func refusesATokenWhosePayloadWasChangedAfterSigning() {
        let token = OIDCTestKeys.token(OIDCTestKeys.claims(), signer: .rs256(OIDCTestKeys.rsa))
        let parts = token.split(separator: ".").map(String.init)
        let forged = Base64URL.encode(try! JSONSerialization.data(withJSONObject: OIDCTestKeys.claims(extra: ["sub": "admin"])))
        #expect(throws: OIDCError.badSignature) { try verify([parts[0], forged, parts[2]].joined(separator: ".")) }
    }

    @Test func refusesUnknownKeysAndAlgorithmsWithoutAKey() {
        #expect(throws: OIDCError.unknownSigningKey) {
            try verify(OIDCTestKeys.token(OIDCTestKeys.claims(), signer: .rs256(OIDCTestKeys.rsa), kid: "rotated"))
        }
        #expect(throws: OIDCError.unsupportedAlgorithm("none")) {
            try verify(OIDCTestKeys.token(OIDCTestKeys.claims(), signer: .none(alg: "none")))
        }
        // HS256 would make the client secret a signing key: refused whatever the signature.
        #expect(throws: OIDCError.unsupportedAlgorithm("HS256")) {
            try verify(OIDCTestKeys.token(OIDCTestKeys.claims(), signer: .none(alg: "HS256")))
        }
        // An ES256 header cannot be checked with an RSA key.
        #expect(throws: OIDCError.unknownSigningKey) {
            try verify(OIDCTestKeys.token(OIDCTestKeys.claims(), signer: .es256(OIDCTestKeys.p256)))
        }
    }

    @Test func withoutKidUsesTheOnlyFittingKeyAndNeverGuessesAmongSeveral() throws {
        let token = OIDCTestKeys.token(OIDCTestKeys.claims(), signer: .rs256(OIDCTestKeys.rsa), kid: nil)
        #expect(try verify(token).subject == "user-42")
        let two = try JSONWebKeySet(document: OIDCTestKeys.keySet([OIDCTestKeys.jwk(OIDCTestKeys.rsa.publicKey, kid: "a"),
                                                                  OIDCTestKeys.jwk(OIDCTestKeys.otherRSA.publicKey, kid: "b")]))
        #expect(throws: OIDCError.unknownSigningKey) { try verify(token, keys: two) }
    }

    @Test func keySetSkipsKeysItCannotUseAndRejectsBrokenOnes() throws {
        let set = try JSONWebKeySet(document: OIDCTestKeys.keySet([
            OIDCTestKeys.jwk(OIDCTestKeys.rsa.publicKey, kid: "enc", extra: ["use": "enc"]),
            ["kty": "oct", "k": "c2VjcmV0", "kid": "hmac"],
            ["kty": "EC", "crv": "P-384", "x": "AA", "y": "AA", "kid": "p384"],
            OIDCTestKeys.jwk(OIDCTestKeys.rsa.publicKey, kid: "restricted", extra: ["alg": "PS256"]),
            OIDCTestKeys.jwk(OIDCTestKeys.rsa.publicKey, kid: "k1"),
        ]))
        #expect(set.keys.map(\.keyId) == ["restricted", "k1"])
        #expect(set.key(for: "restricted", algorithm: "RS256") == nil)
        #expect(throws: OIDCError.keySetUnavailable("an RSA key lacks n or e")) {
            try JSONWebKeySet(document: OIDCTestKeys.keySet([["kty": "RSA", "kid": "x"]]))
        }
        let short = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024))
        #expect(throws: OIDCError.keySetUnavailable("an RSA key is invalid or shorter than 2048 bits")) {
            try JSONWebKeySet(document: OIDCTestKeys.keySet([OIDCTestKeys.jwk(short.publicKey, kid: "short")]))
        }
        #expect(throws: OIDCError.keySetUnavailable("the document is not a JSON object with a keys array")) {
            try JSONWebKeySet(document: Array("[]".utf8))
        }
    }

    @Test func malformedTokensAreNamedPrecisely() {
        let cases: [(String, String)] = [
            ("a.b", "not three dot-separated parts"),
            ("a=.b.c", "a part is not base64url"),
            (Base64URL.encode(Array("[1]".utf8)) + ".e30.", "the header is not a JSON object"),
            (Base64URL.encode(Array(#"{"alg":"RS256"}"#.utf8)) + "." + Base64URL.encode(Array("42".utf8)) + ".", "the payload is not a JSON object"),
            ("e30.e30.", "the header has no alg"),
            (Base64URL.encode(Array(#"{"alg":"RS256","crit":["exp"]}"#.utf8)) + ".e30.", "the header has critical extensions"),
        ]
        for (token, reason) in cases {
            #expect(throws: OIDCError.malformedToken(reason)) { try CompactJWS(compact: token) }
        }
    }
}
