import Crypto
import Foundation
import GRDB

/// Proof that record `seq` is leaf `seq` of the tree of `treeSize` records whose root is `rootHash`
/// (RFC 6962 audit path, siblings from the leaf up).
public struct AuditInclusionProof: Sendable, Equatable {
    public var seq: Int64
    public var treeSize: Int64
    public var leafHash: MerkleHash
    public var path: [MerkleHash]
    public var rootHash: MerkleHash
    /// The signed checkpoint of this tree size, when there is one.
    public var checkpoint: AuditCheckpoint?

    /// Whether the path leads from the leaf to the root (RFC 9162 §2.1.3.2).
    public var isValid: Bool {
        MerkleTree.verifyInclusion(leafIndex: seq, treeSize: treeSize, leafHash: leafHash, path: path, root: rootHash)
    }
}

/// Proof that the tree of `fromSize` records is a prefix of the tree of `toSize` records.
public struct AuditConsistencyProof: Sendable, Equatable {
    public var fromSize: Int64
    public var toSize: Int64
    public var fromRoot: MerkleHash
    public var toRoot: MerkleHash
    public var path: [MerkleHash]

    /// RFC 9162 §2.1.4.2.
    public var isValid: Bool {
        MerkleTree.verifyConsistency(oldSize: fromSize, newSize: toSize, oldRoot: fromRoot, newRoot: toRoot, proof: path)
    }
}

enum AuditQueries {
    static func inclusionProof(_ db: Database, seq: Int64, treeSize requested: Int64?) throws -> AuditInclusionProof {
        let tree = AuditTree(db: db)
        let size = try tree.size()
        let treeSize: Int64
        var checkpoint: AuditCheckpoint?
        if let requested {
            guard requested >= 1, requested <= size else {
                throw AuditError.invalidTreeSize("tree size \(requested) is outside 1...\(size)")
            }
            treeSize = requested
            checkpoint = try Row.fetchOne(db, sql: "SELECT \(AuditSchema.checkpointColumns) FROM audit_checkpoints WHERE tree_size = ? ORDER BY id DESC LIMIT 1",
                                          arguments: [requested]).map(AuditTree.checkpoint)
        } else {
            guard let latest = try tree.latestCheckpoint(), latest.treeSize > 0 else {
                throw AuditError.notCheckpointed("the log has no checkpoint yet")
            }
            treeSize = latest.treeSize
            checkpoint = latest
        }
        guard seq >= 0, seq < treeSize else {
            if seq >= 0, seq < size {
                throw AuditError.notCheckpointed("record \(seq) is not covered by the latest checkpoint (tree size \(treeSize)); it will be by the next")
            }
            throw AuditError.noSuchRecord(seq)
        }
        guard let row = try Row.fetchOne(db, sql: "SELECT \(AuditSchema.recordColumns) FROM audit_records WHERE seq = ?", arguments: [seq]) else {
            throw AuditError.noSuchRecord(seq)
        }
        var encoder = CanonicalRecordEncoder()
        let complete = try AuditVerifier.encode(row, seq: seq, into: &encoder)
        let stored = try row.withUnsafeData(atIndex: 10) { $0.flatMap { MerkleHash(bytes: $0) } }
        guard complete, let stored, stored == encoder.leafHash else {
            throw AuditError.corrupted("record \(seq) no longer matches its leaf hash; run `vigil audit verify`")
        }
        let path = try tree.inclusionPath(index: seq, size: treeSize)
        guard let root = MerkleTree.rootFromInclusionProof(leafIndex: seq, treeSize: treeSize, leafHash: stored, path: path) else {
            throw AuditError.corrupted("cannot build the audit path of record \(seq)")
        }
        if let checkpoint, checkpoint.rootHash != root {
            throw AuditError.corrupted("the records no longer reproduce checkpoint \(checkpoint.id)'s root; run `vigil audit verify`")
        }
        return AuditInclusionProof(seq: seq, treeSize: treeSize, leafHash: stored, path: path, rootHash: root, checkpoint: checkpoint)
    }

    static func consistencyProof(_ db: Database, from: Int64, to: Int64) throws -> AuditConsistencyProof {
        let tree = AuditTree(db: db)
        let size = try tree.size()
        guard from >= 0, from <= to, to <= size else {
            throw AuditError.invalidTreeSize("need 0 ≤ from ≤ to ≤ \(size), got \(from) and \(to)")
        }
        return AuditConsistencyProof(fromSize: from, toSize: to, fromRoot: try tree.root(size: from), toRoot: try tree.root(size: to),
                                     path: try tree.consistencyPath(from: from, to: to))
    }
}

/// Read-only access to an audit database (for `vigil audit` and other verifiers): it never
/// creates the database or a key, and never writes.
public final class AuditReader: Sendable {
    public let path: String
    private let queue: DatabaseQueue

    /// Opens `audit.sqlite` in `directory` read-only.
    public convenience init(directory: String) throws {
        try self.init(path: (directory as NSString).appendingPathComponent(AuditSchema.fileName))
    }

    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw AuditError.noAuditLog(path) }
        self.path = path
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        queue = try DatabaseQueue(path: path, configuration: config)
    }

    public func verifyAll(trustedKeys: [Curve25519.Signing.PublicKey], externalCheckpoints: [AuditCheckpoint] = []) throws -> AuditVerification {
        try queue.read { db in try AuditVerifier.verify(db, trustedKeys: trustedKeys, external: externalCheckpoints) }
    }

    public func inclusionProof(seq: Int64, treeSize: Int64? = nil) throws -> AuditInclusionProof {
        try queue.read { db in try AuditQueries.inclusionProof(db, seq: seq, treeSize: treeSize) }
    }

    public func consistencyProof(from: Int64, to: Int64) throws -> AuditConsistencyProof {
        try queue.read { db in try AuditQueries.consistencyProof(db, from: from, to: to) }
    }

    public func checkpoints() throws -> [AuditCheckpoint] {
        try queue.read { db in try AuditTree(db: db).checkpoints() }
    }

    public func record(seq: Int64) throws -> AuditRecord? {
        try queue.read { db in try AuditTree(db: db).record(seq: seq) }
    }

    public func records(from seq: Int64, limit: Int) throws -> [AuditRecord] {
        try queue.read { db in try AuditTree(db: db).records(from: seq, limit: limit) }
    }

    public func count() throws -> Int64 {
        try queue.read { db in try AuditTree(db: db).size() }
    }
}
