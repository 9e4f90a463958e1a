import Crypto

/// Proof Key for Code Exchange (RFC 7636) with the S256 method, for every authorization-code flow
/// Vigil starts: MCP servers' OAuth (VigilMCP) and the web app's OpenID Connect sign-in (VigilWebApp).
public struct PKCE: Sendable, Equatable {
    /// 43 to 128 characters of `[A-Za-z0-9-._~]`; kept secret until the code is exchanged.
    public let verifier: String
    /// base64url(SHA-256(verifier)) without padding.
    public var challenge: String { Self.challenge(for: verifier) }
    public var method: String { "S256" }

    /// A fresh verifier from the system's cryptographically secure generator: 32 random bytes,
    /// base64url-encoded (43 characters).
    public init() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        self.verifier = Base64URL.encode(bytes)
    }

    /// A known verifier (a stored one, or a test vector). Nil unless it is 43-128 unreserved characters.
    public init?(verifier: String) {
        guard (43...128).contains(verifier.utf8.count), verifier.utf8.allSatisfy(Self.isUnreserved) else { return nil }
        self.verifier = verifier
    }

    public static func challenge(for verifier: String) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array(verifier.utf8))))
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
