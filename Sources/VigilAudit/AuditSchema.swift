import Foundation
import GRDB

/// The audit database: `audit.sqlite`, separate from the main store.
///
/// - `audit_records`: one row per record; `seq` is the Merkle leaf index (0, 1, 2, …).
/// - `audit_checkpoints`: signed tree heads, `id` 1, 2, 3, …
/// - `audit_subtrees`: a cache of the roots of complete subtrees whose height is a multiple of 8
///   (256, 65 536, … leaves), so proofs and reopening read O(log n) rows instead of every leaf.
///   It is derived data: `verify` recomputes and checks it.
///
/// Triggers make every table append-only: UPDATE and DELETE abort, and an INSERT must extend the
/// log in order (which also stops an insert with OR REPLACE, whose implicit delete fires no trigger).
enum AuditSchema {
    static let fileName = "audit.sqlite"
    /// Heights at which subtree roots are stored.
    static let subtreeStride = 8

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE audit_records (
                    seq INTEGER PRIMARY KEY,
                    time_us INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    agent_space_id TEXT,
                    principal TEXT NOT NULL,
                    action TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    decision TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    leaf_hash BLOB NOT NULL
                );
                CREATE TABLE audit_checkpoints (
                    id INTEGER PRIMARY KEY,
                    tree_size INTEGER NOT NULL,
                    root_hash BLOB NOT NULL,
                    time_us INTEGER NOT NULL,
                    public_key BLOB NOT NULL,
                    signature BLOB NOT NULL
                );
                CREATE TABLE audit_subtrees (
                    level INTEGER NOT NULL,
                    idx INTEGER NOT NULL,
                    hash BLOB NOT NULL,
                    PRIMARY KEY (level, idx)
                ) WITHOUT ROWID;

                CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
                BEGIN SELECT RAISE(ABORT, 'audit_records is append-only: UPDATE refused'); END;
                CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
                BEGIN SELECT RAISE(ABORT, 'audit_records is append-only: DELETE refused'); END;
                CREATE TRIGGER audit_records_in_order BEFORE INSERT ON audit_records
                WHEN NEW.seq IS NOT (SELECT coalesce(max(seq) + 1, 0) FROM audit_records)
                BEGIN SELECT RAISE(ABORT, 'audit_records is append-only: seq must follow the last record'); END;

                CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
                BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only: UPDATE refused'); END;
                CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
                BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only: DELETE refused'); END;
                CREATE TRIGGER audit_checkpoints_in_order BEFORE INSERT ON audit_checkpoints
                WHEN NEW.id IS NOT (SELECT coalesce(max(id) + 1, 1) FROM audit_checkpoints)
                  OR NEW.tree_size < (SELECT coalesce(max(tree_size), 0) FROM audit_checkpoints)
                  OR NEW.tree_size > (SELECT coalesce(max(seq) + 1, 0) FROM audit_records)
                BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only: out-of-order checkpoint refused'); END;

                CREATE TRIGGER audit_subtrees_no_update BEFORE UPDATE ON audit_subtrees
                BEGIN SELECT RAISE(ABORT, 'audit_subtrees is append-only: UPDATE refused'); END;
                CREATE TRIGGER audit_subtrees_no_delete BEFORE DELETE ON audit_subtrees
                BEGIN SELECT RAISE(ABORT, 'audit_subtrees is append-only: DELETE refused'); END;
                CREATE TRIGGER audit_subtrees_in_order BEFORE INSERT ON audit_subtrees
                WHEN EXISTS (SELECT 1 FROM audit_subtrees WHERE level = NEW.level AND idx = NEW.idx)
                  OR (NEW.idx + 1) << NEW.level > (SELECT coalesce(max(seq) + 1, 0) FROM audit_records)
                BEGIN SELECT RAISE(ABORT, 'audit_subtrees is append-only: only new roots of complete subtrees'); END;
                """)
        }
        return migrator
    }

    static let recordColumns = "seq, time_us, kind, agent_space_id, principal, action, resource, decision, request_id, detail, leaf_hash"
    static let checkpointColumns = "id, tree_size, root_hash, time_us, public_key, signature"
}

/// Reads of the tree kept in one audit database connection: leaf hashes, cached subtree roots,
/// roots at any size, inclusion and consistency proofs (RFC 6962 §2.1.1–2.1.2).
struct AuditTree {
    let db: Database

    /// Number of records (the tree size): one past the highest seq.
    func size() throws -> Int64 {
        (try Int64.fetchOne(db, sql: "SELECT max(seq) FROM audit_records")).map { $0 + 1 } ?? 0
    }

    func leafHashes(from first: Int64, count: Int64) throws -> [MerkleHash] {
        var hashes: [MerkleHash] = []
        hashes.reserveCapacity(Int(count))
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, leaf_hash FROM audit_records WHERE seq >= ? AND seq < ? ORDER BY seq",
                                       arguments: [first, first + count])
        var expected = first
        while let row = try rows.next() {
            let seq: Int64 = row[0]
            guard seq == expected else { throw AuditError.corrupted("record \(expected) is missing") }
            let hash = try row.withUnsafeData(atIndex: 1) { data in data.flatMap { MerkleHash(bytes: $0) } }
            guard let hash else { throw AuditError.corrupted("record \(seq) has no valid leaf hash") }
            hashes.append(hash)
            expected += 1
        }
        guard expected == first + count else { throw AuditError.corrupted("record \(expected) is missing") }
        return hashes
    }

    /// Stored subtree roots at `level` for indices first..<first+count, or nil if any is missing.
    func storedSubtrees(level: Int, from first: Int64, count: Int64) throws -> [MerkleHash]? {
        var hashes: [MerkleHash] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT idx, hash FROM audit_subtrees WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx",
                                       arguments: [level, first, first + count])
        var expected = first
        while let row = try rows.next() {
            let idx: Int64 = row[0]
            guard idx == expected else { return nil }
            guard let hash = try row.withUnsafeData(atIndex: 1, { $0.flatMap { MerkleHash(bytes: $0) } }) else { return nil }
            hashes.append(hash)
            expected += 1
        }
        return expected == first + count ? hashes : nil
    }

    /// The root of the complete subtree of height `height` covering leaves index·2^height ..< (index+1)·2^height.
    func perfectHash(height: Int, index: Int64) throws -> MerkleHash {
        if height == 0 { return try leafHashes(from: index, count: 1)[0] }
        let stride = AuditSchema.subtreeStride
        if height % stride == 0, let stored = try storedSubtrees(level: height, from: index, count: 1) { return stored[0] }
        let base = height % stride == 0 ? height - stride : height - height % stride
        let width = Int64(1) << (height - base)
        let first = index << (height - base)
        var nodes: [MerkleHash]
        if base == 0 {
            nodes = try leafHashes(from: first, count: width)
        } else if let stored = try storedSubtrees(level: base, from: first, count: width) {
            nodes = stored
        } else {
            nodes = try (0..<width).map { try perfectHash(height: base, index: first + $0) }
        }
        while nodes.count > 1 {
            var next: [MerkleHash] = []
            next.reserveCapacity(nodes.count / 2)
            for i in Swift.stride(from: 0, to: nodes.count, by: 2) { next.append(MerkleTree.nodeHash(nodes[i], nodes[i + 1])) }
            nodes = next
        }
        return nodes[0]
    }

    /// MTH(D[lo:hi]) for a range that is a node of the tree (lo aligned to the largest power of two ≤ hi-lo).
    func rangeHash(_ lo: Int64, _ hi: Int64) throws -> MerkleHash {
        let n = hi - lo
        precondition(n >= 1)
        if n & (n - 1) == 0, lo % n == 0 {
            return try perfectHash(height: n.trailingZeroBitCount, index: lo / n)
        }
        let k = MerkleTree.split(n)
        return MerkleTree.nodeHash(try rangeHash(lo, lo + k), try rangeHash(lo + k, hi))
    }

    func root(size: Int64) throws -> MerkleHash {
        size == 0 ? .emptyTreeRoot : try rangeHash(0, size)
    }

    /// The frontier (perfect-subtree roots) of the tree of `size` leaves.
    func frontier(size: Int64) throws -> MerkleFrontier {
        var nodes: [MerkleHash] = []
        var start: Int64 = 0
        for height in Swift.stride(from: 62, through: 0, by: -1) where size & (Int64(1) << height) != 0 {
            nodes.append(try perfectHash(height: height, index: start >> height))
            start += Int64(1) << height
        }
        return MerkleFrontier(size: size, nodes: nodes)
    }

    /// PATH(m, D[0:n]) (RFC 6962 §2.1.1).
    func inclusionPath(index m: Int64, size n: Int64) throws -> [MerkleHash] {
        var path: [MerkleHash] = []
        var lo: Int64 = 0
        var hi = n
        // Walk down from the root, collecting siblings; the proof lists them leaf first.
        while hi - lo > 1 {
            let k = MerkleTree.split(hi - lo)
            if m < lo + k {
                path.append(try rangeHash(lo + k, hi))
                hi = lo + k
            } else {
                path.append(try rangeHash(lo, lo + k))
                lo += k
            }
        }
        return path.reversed()
    }

    /// PROOF(m, D[0:n]) (RFC 6962 §2.1.2).
    func consistencyPath(from m: Int64, to n: Int64) throws -> [MerkleHash] {
        if m == 0 || m == n { return [] }
        var path: [MerkleHash] = []
        var lo: Int64 = 0
        var hi = n
        var mm = m
        var complete = true
        while true {
            let size = hi - lo
            if mm == size {
                if !complete { path.append(try rangeHash(lo, hi)) }
                break
            }
            let k = MerkleTree.split(size)
            if mm <= k {
                path.append(try rangeHash(lo + k, hi))
                hi = lo + k
            } else {
                path.append(try rangeHash(lo, lo + k))
                lo += k
                mm -= k
                complete = false
            }
        }
        return path.reversed()
    }

    func checkpoints() throws -> [AuditCheckpoint] {
        try Row.fetchAll(db, sql: "SELECT \(AuditSchema.checkpointColumns) FROM audit_checkpoints ORDER BY id").map(Self.checkpoint)
    }

    func latestCheckpoint() throws -> AuditCheckpoint? {
        try Row.fetchOne(db, sql: "SELECT \(AuditSchema.checkpointColumns) FROM audit_checkpoints ORDER BY id DESC LIMIT 1").map(Self.checkpoint)
    }

    static func checkpoint(_ row: Row) -> AuditCheckpoint {
        let root: Data = row[2] ?? Data()
        let key: Data = row[4] ?? Data()
        let signature: Data = row[5] ?? Data()
        return AuditCheckpoint(id: row[0], treeSize: row[1], rootHash: MerkleHash(bytes: root) ?? MerkleHash(words: (0, 0, 0, 0)),
                               timeMicros: row[3], publicKey: Array(key), signature: Array(signature))
    }

    func records(from first: Int64, limit: Int) throws -> [AuditRecord] {
        try Row.fetchAll(db, sql: "SELECT \(AuditSchema.recordColumns) FROM audit_records WHERE seq >= ? ORDER BY seq LIMIT ?",
                         arguments: [first, limit]).map(Self.record)
    }

    func record(seq: Int64) throws -> AuditRecord? {
        try Row.fetchOne(db, sql: "SELECT \(AuditSchema.recordColumns) FROM audit_records WHERE seq = ?", arguments: [seq]).map(Self.record)
    }

    /// Text columns are read as bytes, so stored content comes back exactly (no C-string cuts).
    static func record(_ row: Row) throws -> AuditRecord {
        func text(_ i: Int) throws -> String? { try row.withUnsafeData(atIndex: i) { $0.map { String(decoding: $0, as: UTF8.self) } } }
        let kindText = try text(2) ?? ""
        let decisionText = try text(7) ?? ""
        let seq: Int64 = row[0]
        guard let kind = AuditKind(rawValue: kindText), let decision = AuditDecision(rawValue: decisionText) else {
            throw AuditError.corrupted("record \(seq) has kind '\(kindText)' and decision '\(decisionText)'")
        }
        let leaf = try row.withUnsafeData(atIndex: 10) { $0.flatMap { MerkleHash(bytes: $0) } }
        let entry = AuditEntry(kind: kind, agentSpaceId: try text(3), principal: try text(4) ?? "", action: try text(5) ?? "",
                               resource: try text(6) ?? "", decision: decision, requestId: try text(8) ?? "",
                               detail: try text(9) ?? "", time: AuditTime.date(micros: row[1]))
        return AuditRecord(seq: seq, entry: entry, leafHash: leaf ?? MerkleHash(words: (0, 0, 0, 0)))
    }
}
