import Crypto
import Foundation

/// Session ids, their stored digests and CSRF tokens.
enum SessionSecrets {
    /// 256 random bits from the system CSPRNG, base64url without padding (43 characters).
    static func randomToken() -> String {
        base64url(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// What the store keeps instead of the session id.
    static func digest(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }

    /// The CSRF token of a session: HMAC-SHA256 of a fixed label under the session's own secret.
    static func csrfToken(secret: [UInt8]) -> String {
        base64url(Array(HMAC<SHA256>.authenticationCode(for: Data("vigil-web-csrf".utf8), using: SymmetricKey(data: secret))))
    }

    /// The sign-in form's token, bound to the pre-session cookie under a server key.
    static func signInToken(cookie: String, key: SymmetricKey) -> String {
        base64url(Array(HMAC<SHA256>.authenticationCode(for: Data("vigil-signin:\(cookie)".utf8), using: key)))
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        // Compare digests, so the time depends on neither value's length or content.
        let x = Array(SHA256.hash(data: Data(a.utf8)))
        let y = Array(SHA256.hash(data: Data(b.utf8)))
        var difference: UInt8 = 0
        for (p, q) in zip(x, y) { difference |= p ^ q }
        return difference == 0
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Only strings that could be our tokens are looked up (43 base64url characters).
    static func looksLikeToken(_ value: String) -> Bool {
        value.utf8.count == 43 && value.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F
        }
    }
}
