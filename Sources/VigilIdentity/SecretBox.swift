import Crypto
import Foundation

/// Seals secrets for storage with AES-256-GCM under the server's master key.
///
/// Each sealed value is bound to a context string (for example `access-key:AKIA…`) through the
/// authenticated data, so a ciphertext copied onto another row fails to open.
public struct SecretBox: Sendable {
    private let key: SymmetricKey
    private static let formatVersion: UInt8 = 1

    public init(key: SymmetricKey) {
        self.key = key
    }

    public func seal(_ plaintext: [UInt8], context: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Array(context.utf8))
        guard let combined = box.combined else { throw SecretBoxError.sealFailed }
        return [Self.formatVersion] + Array(combined)
    }

    public func seal(_ plaintext: String, context: String) throws -> [UInt8] {
        try seal(Array(plaintext.utf8), context: context)
    }

    public func open(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        guard sealed.first == Self.formatVersion else { throw SecretBoxError.unknownFormat }
        let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
        return Array(try AES.GCM.open(box, using: key, authenticating: Array(context.utf8)))
    }

    public func openString(_ sealed: [UInt8], context: String) throws -> String {
        guard let text = String(bytes: try open(sealed, context: context), encoding: .utf8) else {
            throw SecretBoxError.notText
        }
        return text
    }

    /// A key derived from the master key for another purpose (for example pagination tokens),
    /// so one key never serves two algorithms.
    public func derivedKey(purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Array("vigil:\(purpose)".utf8), outputByteCount: 32)
    }
}

public enum SecretBoxError: Error, CustomStringConvertible {
    case sealFailed, unknownFormat, notText

    public var description: String {
        switch self {
        case .sealFailed: "sealing failed"
        case .unknownFormat: "sealed value has an unknown format"
        case .notText: "sealed value is not UTF-8 text"
        }
    }
}
