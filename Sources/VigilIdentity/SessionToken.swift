import Crypto
import Foundation

/// Session tokens of temporary credentials: random, shown once, stored only as a SHA-256 digest.
public enum SessionToken {
    public static func make() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
    }

    public static func digest(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }

    /// Constant-time comparison of the presented token's digest with the stored one.
    public static func matches(_ token: String, digest: [UInt8]) -> Bool {
        let presented = Self.digest(token)
        guard presented.count == digest.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(presented, digest) { difference |= a ^ b }
        return difference == 0
    }
}
