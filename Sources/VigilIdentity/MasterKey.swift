import Crypto
import Foundation

/// Loads the 256-bit master key that seals every stored secret.
///
/// Sources, first match wins: `VIGIL_MASTER_KEY` (base64 of 32 bytes), the file named by
/// `VIGIL_MASTER_KEY_FILE`, else `master.key` in the data directory, created with mode 0600 on
/// first start. Operators who keep backups of the data directory should move the key elsewhere.
public enum MasterKey {
    public static func load(base64: String?, file: String?, dataDirectory: String) throws -> SymmetricKey {
        if let base64 {
            return try decode(base64, origin: "VIGIL_MASTER_KEY")
        }
        let path = file ?? (dataDirectory as NSString).appendingPathComponent("master.key")
        if FileManager.default.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return try decode(text.trimmingCharacters(in: .whitespacesAndNewlines), origin: path)
        }
        guard file == nil else { throw MasterKeyError("master key file \(path) does not exist") }
        let key = SymmetricKey(size: .bits256)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedString() }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data((encoded + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600])
        else { throw MasterKeyError("cannot create master key file \(path)") }
        return key
    }

    private static func decode(_ text: String, origin: String) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: text), data.count == 32 else {
            throw MasterKeyError("\(origin) must hold the base64 encoding of exactly 32 bytes")
        }
        return SymmetricKey(data: data)
    }
}

public struct MasterKeyError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
