import Crypto
import Foundation
import _CryptoExtras
@testable import VigilWebApp
import VigilOAuth

/// Signing keys and token minting for the OIDC unit tests: real RS256/ES256 signatures made with
/// swift-crypto, so the verifier is checked against the algorithms themselves.
enum OIDCTestKeys {
    static let rsa = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let otherRSA = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let p256 = P256.Signing.PrivateKey()

    static func jwk(_ key: _RSA.Signing.PublicKey, kid: String?, extra: [String: String] = [:]) -> [String: Any] {
        let components = try! key.getKeyPrimitives()
        var object: [String: Any] = ["kty": "RSA", "n": Base64URL.encode(components.modulus), "e": Base64URL.encode(components.publicExponent)]
        if let kid { object["kid"] = kid }
        for (k, v) in extra { object[k] = v }
        return object
    }

    static func jwk(_ key: P256.Signing.PublicKey, kid: String?) -> [String: Any] {
        let raw = Array(key.rawRepresentation)
        var object: [String: Any] = ["kty": "EC", "crv": "P-256", "x": Base64URL.encode(raw[0..<32]), "y": Base64URL.encode(raw[32..<64])]
        if let kid { object["kid"] = kid }
        return object
    }

    static func keySet(_ keys: [[String: Any]]) -> [UInt8] {
        Array(try! JSONSerialization.data(withJSONObject: ["keys": keys]))
    }

    static func claims(issuer: String = "https://idp.example", audience: Any = "client-1", nonce: String = "n-1",
                       now: Date = Date(), lifetime: Double = 300, extra: [String: Any] = [:]) -> [String: Any] {
        var c: [String: Any] = ["iss": issuer, "aud": audience, "sub": "user-42", "nonce": nonce,
                                "iat": Int(now.timeIntervalSince1970), "exp": Int(now.timeIntervalSince1970 + lifetime),
                                "email": "ada@example.com"]
        for (k, v) in extra { c[k] = v }
        return c
    }

    enum Signer { case rs256(_RSA.Signing.PrivateKey), es256(P256.Signing.PrivateKey), none(alg: String) }

    static func token(_ claims: [String: Any], signer: Signer, kid: String? = "k1") -> String {
        let alg: String = switch signer { case .rs256: "RS256"; case .es256: "ES256"; case .none(let a): a }
        var header: [String: Any] = ["alg": alg, "typ": "JWT"]
        if let kid { header["kid"] = kid }
        let input = Base64URL.encode(try! JSONSerialization.data(withJSONObject: header))
            + "." + Base64URL.encode(try! JSONSerialization.data(withJSONObject: claims))
        let signature: [UInt8]
        switch signer {
        case .rs256(let key):
            signature = Array(try! key.signature(for: SHA256.hash(data: Array(input.utf8)), padding: .insecurePKCS1v1_5).rawRepresentation)
        case .es256(let key):
            signature = Array(try! key.signature(for: SHA256.hash(data: Array(input.utf8))).rawRepresentation)
        case .none:
            signature = []
        }
        return input + "." + Base64URL.encode(signature)
    }
}
