import Crypto
import Foundation
import GRDB
#if canImport(GRDBSQLite)
// GRDB's own SQLite module: lets the verification pass read columns in place (no per-column copy).
import GRDBSQLite
#endif

/// One thing wrong with the log.
public struct AuditProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A record's fields no longer match its leaf hash.
        case edited
        /// Records are missing: a gap in the sequence, a renumbered tail, or a checkpoint covering more records than exist.
        case deleted
        /// A record was moved to another position.
        case reordered
        /// A record that was never appended sits in the log.
        case inserted
        /// The tree of a checkpoint's size does not have the checkpoint's root: something in `range` was
        /// rewritten together with its leaf hash.
        case checkpointMismatch = "checkpoint-mismatch"
        /// A checkpoint's signature does not verify.
        case checkpointSignature = "checkpoint-signature"
        /// A checkpoint is signed by a key that is not trusted.
        case checkpointUntrustedKey = "checkpoint-untrusted-key"
        /// Checkpoints are missing (a gap in their ids) or out of order.
        case checkpointMissing = "checkpoint-missing"
        case checkpointOrder = "checkpoint-order"
        /// A cached subtree root does not match the records under it.
        case subtreeMismatch = "subtree-mismatch"
    }

    public var kind: Kind
    /// The first bad record, when it can be named exactly.
    public var seq: Int64?
    /// Where the damage lies when it can only be bounded (records lo..<hi).
    public var range: Range<Int64>?
    public var checkpointId: Int64?
    public var message: String
    /// Position in the log used to order problems (the last record the problem concerns).
    var position: Int64

    public var description: String { message }
}

/// The outcome of `verifyAll`.
public struct AuditVerification: Sendable {
    public var records: Int64
    public var checkpoints: Int
    /// Checkpoints whose signature verifies under a trusted key and whose root the records reproduce.
    public var checkpointsVerified: Int
    public var externalCheckpointsVerified: Int
    public var latestCheckpoint: AuditCheckpoint?
    /// Records appended after the latest checkpoint, not yet covered by any signature.
    public var uncheckpointedRecords: Int64
    /// The root of the tree of all stored records.
    public var root: MerkleHash
    /// In log order; the first one names the first bad record. Empty when the log is intact.
    public var problems: [AuditProblem]
    public var duration: Duration

    public var isValid: Bool { problems.isEmpty }
    public var firstProblem: AuditProblem? { problems.first }
}

enum AuditVerifier {
    /// How far from its position a moved record is looked for.
    static let window: Int64 = 64

    private struct Target {
        var size: Int64
        var root: MerkleHash
        var checkpointId: Int64?   // nil: external
    }

    private enum Anomaly {
        case gap(expected: Int64, found: Int64)
        case mismatch(Int64)
        case unexpected(Int64)
    }

    static func verify(_ db: Database, trustedKeys: [Curve25519.Signing.PublicKey], external: [AuditCheckpoint]) throws -> AuditVerification {
        let clock = ContinuousClock()
        let start = clock.now
        let tree = AuditTree(db: db)
        var problems: [AuditProblem] = []

        // Checkpoints: sequence, order, key and signature.
        let checkpoints = try tree.checkpoints()
        let trusted = Dictionary(trustedKeys.map { (Array($0.rawRepresentation), $0) }, uniquingKeysWith: { a, _ in a })
        var targets: [Target] = []
        var previous: AuditCheckpoint?
        for checkpoint in checkpoints {
            let position = checkpoint.treeSize - 1
            let expectedId = (previous?.id ?? 0) + 1
            if checkpoint.id != expectedId {
                problems.append(AuditProblem(kind: .checkpointMissing, checkpointId: expectedId,
                    message: checkpoint.id > expectedId
                        ? "checkpoints \(expectedId)..<\(checkpoint.id) are missing (deleted)"
                        : "checkpoint \(checkpoint.id) is out of sequence (expected \(expectedId))",
                    position: position))
            }
            if let previous, checkpoint.treeSize < previous.treeSize {
                problems.append(AuditProblem(kind: .checkpointOrder, checkpointId: checkpoint.id,
                    message: "checkpoint \(checkpoint.id) has tree size \(checkpoint.treeSize), smaller than checkpoint \(previous.id)'s \(previous.treeSize)",
                    position: position))
            }
            previous = checkpoint
            guard let key = trusted[checkpoint.publicKey] else {
                problems.append(AuditProblem(kind: .checkpointUntrustedKey, checkpointId: checkpoint.id,
                    message: "checkpoint \(checkpoint.id) (tree size \(checkpoint.treeSize)) is signed by an untrusted key \(Data(checkpoint.publicKey).base64EncodedString())",
                    position: position))
                continue
            }
            guard checkpoint.isValidSignature(for: key) else {
                problems.append(AuditProblem(kind: .checkpointSignature, checkpointId: checkpoint.id,
                    message: "checkpoint \(checkpoint.id) (tree size \(checkpoint.treeSize)): the signature does not verify (forged or altered)",
                    position: position))
                continue
            }
            targets.append(Target(size: checkpoint.treeSize, root: checkpoint.rootHash, checkpointId: checkpoint.id))
        }
        for checkpoint in external where trusted[checkpoint.publicKey].map(checkpoint.isValidSignature(for:)) == true {
            targets.append(Target(size: checkpoint.treeSize, root: checkpoint.rootHash, checkpointId: nil))
        }
        for checkpoint in external where trusted[checkpoint.publicKey].map(checkpoint.isValidSignature(for:)) != true {
            problems.append(AuditProblem(kind: .checkpointUntrustedKey,
                message: "an external checkpoint (tree size \(checkpoint.treeSize)) is not signed by a trusted key",
                position: checkpoint.treeSize - 1))
        }
        targets.sort { $0.size < $1.size }

        // Cached subtree roots, checked as the tree is rebuilt.
        var subtrees: [Int: [Int64: MerkleHash]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT level, idx, hash FROM audit_subtrees") {
            let level: Int = row[0]
            let index: Int64 = row[1]
            let data: Data = row[2] ?? Data()
            subtrees[level, default: [:]][index] = MerkleHash(bytes: data) ?? MerkleHash(words: (0, 0, 0, 0))
        }
        var firstSubtreeProblem: AuditProblem?

        // One pass over the records: recompute each leaf hash, rebuild the tree from the stored leaf
        // hashes, and compare the root with every checkpoint when the tree reaches its size.
        var frontier = MerkleFrontier()
        var anomaly: Anomaly?
        var firstGap: Anomaly?   // a gap after the first anomaly, reported as well
        var expected: Int64 = 0
        var targetIndex = 0
        var lastGoodSize: Int64 = 0
        var firstMismatch: (target: Target, lastGood: Int64)?
        var laterMismatches = 0
        var verifiedStored = 0
        var verifiedExternal = 0
        func checkTargets(_ frontier: MerkleFrontier) {
            while targetIndex < targets.count, targets[targetIndex].size == frontier.size {
                let target = targets[targetIndex]
                if frontier.root == target.root {
                    if target.checkpointId != nil { verifiedStored += 1 } else { verifiedExternal += 1 }
                    if firstMismatch == nil { lastGoodSize = target.size }
                } else if firstMismatch == nil {
                    firstMismatch = (target, lastGoodSize)
                } else {
                    laterMismatches += 1
                }
                targetIndex += 1
            }
        }
        checkTargets(frontier)
        var encoder = CanonicalRecordEncoder()
        let statement = try db.makeStatement(sql: "SELECT \(AuditSchema.recordColumns) FROM audit_records ORDER BY seq")
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            #if canImport(GRDBSQLite)
            let (seq, encoded, stored) = encodeInPlace(statement.sqliteStatement, into: &encoder)
            #else
            let seq: Int64 = row[0]
            let encoded = try encode(row, seq: seq, into: &encoder)
            let stored = try row.withUnsafeData(atIndex: 10) { data -> MerkleHash? in
                data?.withUnsafeBytes { $0.count == 32 ? MerkleHash(raw: $0) : nil }
            }
            #endif
            _ = row
            if seq != expected {
                let found: Anomaly = seq > expected ? .gap(expected: expected, found: seq) : .unexpected(seq)
                if anomaly == nil { anomaly = found } else if firstGap == nil, seq > expected { firstGap = found }
            }
            let computed = encoder.leafHash
            if !encoded || stored != computed, anomaly == nil { anomaly = .mismatch(seq) }
            frontier.append(stored ?? computed) { height, index, hash in
                guard height % AuditSchema.subtreeStride == 0, firstSubtreeProblem == nil else { return }
                if subtrees[height]?[index] != hash {
                    let lo = index << height, hi = (index + 1) << height
                    firstSubtreeProblem = AuditProblem(kind: .subtreeMismatch, range: lo..<hi,
                        message: subtrees[height]?[index] == nil
                            ? "the cached root of records \(lo)..<\(hi) is missing"
                            : "the cached root of records \(lo)..<\(hi) does not match them: a record there was rewritten together with its leaf hash, or the cache was altered",
                        position: hi - 1)
                }
            }
            expected = max(expected, seq + 1)
            checkTargets(frontier)
        }
        let records = frontier.size

        if let anomaly { problems.append(try classify(anomaly, db: db)) }
        if let firstGap { problems.append(try classify(firstGap, db: db)) }
        if let (target, lastGood) = firstMismatch {
            let more = laterMismatches > 0 ? " (and \(laterMismatches) later checkpoint\(laterMismatches == 1 ? "" : "s"))" : ""
            let name = target.checkpointId.map { "checkpoint \($0)" } ?? "the external checkpoint"
            problems.append(AuditProblem(kind: .checkpointMismatch, range: lastGood..<target.size, checkpointId: target.checkpointId,
                message: "\(name) (tree size \(target.size)) does not match the records: a record in \(lastGood)..<\(target.size) was changed, moved, inserted or removed together with its leaf hash\(more)",
                position: target.size - 1))
        }
        if targetIndex < targets.count {
            // Checkpoints cover more records than exist: the tail was removed (a gap in the middle is
            // reported as such above).
            let beyond = targets[targetIndex...]
            let largest = beyond.map(\.size).max()!
            let end = expected   // one past the highest seq present
            if end < largest {
                problems.append(AuditProblem(kind: .deleted, seq: end, range: end..<largest,
                    checkpointId: beyond.first?.checkpointId,
                    message: (largest - end == 1 ? "record \(end) is missing" : "records \(end)..<\(largest) are missing")
                        + ": a signed checkpoint covers \(largest) records but the log ends at \(end) (deleted)",
                    position: end))
            } else {
                problems.append(AuditProblem(kind: .deleted, checkpointId: beyond.first?.checkpointId,
                    message: "a signed checkpoint covers \(largest) records but only \(records) exist (deleted)",
                    position: largest - 1))
            }
        }
        if let firstSubtreeProblem { problems.append(firstSubtreeProblem) }
        problems.sort { $0.position < $1.position }

        let latest = checkpoints.last
        return AuditVerification(
            records: records, checkpoints: checkpoints.count, checkpointsVerified: verifiedStored,
            externalCheckpointsVerified: verifiedExternal, latestCheckpoint: latest,
            uncheckpointedRecords: max(0, records - (latest?.treeSize ?? 0)), root: frontier.root,
            problems: problems, duration: clock.now - start)
    }

    /// Encodes a stored row's fields as the canonical record at position `seq`. False when a field
    /// that must be present is NULL (the encoding is then still made, and cannot match).
    static func encode(_ row: Row, seq: Int64, into encoder: inout CanonicalRecordEncoder) throws -> Bool {
        let time: Int64? = row[1]
        var complete = time != nil
        encoder.begin(seq: seq, timeMicros: time ?? 0)
        for index in 2...9 {
            try row.withUnsafeData(atIndex: index) { data in
                if index == 3 {
                    guard let data else { encoder.absent(); return }
                    encoder.present()
                    data.withUnsafeBytes { encoder.field(raw: $0) }
                } else if let data {
                    data.withUnsafeBytes { encoder.field(raw: $0) }
                } else {
                    complete = false
                    encoder.absent()
                }
            }
        }
        return complete
    }

    #if canImport(GRDBSQLite)
    /// `encode` for the row the statement is positioned on, reading the columns where SQLite holds
    /// them. Returns the row's seq, whether every required field was present, and its stored leaf hash.
    static func encodeInPlace(_ stmt: SQLiteStatement, into encoder: inout CanonicalRecordEncoder) -> (Int64, Bool, MerkleHash?) {
        let seq = sqlite3_column_int64(stmt, 0)
        var complete = sqlite3_column_type(stmt, 1) != SQLITE_NULL
        encoder.begin(seq: seq, timeMicros: sqlite3_column_int64(stmt, 1))
        for index: Int32 in 2...9 {
            if sqlite3_column_type(stmt, index) == SQLITE_NULL {
                if index != 3 { complete = false }
                encoder.absent()
                continue
            }
            if index == 3 { encoder.present() }
            let bytes = sqlite3_column_blob(stmt, index)
            let count = Int(sqlite3_column_bytes(stmt, index))
            encoder.field(raw: UnsafeRawBufferPointer(start: count == 0 ? nil : bytes, count: count))
        }
        var stored: MerkleHash?
        if sqlite3_column_type(stmt, 10) != SQLITE_NULL, let bytes = sqlite3_column_blob(stmt, 10), sqlite3_column_bytes(stmt, 10) == 32 {
            stored = MerkleHash(raw: UnsafeRawBufferPointer(start: bytes, count: 32))
        }
        return (seq, complete, stored)
    }
    #endif

    /// The position a stored row was written at: its own when its leaf hash matches, else the
    /// nearby position whose encoding reproduces the stored leaf hash, else nil.
    private static func origin(_ row: Row) throws -> Int64? {
        let seq: Int64 = row[0]
        guard let stored = try row.withUnsafeData(atIndex: 10, { data -> MerkleHash? in
            data?.withUnsafeBytes { $0.count == 32 ? MerkleHash(raw: $0) : nil }
        }) else { return nil }
        var encoder = CanonicalRecordEncoder()
        var deltas: [Int64] = [0]
        for d in 1...window { deltas.append(-d); deltas.append(d) }
        for delta in deltas {
            let candidate = seq + delta
            guard candidate >= 0 else { continue }
            guard try encode(row, seq: candidate, into: &encoder) else { return nil }
            if encoder.leafHash == stored { return candidate }
        }
        return nil
    }

    /// Names the first bad record and what happened to it, from the rows around it.
    private static func classify(_ anomaly: Anomaly, db: Database) throws -> AuditProblem {
        switch anomaly {
        case .gap(let expected, let found):
            let count = found - expected
            return AuditProblem(kind: .deleted, seq: expected, range: expected..<found,
                message: count == 1 ? "record \(expected) is missing (deleted)" : "records \(expected)..<\(found) are missing (deleted)",
                position: expected)
        case .unexpected(let seq):
            return AuditProblem(kind: .inserted, seq: seq,
                message: "record \(seq) is not a position of the log (inserted)", position: seq)
        case .mismatch(let p):
            var origins: [Int64: Int64?] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT \(AuditSchema.recordColumns) FROM audit_records WHERE seq BETWEEN ? AND ?",
                                        arguments: [p - window, p + window]) {
                let seq: Int64 = row[0]
                origins[seq] = try origin(row)
            }
            let own = origins[p] ?? nil
            switch own {
            case nil:
                if case let next?? = origins[p + 1], next == p {
                    return AuditProblem(kind: .inserted, seq: p,
                        message: "record \(p) was inserted: it was never appended, and the records after it were renumbered (the record written as \(p) now sits at \(p + 1))",
                        position: p)
                }
                return AuditProblem(kind: .edited, seq: p,
                    message: "record \(p) was edited: its fields no longer match its leaf hash", position: p)
            case let q? where q > p:
                if let moved = origins.first(where: { $0.value == p })?.key {
                    return AuditProblem(kind: .reordered, seq: p,
                        message: "record \(p) was reordered: it now sits at \(moved), and position \(p) holds the record written as \(q)",
                        position: p)
                }
                return AuditProblem(kind: .deleted, seq: p, range: p..<q,
                    message: (q - p == 1 ? "record \(p) was deleted" : "records \(p)..<\(q) were deleted")
                        + " and the records after renumbered (position \(p) holds the record written as \(q))",
                    position: p)
            case let q?:
                return AuditProblem(kind: .inserted, seq: q, range: q..<p,
                    message: (p - q == 1 ? "record \(q) was inserted" : "records \(q)..<\(p) were inserted")
                        + " with recomputed leaf hashes (the record written as \(q) now sits at \(p))",
                    position: q)
            }
        }
    }
}
