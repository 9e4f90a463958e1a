import Crypto
import Foundation
import GRDB
import Testing
@testable import VigilAudit

@Suite struct AuditLogTests {
    @Test func appendedRecordsReadBackAndVerify() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 16))
        let receipts = try await appendSequentially(log, count: 50)
        #expect(receipts.map(\.seq) == Array(0..<50))
        for (i, receipt) in receipts.enumerated() {
            #expect(receipt.leafHash == CanonicalRecordEncoder.leafHash(seq: Int64(i), entry: sampleEntry(i)))
        }
        let stored = try await log.records(from: 0, limit: 100)
        #expect(stored.count == 50)
        for record in stored {
            #expect(record.entry == sampleEntry(Int(record.seq)).normalized)
            #expect(record.leafHash == receipts[Int(record.seq)].leafHash)
        }
        let checkpoint = try await log.checkpoint()
        #expect(checkpoint.treeSize == 50)
        #expect(checkpoint.rootHash == MerkleTree.root(ofLeaves: receipts.map(\.leafHash)))
        let result = try await log.verifyAll()
        #expect(result.isValid, "\(result.problems)")
        #expect(result.records == 50)
        #expect(result.checkpoints == 4)   // at 16, 32, 48 and the explicit one at 50
        #expect(result.checkpointsVerified == 4)
        #expect(result.uncheckpointedRecords == 0)
        try await log.close()
    }

    /// The documented canonical encoding, built by hand, hashes to the leaf hash.
    @Test func leafHashCoversTheDocumentedCanonicalBytes() throws {
        let entry = AuditEntry(kind: .authFailure, agentSpaceId: "sp-1", principal: "anonymous", action: "aidevops:ListAgentSpaces",
                               resource: "", decision: .deny, requestId: "r-1", detail: #"{"reason":"InvalidSignatureException"}"#,
                               time: Date(timeIntervalSince1970: 1_700_000_000.123456))
        func be64(_ v: UInt64) -> [UInt8] { (0..<8).reversed().map { UInt8(truncatingIfNeeded: v >> (UInt64($0) * 8)) } }
        func field(_ s: String) -> [UInt8] {
            let bytes = Array(s.utf8)
            let n = UInt32(bytes.count)
            return [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] + bytes
        }
        var canonical: [UInt8] = [0x01] + be64(41) + be64(1_700_000_000_123_456)
        canonical += field("auth-failure") + [0x01] + field("sp-1") + field("anonymous") + field("aidevops:ListAgentSpaces")
        canonical += field("") + field("deny") + field("r-1") + field(#"{"reason":"InvalidSignatureException"}"#)
        let expected = RFC6962.leaf(canonical)
        #expect(CanonicalRecordEncoder.leafHash(seq: 41, entry: entry).bytes == expected)

        var absent = entry
        absent.agentSpaceId = nil
        var withoutSpace: [UInt8] = [0x01] + be64(41) + be64(1_700_000_000_123_456) + field("auth-failure") + [0x00]
        withoutSpace += field("anonymous") + field("aidevops:ListAgentSpaces") + field("") + field("deny") + field("r-1")
        withoutSpace += field(#"{"reason":"InvalidSignatureException"}"#)
        #expect(CanonicalRecordEncoder.leafHash(seq: 41, entry: absent).bytes == RFC6962.leaf(withoutSpace))
    }

    @Test func concurrentAppendsShareTransactionsAndKeepAGaplessSequence() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 500))
        let tasks = 64, each = 50
        let receipts = try await withThrowingTaskGroup(of: [AuditReceipt].self) { group in
            for t in 0..<tasks {
                group.addTask {
                    var mine: [AuditReceipt] = []
                    for j in 0..<each { mine.append(try await log.append(sampleEntry(t * each + j))) }
                    return mine
                }
            }
            var all: [AuditReceipt] = []
            for try await part in group { all += part }
            return all
        }
        #expect(receipts.map(\.seq).sorted() == Array(0..<Int64(tasks * each)))
        // Each task's own appends are ordered.
        #expect(try await log.count() == Int64(tasks * each))
        try await log.close()
        let reader = try AuditReader(directory: dir.path)
        let result = try reader.verifyAll(trustedKeys: [log.publicKey])
        #expect(result.isValid, "\(result.problems)")
        #expect(result.records == Int64(tasks * each))
        #expect(result.checkpointsVerified == result.checkpoints)
        #expect(result.checkpoints >= 6)
        for receipt in receipts.prefix(200) {
            #expect(try reader.record(seq: receipt.seq)?.leafHash == receipt.leafHash)
        }
    }

    @Test func appendsCheckpointsAndVerificationInterleave() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 97, interval: 0.05))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<16 {
                group.addTask { for j in 0..<60 { _ = try await log.append(sampleEntry(t * 60 + j)) } }
            }
            group.addTask {
                for _ in 0..<10 {
                    let checkpoint = try await log.checkpoint()
                    let proof = try await log.consistencyProof(from: 0, to: checkpoint.treeSize)
                    #expect(proof.toRoot == checkpoint.rootHash)
                    let snapshot = try await log.verifyAll()
                    #expect(snapshot.isValid, "\(snapshot.problems)")
                }
            }
            try await group.waitForAll()
        }
        try await log.close()
        let result = try AuditReader(directory: dir.path).verifyAll(trustedKeys: [log.publicKey])
        #expect(result.isValid, "\(result.problems)")
        #expect(result.records == 960)
        #expect(result.checkpointsVerified == result.checkpoints)
        #expect(result.uncheckpointedRecords == 0)
        let sizes = try AuditReader(directory: dir.path).checkpoints().map(\.treeSize)
        #expect(sizes == sizes.sorted())
    }

    @Test func signingKeyFileIsCreatedPrivateAndReused() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: AuditLogOptions(checkpointInterval: 0, environment: [:]))
        let keyPath = (dir.path as NSString).appendingPathComponent("audit-signing.key")
        #expect(log.signingKeyPath == keyPath)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let exported = try AuditSigningKey.loadPublicKey(path: (dir.path as NSString).appendingPathComponent("audit-signing.pub"))
        #expect(exported.rawRepresentation == log.publicKey.rawRepresentation)
        try await appendSequentially(log, count: 3)
        try await log.close()

        let reopened = try AuditLog(directory: dir.path, options: AuditLogOptions(checkpointInterval: 0, environment: [:]))
        #expect(reopened.publicKey.rawRepresentation == log.publicKey.rawRepresentation)
        try await appendSequentially(reopened, count: 3, offset: 3)
        try await reopened.checkpoint()
        let result = try await reopened.verifyAll()
        #expect(result.isValid, "\(result.problems)")
        #expect(result.checkpoints == 2)
        try await reopened.close()
    }

    @Test func signingKeyComesFromTheEnvironmentOrAnExplicitPath() async throws {
        let dir = TemporaryDirectory()
        let keys = TemporaryDirectory()
        let fromEnvironment = (keys.path as NSString).appendingPathComponent("env.key")
        let log = try AuditLog(directory: dir.path, options: AuditLogOptions(checkpointInterval: 0, environment: [AuditSigningKey.environmentVariable: fromEnvironment]))
        #expect(log.signingKeyPath == fromEnvironment)
        #expect(!FileManager.default.fileExists(atPath: (dir.path as NSString).appendingPathComponent("audit-signing.key")))
        let perms = try FileManager.default.attributesOfItem(atPath: fromEnvironment)[.posixPermissions] as? NSNumber
        #expect(perms?.intValue == 0o600)
        try await log.close()

        let explicit = (keys.path as NSString).appendingPathComponent("explicit.key")
        let other = try AuditLog(directory: dir.path, options: AuditLogOptions(signingKeyFile: explicit, checkpointInterval: 0,
                                                                                environment: [AuditSigningKey.environmentVariable: fromEnvironment]))
        #expect(other.signingKeyPath == explicit)
        #expect(other.publicKey.rawRepresentation != log.publicKey.rawRepresentation)
        try await other.close()

        try Data("not a key".utf8).write(to: URL(fileURLWithPath: explicit))
        #expect(throws: AuditError.self) { _ = try AuditLog(directory: dir.path, options: AuditLogOptions(signingKeyFile: explicit, environment: [:])) }
    }

    @Test func checkpointsEveryNRecordsExplicitlyAndOnClose() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 10))
        try await appendSequentially(log, count: 35)
        #expect(try await log.checkpoints().map(\.treeSize) == [10, 20, 30])
        let explicit = try await log.checkpoint()
        #expect(explicit.treeSize == 35)
        #expect(explicit.id == 4)
        #expect(try await log.checkpoint() == explicit)   // nothing new: the same checkpoint
        try await appendSequentially(log, count: 2, offset: 35)
        try await log.close()
        let checkpoints = try AuditReader(directory: dir.path).checkpoints()
        #expect(checkpoints.map(\.treeSize) == [10, 20, 30, 35, 37])
        #expect(checkpoints.map(\.id) == [1, 2, 3, 4, 5])
        for checkpoint in checkpoints { #expect(checkpoint.isValidSignature(for: log.publicKey)) }
        await #expect(throws: AuditError.closed) { _ = try await log.append(sampleEntry(0)) }
    }

    @Test func timerSignsUncoveredRecords() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 1000, interval: 0.1))
        try await appendSequentially(log, count: 3)
        var latest: AuditCheckpoint?
        for _ in 0..<200 {
            latest = try await log.latestCheckpoint()
            if latest?.treeSize == 3 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(latest?.treeSize == 3)
        try await log.close()
    }

    @Test func reopeningRebuildsTheTreeFromCachedSubtrees() async throws {
        let dir = TemporaryDirectory()
        let key = Curve25519.Signing.PrivateKey()
        var log = try AuditLog(directory: dir.path, options: testOptions(every: 300, key: key))
        var receipts = try await appendConcurrently(log, count: 700)
        try await log.close()
        // Sizes around the 256-leaf cache boundaries, each reopened.
        for more in [1, 88, 300] {
            log = try AuditLog(directory: dir.path, options: testOptions(every: 300, key: key))
            receipts += try await appendConcurrently(log, count: more)
            try await log.close()
        }
        let reader = try AuditReader(directory: dir.path)
        let result = try reader.verifyAll(trustedKeys: [key.publicKey])
        #expect(result.isValid, "\(result.problems)")
        #expect(result.records == 1089)
        var leaves = [MerkleHash](repeating: .emptyTreeRoot, count: receipts.count)
        for receipt in receipts { leaves[Int(receipt.seq)] = receipt.leafHash }
        #expect(result.root.bytes == RFC6962.mth(ArraySlice(leaves.map(\.bytes))))
        let cached = try await DatabaseQueue(path: dir.databasePath).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_subtrees WHERE level = 8") }
        #expect(cached == 4)
    }

    @Test func nulCharactersAreNormalisedAndVerify() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions())
        var entry = sampleEntry(1)
        entry.principal = "evil\u{0}principal"
        entry.detail = "{\"x\":\"a\u{0}b\"}"
        let receipt = try await log.append(entry)
        let record = try #require(try await log.record(seq: receipt.seq))
        #expect(record.entry.principal == "evil\u{FFFD}principal")
        #expect(record.entry.detail == "{\"x\":\"a\u{FFFD}b\"}")
        try await log.checkpoint()
        #expect(try await log.verifyAll().isValid)
        try await log.close()
    }

    @Test func auditLogServesAsAnAuditSink() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions())
        let sink: any AuditSink = log
        await sink.record(sampleEntry(0))
        await sink.record(sampleEntry(1))
        #expect(try await log.count() == 2)
        #expect(log.recordFailures == 0)
        try await log.close()
        await sink.record(sampleEntry(2))   // closed: reported, not thrown
        #expect(log.recordFailures == 1)

        let memory = InMemoryAuditSink()
        await memory.record(sampleEntry(3))
        #expect(await memory.entries == [sampleEntry(3)])
    }

    /// A checkpoint kept outside the data directory catches a history rewritten by someone who also
    /// deleted every stored checkpoint (which `verify` alone cannot notice).
    @Test func externallyKeptCheckpointCatchesARewriteWithDeletedCheckpoints() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 10))
        try await appendSequentially(log, count: 25)
        let kept = try await log.checkpoint()
        try await log.close()
        let note = kept.note
        let parsed = try AuditCheckpoint.parse(note: note, publicKey: log.publicKey)
        #expect(parsed.treeSize == 25 && parsed.rootHash == kept.rootHash && parsed.timeMicros == kept.timeMicros)
        #expect(throws: AuditError.self) { _ = try AuditCheckpoint.parse(note: note, publicKey: Curve25519.Signing.PrivateKey().publicKey) }
        #expect(throws: AuditError.self) {
            _ = try AuditCheckpoint.parse(note: note.replacingOccurrences(of: "\n25\n", with: "\n26\n"), publicKey: log.publicKey)
        }

        let reader = try AuditReader(directory: dir.path)
        #expect(try reader.verifyAll(trustedKeys: [log.publicKey], externalCheckpoints: [parsed]).externalCheckpointsVerified == 1)

        try attack(dir.databasePath) { db in
            var forged = sampleEntry(12)
            forged.decision = .allow
            forged.detail = "{}"
            let leaf = CanonicalRecordEncoder.leafHash(seq: 12, entry: forged)
            try db.execute(sql: "UPDATE audit_records SET decision = 'allow', detail = '{}', leaf_hash = ? WHERE seq = 12", arguments: [leaf.data])
            try db.execute(sql: "DELETE FROM audit_checkpoints")
        }
        let blind = try reader.verifyAll(trustedKeys: [log.publicKey])
        #expect(blind.isValid)              // the limitation the threat model documents …
        #expect(blind.checkpoints == 0)
        #expect(blind.uncheckpointedRecords == 25)
        let withKept = try reader.verifyAll(trustedKeys: [log.publicKey], externalCheckpoints: [parsed])
        let problem = try #require(withKept.firstProblem)   // … and how an exported checkpoint closes it
        #expect(problem.kind == .checkpointMismatch)
        #expect(problem.range == 0..<25)
    }

    @Test func writesThatBypassTheModuleAreRefusedByTriggers() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 100))
        _ = try await appendConcurrently(log, count: 260)
        let db = try DatabaseQueue(path: dir.databasePath)
        let statements = [
            "UPDATE audit_records SET principal = 'mallory' WHERE seq = 3",
            "UPDATE audit_records SET seq = 1000 WHERE seq = 259",
            "DELETE FROM audit_records WHERE seq = 3",
            "DELETE FROM audit_records",
            "INSERT OR REPLACE INTO audit_records SELECT * FROM audit_records WHERE seq = 3",
            "REPLACE INTO audit_records SELECT * FROM audit_records WHERE seq = 3",
            "INSERT INTO audit_records SELECT 1000, time_us, kind, agent_space_id, principal, action, resource, decision, request_id, detail, leaf_hash FROM audit_records WHERE seq = 3",
            "UPDATE audit_checkpoints SET tree_size = 3 WHERE id = 1",
            "DELETE FROM audit_checkpoints WHERE id = 1",
            "INSERT OR REPLACE INTO audit_checkpoints SELECT * FROM audit_checkpoints WHERE id = 1",
            "INSERT INTO audit_checkpoints SELECT 1000, tree_size, root_hash, time_us, public_key, signature FROM audit_checkpoints WHERE id = 1",
            "INSERT INTO audit_checkpoints SELECT (SELECT max(id) + 1 FROM audit_checkpoints), 1, root_hash, time_us, public_key, signature FROM audit_checkpoints WHERE id = 1",
            "INSERT INTO audit_checkpoints SELECT (SELECT max(id) + 1 FROM audit_checkpoints), 5000, root_hash, time_us, public_key, signature FROM audit_checkpoints WHERE id = 1",
            "UPDATE audit_subtrees SET hash = x'00'",
            "DELETE FROM audit_subtrees",
            "INSERT OR REPLACE INTO audit_subtrees VALUES (8, 0, x'00')",
            "INSERT INTO audit_subtrees VALUES (8, 1, x'00')",
        ]
        for sql in statements {
            #expect(throws: DatabaseError.self, "\(sql)") { try db.write { try $0.execute(sql: sql) } }
        }
        do {
            try await db.write { try $0.execute(sql: "DELETE FROM audit_records WHERE seq = 3") }
        } catch let error as DatabaseError {
            #expect(error.message?.contains("append-only") == true)
        }
        try db.close()
        #expect(try await log.count() == 260)
        try await log.checkpoint()
        #expect(try await log.verifyAll().isValid)
        try await log.close()
    }

    /// The module itself contains no statement that changes or removes a row.
    @Test func moduleHasNoCodePathThatModifiesRecords() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/VigilAudit")
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        let forbidden = try NSRegularExpression(pattern: #"(?i)(?<!BEFORE )\b(UPDATE\s+\w+\s+SET|DELETE\s+FROM|REPLACE\s+INTO|INSERT\s+OR\s+REPLACE|DROP\s+(TABLE|TRIGGER)|ON\s+CONFLICT)"#)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            let matches = forbidden.matches(in: text, range: NSRange(text.startIndex..., in: text))
            #expect(matches.isEmpty, "\(file) contains a statement that modifies audit rows")
        }
    }
}

/// Appends `count` entries from 16 concurrent tasks; returns every receipt.
func appendConcurrently(_ log: AuditLog, count: Int) async throws -> [AuditReceipt] {
    try await withThrowingTaskGroup(of: [AuditReceipt].self) { group in
        for t in 0..<16 {
            group.addTask {
                var mine: [AuditReceipt] = []
                for i in stride(from: t, to: count, by: 16) { mine.append(try await log.append(sampleEntry(i))) }
                return mine
            }
        }
        var all: [AuditReceipt] = []
        for try await part in group { all += part }
        return all
    }
}
