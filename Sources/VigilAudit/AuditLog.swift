import Crypto
import Dispatch
import Foundation
import GRDB

/// How an `AuditLog` is opened.
public struct AuditLogOptions: Sendable {
    /// The signing key file. Nil: `VIGIL_AUDIT_SIGNING_KEY_FILE` from `environment`, else
    /// `audit-signing.key` in the data directory. Created (mode 0600) when missing.
    public var signingKeyFile: String?
    /// A key supplied directly (e.g. from a secret manager); takes precedence over the file.
    public var signingKey: Curve25519.Signing.PrivateKey?
    /// A checkpoint is signed once this many records have been appended since the last one …
    public var checkpointEveryRecords: Int
    /// … or this many seconds have passed with records not yet checkpointed (and on `close`).
    public var checkpointInterval: Double
    /// Most records committed in one transaction.
    public var maxBatch: Int
    public var environment: [String: String]

    public init(signingKeyFile: String? = nil, signingKey: Curve25519.Signing.PrivateKey? = nil,
                checkpointEveryRecords: Int = 1000, checkpointInterval: Double = 60, maxBatch: Int = 8192,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.signingKeyFile = signingKeyFile
        self.signingKey = signingKey
        self.checkpointEveryRecords = max(1, checkpointEveryRecords)
        self.checkpointInterval = checkpointInterval
        self.maxBatch = max(1, maxBatch)
        self.environment = environment
    }
}

/// The append-only audit trail: `audit.sqlite` in the data directory (WAL, synchronous=FULL), a
/// Merkle tree over its records (RFC 6962), and Ed25519-signed checkpoints.
///
/// `append` is group-committed: every append waiting while a transaction commits joins the next
/// one, so concurrent callers share the fsync. When `append` returns, the record is on disk.
/// Nothing in this type updates or deletes a row; the database's triggers refuse it anyway.
public final class AuditLog: AuditSink, @unchecked Sendable {
    public let directory: String
    public let path: String
    public let publicKey: Curve25519.Signing.PublicKey
    /// Where the public key was exported for verifiers.
    public let publicKeyPath: String
    public let signingKeyPath: String?

    private let signingKey: Curve25519.Signing.PrivateKey
    private let pool: DatabasePool
    private let options: AuditLogOptions
    private let queue = DispatchQueue(label: "vigil.audit.writer")

    private struct Pending {
        var entry: AuditEntry
        var continuation: CheckedContinuation<AuditReceipt, Error>
    }

    // Guarded by `lock`.
    private let lock = NSLock()
    private var pending: [Pending] = []
    private var draining = false
    private var closed = false
    private var failures = 0

    // Confined to `queue` (and to `init`).
    private var frontier: MerkleFrontier
    private var lastCheckpoint: AuditCheckpoint?
    private var timer: DispatchSourceTimer?
    private var poolClosed = false

    /// Opens (creating if needed) `audit.sqlite` in `directory`, loads or creates the signing key,
    /// exports its public key as `audit-signing.pub`, and starts the checkpoint timer.
    public init(directory: String, options: AuditLogOptions = AuditLogOptions()) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.directory = directory
        self.options = options
        self.path = (directory as NSString).appendingPathComponent(AuditSchema.fileName)
        if let key = options.signingKey {
            signingKey = key
            signingKeyPath = nil
        } else {
            let keyPath = AuditSigningKey.path(explicit: options.signingKeyFile, environment: options.environment, dataDirectory: directory)
            signingKey = try AuditSigningKey.loadOrCreate(path: keyPath)
            signingKeyPath = keyPath
        }
        publicKey = signingKey.publicKey
        publicKeyPath = (directory as NSString).appendingPathComponent(AuditSigningKey.publicFileName)
        try AuditSigningKey.exportPublicKey(publicKey, to: publicKeyPath)

        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // FULL: each commit fsyncs the WAL, so an appended record survives an OS crash too.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: config)
        try AuditSchema.migrator.migrate(pool)
        (frontier, lastCheckpoint) = try pool.read { db in
            let tree = AuditTree(db: db)
            return (try tree.frontier(size: try tree.size()), try tree.latestCheckpoint())
        }
        startTimer()
    }

    deinit {
        timer?.cancel()
    }

    // MARK: Appending

    /// Appends one record; returns once it is durable, with its position and leaf hash.
    public func append(_ entry: AuditEntry) async throws -> AuditReceipt {
        let normalized = entry.normalized
        return try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            if closed {
                lock.unlock()
                continuation.resume(throwing: AuditError.closed)
                return
            }
            pending.append(Pending(entry: normalized, continuation: continuation))
            let start = !draining
            draining = true
            lock.unlock()
            if start { queue.async { self.drain() } }
        }
    }

    /// `AuditSink`: appends, reporting a failure on standard error instead of throwing.
    public func record(_ entry: AuditEntry) async {
        do { _ = try await append(entry) } catch {
            lock.withLock { failures += 1 }
            FileHandle.standardError.write(Data("vigil audit: could not record \(entry.kind.rawValue) \(entry.action) (request \(entry.requestId)): \(error)\n".utf8))
        }
    }

    /// How many `record` calls failed since opening.
    public var recordFailures: Int {
        lock.lock(); defer { lock.unlock() }
        return failures
    }

    /// Commits one batch of waiting appends, then yields the queue (so checkpoints and timers
    /// interleave under sustained load) and comes back for the next.
    private func drain() {
        lock.lock()
        guard !pending.isEmpty else {
            draining = false
            lock.unlock()
            return
        }
        let batch: [Pending]
        if pending.count <= options.maxBatch {
            batch = pending
            pending.removeAll(keepingCapacity: true)
        } else {
            batch = Array(pending.prefix(options.maxBatch))
            pending.removeFirst(options.maxBatch)
        }
        lock.unlock()
        do {
            let receipts = try commit(batch.map(\.entry))
            for (item, receipt) in zip(batch, receipts) { item.continuation.resume(returning: receipt) }
        } catch {
            for item in batch { item.continuation.resume(throwing: error) }
        }
        queue.async { self.drain() }
    }

    /// Writes the entries in one IMMEDIATE transaction (with a checkpoint when one is due) and
    /// advances the in-memory tree only once it has committed.
    private func commit(_ entries: [AuditEntry]) throws -> [AuditReceipt] {
        guard !poolClosed else { throw AuditError.closed }
        var tree = frontier
        var checkpoint = lastCheckpoint
        var receipts: [AuditReceipt] = []
        receipts.reserveCapacity(entries.count)
        let everyRecords = Int64(options.checkpointEveryRecords)
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                receipts.removeAll(keepingCapacity: true)
                // Another process may have appended: then pick up the tree it left.
                let reader = AuditTree(db: db)
                let size = try reader.size()
                if size != tree.size {
                    tree = try reader.frontier(size: size)
                    checkpoint = try reader.latestCheckpoint()
                }
                let insert = try db.cachedStatement(sql: "INSERT INTO audit_records (\(AuditSchema.recordColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                let insertSubtree = try db.cachedStatement(sql: "INSERT INTO audit_subtrees (level, idx, hash) VALUES (?, ?, ?)")
                var encoder = CanonicalRecordEncoder()
                for entry in entries {
                    let seq = tree.size
                    let micros = AuditTime.micros(entry.time)
                    encoder.encode(seq: seq, timeMicros: micros, entry: entry)
                    let leaf = encoder.leafHash
                    try insert.execute(arguments: [
                        seq, micros, entry.kind.rawValue, entry.agentSpaceId, entry.principal, entry.action,
                        entry.resource, entry.decision.rawValue, entry.requestId, entry.detail, leaf.data,
                    ])
                    try tree.append(leaf) { height, index, hash in
                        if height % AuditSchema.subtreeStride == 0 {
                            try insertSubtree.execute(arguments: [height, index, hash.data])
                        }
                    }
                    receipts.append(AuditReceipt(seq: seq, leafHash: leaf, time: entry.time))
                }
                if tree.size - (checkpoint?.treeSize ?? 0) >= everyRecords {
                    checkpoint = try insertCheckpoint(db, tree: tree, after: checkpoint)
                }
                return .commit
            }
        }
        frontier = tree
        lastCheckpoint = checkpoint
        return receipts
    }

    private func insertCheckpoint(_ db: Database, tree: MerkleFrontier, after previous: AuditCheckpoint?) throws -> AuditCheckpoint {
        let checkpoint = try AuditCheckpoint.make(id: (previous?.id ?? 0) + 1, treeSize: tree.size, rootHash: tree.root,
                                                  timeMicros: AuditTime.micros(Date()), key: signingKey)
        try db.execute(sql: "INSERT INTO audit_checkpoints (\(AuditSchema.checkpointColumns)) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [checkpoint.id, checkpoint.treeSize, checkpoint.rootHash.data, checkpoint.timeMicros,
                                   Data(checkpoint.publicKey), Data(checkpoint.signature)])
        return checkpoint
    }

    // MARK: Checkpoints

    /// Signs a checkpoint of everything appended so far (every `append` that has returned), unless
    /// the latest checkpoint already covers it, in which case that one is returned.
    @discardableResult
    public func checkpoint() async throws -> AuditCheckpoint {
        try await onQueue { try self.checkpointNow(force: true)! }
    }

    /// Queue-confined: signs a checkpoint when records are uncovered (or none exists and `force`).
    private func checkpointNow(force: Bool) throws -> AuditCheckpoint? {
        guard !poolClosed else { throw AuditError.closed }
        if let last = lastCheckpoint, last.treeSize == frontier.size { return last }
        if lastCheckpoint == nil, frontier.size == 0, !force { return nil }
        var tree = frontier
        var previous = lastCheckpoint
        let checkpoint = try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let reader = AuditTree(db: db)
                let size = try reader.size()
                if size != tree.size { tree = try reader.frontier(size: size) }
                previous = try reader.latestCheckpoint()
                if let previous, previous.treeSize == tree.size { return .commit }
                previous = try insertCheckpoint(db, tree: tree, after: previous)
                return .commit
            }
            return previous
        }
        frontier = tree
        lastCheckpoint = checkpoint
        return checkpoint
    }

    private func startTimer() {
        guard options.checkpointInterval > 0, options.checkpointInterval.isFinite else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let interval = options.checkpointInterval
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
        timer.setEventHandler { [weak self] in
            guard let self, !self.poolClosed, self.frontier.size > (self.lastCheckpoint?.treeSize ?? 0) else { return }
            do { _ = try self.checkpointNow(force: false) } catch {
                FileHandle.standardError.write(Data("vigil audit: checkpoint failed: \(error)\n".utf8))
            }
        }
        self.timer = timer
        timer.resume()
    }

    /// Finishes pending appends, signs a final checkpoint, and closes the database. Appends after
    /// this throw `AuditError.closed`.
    public func close() async throws {
        let wasClosed = lock.withLock {
            defer { closed = true }
            return closed
        }
        if wasClosed { return }
        try await onQueue {
            self.timer?.cancel()
            self.timer = nil
            // Appends submitted before `closed` was set are still pending: commit them first.
            while true {
                self.lock.lock()
                let batch = self.pending
                self.pending.removeAll()
                self.lock.unlock()
                if batch.isEmpty { break }
                do {
                    let receipts = try self.commit(batch.map(\.entry))
                    for (item, receipt) in zip(batch, receipts) { item.continuation.resume(returning: receipt) }
                } catch {
                    for item in batch { item.continuation.resume(throwing: error) }
                }
            }
            defer {
                self.poolClosed = true
                try? self.pool.close()
            }
            _ = try self.checkpointNow(force: false)
            // Fold the WAL into the main file, so the directory holds one self-contained file.
            _ = try? self.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    // MARK: Reading, proofs, verification

    /// Recomputes every leaf hash from the stored fields and the whole tree, checks every
    /// checkpoint's signature (under this log's key and `trustedKeys`) and root, and the
    /// externally kept `checkpoints`. Names the first bad record.
    public func verifyAll(trustedKeys: [Curve25519.Signing.PublicKey] = [], externalCheckpoints: [AuditCheckpoint] = []) async throws -> AuditVerification {
        let keys = [publicKey] + trustedKeys
        return try await pool.read { db in try AuditVerifier.verify(db, trustedKeys: keys, external: externalCheckpoints) }
    }

    /// The inclusion proof of record `seq` in the tree of `treeSize` records (default: the latest
    /// checkpoint's size).
    public func inclusionProof(seq: Int64, treeSize: Int64? = nil) async throws -> AuditInclusionProof {
        try await pool.read { db in try AuditQueries.inclusionProof(db, seq: seq, treeSize: treeSize) }
    }

    /// The consistency proof between the trees of `from` and `to` records.
    public func consistencyProof(from: Int64, to: Int64) async throws -> AuditConsistencyProof {
        try await pool.read { db in try AuditQueries.consistencyProof(db, from: from, to: to) }
    }

    public func checkpoints() async throws -> [AuditCheckpoint] {
        try await pool.read { db in try AuditTree(db: db).checkpoints() }
    }

    public func latestCheckpoint() async throws -> AuditCheckpoint? {
        try await pool.read { db in try AuditTree(db: db).latestCheckpoint() }
    }

    /// Records from `seq` on, in order (for export and inspection).
    public func records(from seq: Int64, limit: Int) async throws -> [AuditRecord] {
        try await pool.read { db in try AuditTree(db: db).records(from: seq, limit: limit) }
    }

    public func record(seq: Int64) async throws -> AuditRecord? {
        try await pool.read { db in try AuditTree(db: db).record(seq: seq) }
    }

    /// The number of records.
    public func count() async throws -> Int64 {
        try await pool.read { db in try AuditTree(db: db).size() }
    }

    /// The root of the tree of `size` records.
    public func root(size: Int64) async throws -> MerkleHash {
        try await pool.read { db in
            let tree = AuditTree(db: db)
            guard size >= 0, size <= (try tree.size()) else { throw AuditError.invalidTreeSize("the log has fewer than \(size) records") }
            return try tree.root(size: size)
        }
    }
}
