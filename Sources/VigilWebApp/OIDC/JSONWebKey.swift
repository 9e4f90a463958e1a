import Crypto
import _CryptoExtras
import VigilAPIModel
import VigilOAuth

/// A public signing key from an issuer's JWKS (RFC 7517), as a key that can verify: RSA for
/// RS256, P-256 for ES256. Keys of other types or for encryption are skipped by the key set.
public struct JSONWebKey: Sendable {
    public enum Material: Sendable {
        case rsa(_RSA.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
    }

    public let keyId: String?
    /// The `alg` the key is restricted to, if it names one.
    public let algorithm: String?
    public let material: Material

    /// Nil for a key this verifier has no use for (other type, `use` other than `sig`).
    /// Throws for a key of a supported type whose parameters are broken.
    public init?(_ object: [String: JSONValue]) throws(OIDCError) {
        if let use = object["use"]?.stringValue, use != "sig" { return nil }
        keyId = object["kid"]?.stringValue
        algorithm = object["alg"]?.stringValue
        switch object["kty"]?.stringValue {
        case "RSA":
            guard let n = object["n"]?.stringValue.flatMap(Base64URL.decode),
                  let e = object["e"]?.stringValue.flatMap(Base64URL.decode)
            else { throw .keySetUnavailable("an RSA key lacks n or e") }
            do { material = .rsa(try _RSA.Signing.PublicKey(n: n, e: e)) } catch {
                throw .keySetUnavailable("an RSA key is invalid or shorter than 2048 bits")
            }
        case "EC":
            guard object["crv"]?.stringValue == "P-256" else { return nil }
            guard let x = object["x"]?.stringValue.flatMap(Base64URL.decode),
                  let y = object["y"]?.stringValue.flatMap(Base64URL.decode), x.count == 32, y.count == 32
            else { throw .keySetUnavailable("a P-256 key lacks 32-byte x or y") }
            do { material = .p256(try P256.Signing.PublicKey(rawRepresentation: x + y)) } catch {
                throw .keySetUnavailable("a P-256 key is not on the curve")
            }
        default:
            return nil
        }
    }

    /// Whether the key can check a signature of this algorithm.
    public func fits(_ alg: String) -> Bool {
        if let algorithm, algorithm != alg { return false }
        switch (material, alg) {
        case (.rsa, "RS256"), (.p256, "ES256"): return true
        default: return false
        }
    }

    public func verifies(_ signature: [UInt8], over input: [UInt8], algorithm alg: String) -> Bool {
        guard fits(alg) else { return false }
        switch material {
        case .rsa(let key):
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: input),
                                        padding: .insecurePKCS1v1_5)
        case .p256(let key):
            // JWS ES256 signatures are the raw 64-byte r||s, not DER (RFC 7518 §3.4).
            guard signature.count == 64, let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA256.hash(data: input))
        }
    }
}

/// The keys of a JWKS document.
public struct JSONWebKeySet: Sendable {
    public let keys: [JSONWebKey]

    public init(keys: [JSONWebKey]) {
        self.keys = keys
    }

    public init(document: [UInt8]) throws(OIDCError) {
        guard let object = try? JSONParser.parse(document).objectValue, let list = object["keys"]?.arrayValue else {
            throw .keySetUnavailable("the document is not a JSON object with a keys array")
        }
        var keys: [JSONWebKey] = []
        for entry in list {
            guard let fields = entry.objectValue else { throw .keySetUnavailable("a key is not a JSON object") }
            if let key = try JSONWebKey(fields) { keys.append(key) }
        }
        self.keys = keys
    }

    /// The key a token names; without a `kid`, the only key that fits the algorithm (several: none).
    public func key(for keyId: String?, algorithm: String) -> JSONWebKey? {
        if let keyId { return keys.first { $0.keyId == keyId && $0.fits(algorithm) } }
        let candidates = keys.filter { $0.fits(algorithm) }
        return candidates.count == 1 ? candidates[0] : nil
    }
}
