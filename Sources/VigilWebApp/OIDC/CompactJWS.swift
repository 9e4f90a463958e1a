import VigilAPIModel
import VigilOAuth

/// A JWS in compact serialisation (`header.payload.signature`, RFC 7515 §7.1), split and decoded
/// but not yet verified. Nothing here trusts the contents.
public struct CompactJWS: Sendable {
    public let algorithm: String
    public let keyId: String?
    /// The claims object of the payload.
    public let claims: [String: JSONValue]
    /// `ASCII(BASE64URL(header) || '.' || BASE64URL(payload))`: what the signature covers.
    public let signingInput: [UInt8]
    public let signature: [UInt8]

    public init(compact: String) throws(OIDCError) {
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformedToken("not three dot-separated parts") }
        guard let headerBytes = Base64URL.decode(parts[0]), let payloadBytes = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2])
        else { throw .malformedToken("a part is not base64url") }
        guard let header = try? JSONParser.parse(headerBytes).objectValue else { throw .malformedToken("the header is not a JSON object") }
        guard let claims = try? JSONParser.parse(payloadBytes).objectValue else { throw .malformedToken("the payload is not a JSON object") }
        guard let alg = header["alg"]?.stringValue else { throw .malformedToken("the header has no alg") }
        // Critical extensions we do not understand make the token unusable (RFC 7515 §4.1.11).
        if header["crit"] != nil { throw .malformedToken("the header has critical extensions") }
        algorithm = alg
        keyId = header["kid"]?.stringValue
        self.claims = claims
        signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        self.signature = signature
    }
}
