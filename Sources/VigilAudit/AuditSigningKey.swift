import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Ed25519 key that signs checkpoints. It lives in a file outside the audit database, never in it.
///
/// Where it is, first match wins: the path given by the caller, `VIGIL_AUDIT_SIGNING_KEY_FILE`, else
/// `audit-signing.key` in the data directory. The file holds the base64 of the 32-byte private key
/// and is created with mode 0600 (exclusively, so two processes cannot race to different keys).
/// The public key is exported beside the database as `audit-signing.pub` for verifiers.
public enum AuditSigningKey {
    public static let environmentVariable = "VIGIL_AUDIT_SIGNING_KEY_FILE"
    public static let defaultFileName = "audit-signing.key"
    public static let publicFileName = "audit-signing.pub"

    /// Resolves where the key file is.
    public static func path(explicit: String?, environment: [String: String], dataDirectory: String) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return (dataDirectory as NSString).appendingPathComponent(defaultFileName)
    }

    /// Reads the key at `path`, creating it (mode 0600) when the file does not exist.
    public static func loadOrCreate(path: String) throws -> Curve25519.Signing.PrivateKey {
        if let existing = try load(path: path) { return existing }
        let key = Curve25519.Signing.PrivateKey()
        let text = key.rawRepresentation.base64EncodedString() + "\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST, let existing = try load(path: path) { return existing }
            throw AuditError.signingKey("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw AuditError.signingKey("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return key
    }

    /// Reads the key at `path`; nil when there is no such file.
    public static func load(path: String) throws -> Curve25519.Signing.PrivateKey? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text), raw.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw AuditError.signingKey("\(path) must hold the base64 of a 32-byte Ed25519 private key")
        }
        return key
    }

    /// Reads a public key file (base64 of the 32-byte key, as `exportPublicKey` writes it).
    public static func loadPublicKey(path: String) throws -> Curve25519.Signing.PublicKey {
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text), raw.count == 32,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            throw AuditError.signingKey("\(path) must hold the base64 of a 32-byte Ed25519 public key")
        }
        return key
    }

    /// Writes the public key to `path` (mode 0644) unless the file already holds it.
    public static func exportPublicKey(_ key: Curve25519.Signing.PublicKey, to path: String) throws {
        let text = key.rawRepresentation.base64EncodedString() + "\n"
        if let current = try? String(contentsOfFile: path, encoding: .utf8), current == text { return }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    }

    /// A short, stable name for a public key: the first 8 bytes of its SHA-256, in hex.
    public static func fingerprint(_ key: Curve25519.Signing.PublicKey) -> String {
        SHA256.hash(data: key.rawRepresentation).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

extension AuditSigningKey {
    /// The keys a verifier trusts, and where each came from. Explicit public key files win; else
    /// the signing key file (explicit, `VIGIL_AUDIT_SIGNING_KEY_FILE`, or the data directory's), and
    /// the data directory's `audit-signing.pub`. Throws when no key is found.
    public static func verificationKeys(dataDirectory: String, publicKeyFiles: [String], signingKeyFile: String?,
                                        environment: [String: String]) throws -> (keys: [Curve25519.Signing.PublicKey], sources: [String]) {
        var keys: [Curve25519.Signing.PublicKey] = []
        var sources: [String] = []
        func add(_ key: Curve25519.Signing.PublicKey, _ source: String) {
            guard !keys.contains(where: { $0.rawRepresentation == key.rawRepresentation }) else { return }
            keys.append(key)
            sources.append("\(source) (\(fingerprint(key)))")
        }
        if !publicKeyFiles.isEmpty {
            for file in publicKeyFiles { add(try loadPublicKey(path: file), file) }
            return (keys, sources)
        }
        let keyPath = path(explicit: signingKeyFile, environment: environment, dataDirectory: dataDirectory)
        if let key = try load(path: keyPath) { add(key.publicKey, keyPath) }
        let publicPath = (dataDirectory as NSString).appendingPathComponent(publicFileName)
        if FileManager.default.fileExists(atPath: publicPath) { add(try loadPublicKey(path: publicPath), publicPath) }
        guard !keys.isEmpty else {
            throw AuditError.signingKey("no public key to verify with: give --public-key FILE (no \(keyPath) or \(publicPath))")
        }
        return (keys, sources)
    }

    /// Reads a checkpoint note signed by any of `keys`.
    public static func parseNote(_ note: String, keys: [Curve25519.Signing.PublicKey]) throws -> AuditCheckpoint {
        var lastError: Error = AuditError.malformedCheckpoint("no trusted key")
        for key in keys {
            do { return try AuditCheckpoint.parse(note: note, publicKey: key) } catch { lastError = error }
        }
        throw lastError
    }
}
