import Crypto
import Foundation

/// A signed statement "the log had `treeSize` records and this root hash at this time".
///
/// The signed message is a checkpoint body in the style of C2SP tlog-checkpoint:
///
///     vigil-audit
///     <tree size, decimal>
///     <root hash, base64>
///     time <microseconds since the epoch, decimal>
///
/// each line ending in "\n". The signature is Ed25519 over exactly those bytes.
public struct AuditCheckpoint: Sendable, Equatable {
    public static let origin = "vigil-audit"

    /// 1, 2, 3, … in the order they were made (0 for one read from a note).
    public var id: Int64
    public var treeSize: Int64
    public var rootHash: MerkleHash
    public var timeMicros: Int64
    /// The raw 32-byte Ed25519 public key that made the signature.
    public var publicKey: [UInt8]
    public var signature: [UInt8]

    public init(id: Int64, treeSize: Int64, rootHash: MerkleHash, timeMicros: Int64, publicKey: [UInt8], signature: [UInt8]) {
        self.id = id
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.timeMicros = timeMicros
        self.publicKey = publicKey
        self.signature = signature
    }

    public var time: Date { AuditTime.date(micros: timeMicros) }
    public var timeISO: String { AuditTime.iso(micros: timeMicros) }

    public static func signedMessage(treeSize: Int64, rootHash: MerkleHash, timeMicros: Int64) -> Data {
        Data("\(origin)\n\(treeSize)\n\(rootHash.base64)\ntime \(timeMicros)\n".utf8)
    }

    public var signedMessage: Data { Self.signedMessage(treeSize: treeSize, rootHash: rootHash, timeMicros: timeMicros) }

    static func make(id: Int64, treeSize: Int64, rootHash: MerkleHash, timeMicros: Int64,
                     key: Curve25519.Signing.PrivateKey) throws -> AuditCheckpoint {
        let message = signedMessage(treeSize: treeSize, rootHash: rootHash, timeMicros: timeMicros)
        let signature = try key.signature(for: message)
        return AuditCheckpoint(id: id, treeSize: treeSize, rootHash: rootHash, timeMicros: timeMicros,
                               publicKey: Array(key.publicKey.rawRepresentation), signature: Array(signature))
    }

    /// Whether the signature verifies under `key` (and `key` is the key the checkpoint names).
    public func isValidSignature(for key: Curve25519.Signing.PublicKey) -> Bool {
        guard Array(key.rawRepresentation) == publicKey else { return false }
        return key.isValidSignature(signature, for: signedMessage)
    }

    /// The checkpoint as a signed note (C2SP signed-note layout): the body, a blank line, then
    /// `— vigil-audit <base64(key hash[0..<4] || signature)>`. Keep these outside the data directory:
    /// `vigil audit verify --checkpoint FILE` checks the log still matches them.
    public var note: String {
        let body = String(decoding: signedMessage, as: UTF8.self)
        let blob = Data(Self.noteKeyHash(publicKey) + signature).base64EncodedString()
        return body + "\n\u{2014} \(Self.origin) \(blob)\n"
    }

    static func noteKeyHash(_ publicKey: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array("\(origin)\n".utf8) + [0x01] + publicKey).prefix(4))
    }

    /// Reads a note written by `note`, taking the public key from the caller (a note names its key
    /// only by a 4-byte hash). Throws when the note is malformed or its signature does not verify.
    public static func parse(note: String, publicKey: Curve25519.Signing.PublicKey) throws -> AuditCheckpoint {
        guard let split = note.range(of: "\n\n") else { throw AuditError.malformedCheckpoint("no blank line before the signature") }
        let body = String(note[..<split.lowerBound]) + "\n"
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count == 4, lines[lines.startIndex] == Substring(origin),
              let size = Int64(lines[lines.startIndex + 1]), size >= 0,
              let root = MerkleHash(base64: String(lines[lines.startIndex + 2])),
              lines[lines.startIndex + 3].hasPrefix("time "),
              let time = Int64(lines[lines.startIndex + 3].dropFirst(5))
        else { throw AuditError.malformedCheckpoint("the body is not a vigil-audit checkpoint") }
        let raw = Array(publicKey.rawRepresentation)
        let prefix = "\u{2014} \(origin) "
        for line in note[split.upperBound...].split(separator: "\n") where line.hasPrefix(prefix) {
            guard let blob = Data(base64Encoded: String(line.dropFirst(prefix.count))), blob.count == 68,
                  Array(blob.prefix(4)) == noteKeyHash(raw) else { continue }
            let checkpoint = AuditCheckpoint(id: 0, treeSize: size, rootHash: root, timeMicros: time,
                                             publicKey: raw, signature: Array(blob.dropFirst(4)))
            guard checkpoint.signedMessage == Data(body.utf8) else { break }
            guard checkpoint.isValidSignature(for: publicKey) else {
                throw AuditError.malformedCheckpoint("the signature does not verify under the given public key")
            }
            return checkpoint
        }
        throw AuditError.malformedCheckpoint("no signature by the given public key")
    }
}

public enum AuditError: Error, CustomStringConvertible, Equatable {
    case signingKey(String)
    case closed
    case noSuchRecord(Int64)
    case invalidTreeSize(String)
    case notCheckpointed(String)
    case corrupted(String)
    case malformedCheckpoint(String)
    case noAuditLog(String)

    public var description: String {
        switch self {
        case .signingKey(let m): return "audit signing key: \(m)"
        case .closed: return "the audit log is closed"
        case .noSuchRecord(let seq): return "no audit record \(seq)"
        case .invalidTreeSize(let m): return m
        case .notCheckpointed(let m): return m
        case .corrupted(let m): return "the audit log is damaged: \(m)"
        case .malformedCheckpoint(let m): return "checkpoint note: \(m)"
        case .noAuditLog(let path): return "no audit log at \(path)"
        }
    }
}
