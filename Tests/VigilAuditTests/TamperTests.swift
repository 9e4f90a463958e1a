import Crypto
import Foundation
import GRDB
import Testing
@testable import VigilAudit

/// Someone with write access to `audit.sqlite` (but not the signing key) drops the triggers and
/// changes the file; `verifyAll` must fail and name the first bad record.
@Suite struct TamperTests {
    /// A closed log of 40 records (checkpoints at 10, 20, 30, 40), and its public key.
    private func makeLog() async throws -> (TemporaryDirectory, Curve25519.Signing.PublicKey) {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 10))
        try await appendSequentially(log, count: 40)
        try await log.close()
        let intact = try AuditReader(directory: dir.path).verifyAll(trustedKeys: [log.publicKey])
        #expect(intact.isValid, "\(intact.problems)")
        #expect(intact.checkpointsVerified == 4)
        return (dir, log.publicKey)
    }

    private func verifyAfter(_ body: (Database) throws -> Void) async throws -> AuditVerification {
        let (dir, key) = try await makeLog()
        try attack(dir.databasePath, body)
        let result = try AuditReader(directory: dir.path).verifyAll(trustedKeys: [key])
        #expect(!result.isValid)
        return result
    }

    /// Moves row `from` to position `to` (which must be free).
    private func move(_ db: Database, _ from: Int64, to: Int64) throws {
        try db.execute(sql: "UPDATE audit_records SET seq = ? WHERE seq = ?", arguments: [to, from])
    }

    @Test func editedFieldIsNamed() async throws {
        let result = try await verifyAfter { db in
            try db.execute(sql: "UPDATE audit_records SET decision = 'allow', principal = 'mallory' WHERE seq = 17")
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .edited)
        #expect(problem.seq == 17)
        #expect(result.problems.count == 1)   // the tree still uses the stored leaf hashes: checkpoints hold
    }

    @Test func everyEditedColumnIsNamed() async throws {
        for change in ["detail = '{\"n\":0}'", "time_us = time_us + 1", "agent_space_id = NULL", "kind = 'action'",
                       "request_id = 'req-0'", "resource = ''", "leaf_hash = randomblob(32)", "leaf_hash = x'00'"] {
            let result = try await verifyAfter { db in
                try db.execute(sql: "UPDATE audit_records SET \(change) WHERE seq IN (5, 23)")
            }
            #expect(result.firstProblem?.kind == .edited, "\(change)")
            #expect(result.firstProblem?.seq == 5, "\(change)")
        }
    }

    @Test func deletedRecordIsNamedAsAGap() async throws {
        let result = try await verifyAfter { db in
            try db.execute(sql: "DELETE FROM audit_records WHERE seq = 17")
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .deleted)
        #expect(problem.seq == 17)
        #expect(problem.message.contains("record 17 is missing"))
    }

    @Test func deletedRecordWithRenumberedSuccessorsIsNamed() async throws {
        let result = try await verifyAfter { db in
            try db.execute(sql: "DELETE FROM audit_records WHERE seq = 17")
            for seq in Int64(18)..<40 { try move(db, seq, to: seq - 1) }
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .deleted)
        #expect(problem.seq == 17)
    }

    @Test func severalDeletedRecordsWithRenumberingAreNamed() async throws {
        let result = try await verifyAfter { db in
            try db.execute(sql: "DELETE FROM audit_records WHERE seq IN (17, 18, 19)")
            for seq in Int64(20)..<40 { try move(db, seq, to: seq - 3) }
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .deleted)
        #expect(problem.seq == 17)
        #expect(problem.range == 17..<20)
    }

    @Test func deletedTailIsNamedFromTheCheckpoint() async throws {
        let result = try await verifyAfter { db in
            try db.execute(sql: "DELETE FROM audit_records WHERE seq >= 35")
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .deleted)
        #expect(problem.seq == 35)
        #expect(problem.range == 35..<40)
    }

    @Test func rowBeforeTheFirstPositionIsNamedAsInserted() async throws {
        let result = try await verifyAfter { db in
            try db.execute(sql: "INSERT INTO audit_records SELECT -1, time_us, kind, agent_space_id, principal, action, resource, decision, request_id, detail, leaf_hash FROM audit_records WHERE seq = 0")
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .inserted)
        #expect(problem.seq == -1)
    }

    @Test func aGapAfterTheFirstProblemIsReportedToo() async throws {
        let result = try await verifyAfter { db in
            try db.execute(sql: "UPDATE audit_records SET principal = 'mallory' WHERE seq = 5")
            try db.execute(sql: "DELETE FROM audit_records WHERE seq = 30")
        }
        #expect(result.firstProblem?.kind == .edited && result.firstProblem?.seq == 5)
        #expect(result.problems.contains { $0.kind == .deleted && $0.seq == 30 })
        #expect(!result.problems.contains { $0.message.contains("log ends at") })
    }

    @Test func swappedRecordsAreNamedAsReordered() async throws {
        let result = try await verifyAfter { db in
            try move(db, 17, to: -1)
            try move(db, 18, to: 17)
            try move(db, -1, to: 18)
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .reordered)
        #expect(problem.seq == 17)
    }

    @Test func recordMovedLaterIsNamedAsReordered() async throws {
        let result = try await verifyAfter { db in
            try move(db, 12, to: -1)
            for seq in Int64(13)...16 { try move(db, seq, to: seq - 1) }
            try move(db, -1, to: 16)
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .reordered)
        #expect(problem.seq == 12)
    }

    /// Makes room at `at` by renumbering everything after it, then inserts a forged record.
    private func insertForged(_ db: Database, at: Int64, recomputeLeafHash: Bool) throws {
        for seq in stride(from: Int64(39), through: at, by: -1) { try move(db, seq, to: seq + 1) }
        var forged = sampleEntry(99)
        forged.principal = "arn:aws:iam::123456789012:user/mallory"
        forged.time = sampleEntry(Int(at)).time
        let leaf = recomputeLeafHash
            ? CanonicalRecordEncoder.leafHash(seq: at, entry: forged)
            : MerkleHash(bytes: (0..<32).map { UInt8($0) })!
        let n = forged.normalized
        try db.execute(sql: """
            INSERT INTO audit_records (seq, time_us, kind, agent_space_id, principal, action, resource, decision, request_id, detail, leaf_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [at, Int64((n.time.timeIntervalSince1970 * 1_000_000).rounded()), n.kind.rawValue, n.agentSpaceId,
                             n.principal, n.action, n.resource, n.decision.rawValue, n.requestId, n.detail, leaf.data])
    }

    @Test func insertedRecordIsNamed() async throws {
        let result = try await verifyAfter { db in try insertForged(db, at: 17, recomputeLeafHash: false) }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .inserted)
        #expect(problem.seq == 17)
    }

    @Test func insertedRecordWithAValidLeafHashIsNamed() async throws {
        let result = try await verifyAfter { db in try insertForged(db, at: 17, recomputeLeafHash: true) }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .inserted)
        #expect(problem.seq == 17)
        #expect(result.problems.contains { $0.kind == .checkpointMismatch && $0.range == 10..<20 })
    }

    @Test func appendedRowWithAForgedLeafHashIsNamed() async throws {
        let result = try await verifyAfter { db in
            try db.execute(sql: "INSERT INTO audit_records SELECT 40, time_us, kind, agent_space_id, 'mallory', action, resource, decision, request_id, detail, leaf_hash FROM audit_records WHERE seq = 39")
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.seq == 40)
        #expect(problem.kind == .reordered || problem.kind == .edited)
    }

    /// An attacker who knows the format rewrites a record and its leaf hash: no single row is
    /// inconsistent, and the signed checkpoints bound where the change is.
    @Test func rewriteWithRecomputedLeafHashIsCaughtByTheCheckpoints() async throws {
        let result = try await verifyAfter { db in
            var forged = sampleEntry(17)
            forged.decision = .allow
            let leaf = CanonicalRecordEncoder.leafHash(seq: 17, entry: forged)
            try db.execute(sql: "UPDATE audit_records SET decision = 'allow', leaf_hash = ? WHERE seq = 17", arguments: [leaf.data])
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .checkpointMismatch)
        #expect(problem.checkpointId == 2)
        #expect(problem.range == 10..<20)
        #expect(result.checkpointsVerified == 1)
    }

    @Test func forgedCheckpointSignatureIsNamed() async throws {
        let result = try await verifyAfter { db in
            let signature = try #require(try Data.fetchOne(db, sql: "SELECT signature FROM audit_checkpoints WHERE id = 2"))
            var forged = signature
            forged[5] ^= 0x40
            try db.execute(sql: "UPDATE audit_checkpoints SET signature = ? WHERE id = 2", arguments: [forged])
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .checkpointSignature)
        #expect(problem.checkpointId == 2)
        #expect(result.checkpointsVerified == 3)
    }

    @Test func checkpointRewrittenToMatchEditedRecordsWithoutTheKeyIsNamed() async throws {
        let result = try await verifyAfter { db in
            // Rewrite record 17 with a valid leaf hash and move checkpoint 2's root to match.
            var forged = sampleEntry(17)
            forged.decision = .allow
            let leaf = CanonicalRecordEncoder.leafHash(seq: 17, entry: forged)
            try db.execute(sql: "UPDATE audit_records SET decision = 'allow', leaf_hash = ? WHERE seq = 17", arguments: [leaf.data])
            let leaves = try Data.fetchAll(db, sql: "SELECT leaf_hash FROM audit_records WHERE seq < 20 ORDER BY seq").map { MerkleHash(bytes: $0)! }
            try db.execute(sql: "UPDATE audit_checkpoints SET root_hash = ? WHERE id = 2", arguments: [MerkleTree.root(ofLeaves: leaves).data])
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .checkpointSignature)
        #expect(problem.checkpointId == 2)
        #expect(result.problems.contains { $0.kind == .checkpointMismatch && $0.checkpointId == 3 && $0.range == 10..<30 })
    }

    @Test func checkpointSignedWithAnotherKeyIsNamed() async throws {
        let result = try await verifyAfter { db in
            let mallory = Curve25519.Signing.PrivateKey()
            let row = try #require(try Row.fetchOne(db, sql: "SELECT tree_size, root_hash, time_us FROM audit_checkpoints WHERE id = 3"))
            let message = AuditCheckpoint.signedMessage(treeSize: row[0], rootHash: MerkleHash(bytes: row[1] as Data)!, timeMicros: row[2])
            try db.execute(sql: "UPDATE audit_checkpoints SET public_key = ?, signature = ? WHERE id = 3",
                           arguments: [mallory.publicKey.rawRepresentation, try mallory.signature(for: message)])
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .checkpointUntrustedKey)
        #expect(problem.checkpointId == 3)
    }

    @Test func deletedCheckpointIsNamed() async throws {
        let result = try await verifyAfter { db in
            try db.execute(sql: "DELETE FROM audit_checkpoints WHERE id = 2")
        }
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .checkpointMissing)
        #expect(problem.checkpointId == 2)
    }

    @Test func alteredSubtreeCacheIsReported() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 100))
        _ = try await appendConcurrently(log, count: 300)
        try await log.close()
        try attack(dir.databasePath) { db in
            try db.execute(sql: "UPDATE audit_subtrees SET hash = randomblob(32) WHERE level = 8 AND idx = 0")
        }
        let result = try AuditReader(directory: dir.path).verifyAll(trustedKeys: [log.publicKey])
        let problem = try #require(result.firstProblem)
        #expect(problem.kind == .subtreeMismatch)
        #expect(problem.range == 0..<256)
        #expect(result.checkpointsVerified == result.checkpoints)   // the records themselves are intact
    }

    @Test func proofsRefuseARecordThatNoLongerMatches() async throws {
        let (dir, _) = try await makeLog()
        try attack(dir.databasePath) { db in
            try db.execute(sql: "UPDATE audit_records SET principal = 'mallory' WHERE seq = 3")
        }
        let reader = try AuditReader(directory: dir.path)
        #expect(throws: AuditError.self) { _ = try reader.inclusionProof(seq: 3) }
        #expect(try reader.inclusionProof(seq: 4).isValid)
    }
}
