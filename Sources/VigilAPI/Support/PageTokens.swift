import Crypto
import Foundation
import VigilCore
import VigilStore

/// Opaque, tamper-evident pagination tokens.
///
/// A token carries the cursor plus the operation, the agent space and a digest of the query it
/// belongs to, authenticated with HMAC-SHA256 under a key derived from the master key. A forged
/// token, one from another space, or one reused with different filters is a ValidationException.
public struct PageTokens: Sendable {
    private let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    struct Payload: Codable {
        var op: String
        var scope: String
        var query: String
        var sortKey: Int64
        var seq: Int64
    }

    public func make(_ cursor: PageCursor?, operation: String, scope: String, query: String) -> String? {
        guard let cursor else { return nil }
        let payload = Payload(op: operation, scope: scope, query: Self.digest(query), sortKey: cursor.sortKey, seq: cursor.seq)
        guard let body = try? JSONEncoder().encode(payload) else { return nil }
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return Self.base64url(body + Data(mac))
    }

    public func read(_ token: String?, operation: String, scope: String, query: String) throws(APIError) -> PageCursor? {
        guard let token else { return nil }
        let invalid = APIError.invalidField("nextToken", "The pagination token is invalid or does not belong to this request")
        guard let raw = Self.unbase64url(token), raw.count > 32 else { throw invalid }
        let body = raw.prefix(raw.count - 32)
        let mac = raw.suffix(32)
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: key),
              let payload = try? JSONDecoder().decode(Payload.self, from: body),
              payload.op == operation, payload.scope == scope, payload.query == Self.digest(query)
        else { throw invalid }
        return PageCursor(sortKey: payload.sortKey, seq: payload.seq)
    }

    private static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    private static func base64url(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func unbase64url(_ text: String) -> Data? {
        guard text.count <= 2048 else { return nil }
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        return Data(base64Encoded: b64)
    }
}
