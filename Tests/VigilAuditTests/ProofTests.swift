import Crypto
import Foundation
import Testing
@testable import VigilAudit

/// Proofs from the log checked against the independent RFC 6962 implementation in
/// AuditTestSupport.swift (which calls nothing of the module).
@Suite struct ProofTests {
    @Test func inclusionAndConsistencyProofsForEverySizeUpTo70() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 1000))
        let receipts = try await appendSequentially(log, count: 70)
        let leaves = receipts.map(\.leafHash.bytes)
        for n in 1...70 {
            let prefix = leaves[0..<n]
            let root = RFC6962.mth(prefix)
            #expect(try await log.root(size: Int64(n)).bytes == root, "root of \(n)")
            for m in 0..<n {
                let proof = try await log.inclusionProof(seq: Int64(m), treeSize: Int64(n))
                let path = proof.path.map(\.bytes)
                #expect(proof.leafHash.bytes == leaves[m])
                #expect(proof.rootHash.bytes == root)
                #expect(path == RFC6962.path(m, prefix), "path(\(m), \(n))")
                #expect(RFC6962.rootFromPath(m, n, leaves[m], ArraySlice(path)) == root, "independent inclusion \(m) in \(n)")
                #expect(proof.isValid)
            }
            for m in 0...n {
                let proof = try await log.consistencyProof(from: Int64(m), to: Int64(n))
                let path = proof.path.map(\.bytes)
                #expect(proof.fromRoot.bytes == RFC6962.mth(leaves[0..<m]))
                #expect(proof.toRoot.bytes == root)
                #expect(path == RFC6962.proof(m, prefix), "proof(\(m), \(n))")
                #expect(RFC6962.verifyConsistency(m, n, oldRoot: proof.fromRoot.bytes, newRoot: root, proof: path), "independent consistency \(m) → \(n)")
                #expect(proof.isValid)
            }
        }
        try await log.close()
    }

    @Test func tamperedProofsFailBothVerifiers() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 1000))
        let receipts = try await appendSequentially(log, count: 70)
        let leaves = receipts.map(\.leafHash.bytes)
        for (m, n) in [(0, 2), (5, 13), (12, 13), (31, 64), (63, 64), (64, 70), (69, 70), (33, 50)] {
            let proof = try await log.inclusionProof(seq: Int64(m), treeSize: Int64(n))
            let root = RFC6962.mth(leaves[0..<n])
            for i in proof.path.indices {
                var bad = proof
                var bytes = bad.path[i].bytes
                bytes[i % 32] ^= 1
                bad.path[i] = MerkleHash(bytes: bytes)!
                #expect(!bad.isValid)
                #expect(RFC6962.rootFromPath(m, n, leaves[m], ArraySlice(bad.path.map(\.bytes))) != root)
            }
            var shorter = proof
            shorter.path.removeLast()
            #expect(!shorter.isValid)
            var longer = proof
            longer.path.append(proof.leafHash)
            #expect(!longer.isValid)
            #expect(!MerkleTree.verifyInclusion(leafIndex: Int64((m + 1) % n), treeSize: Int64(n), leafHash: proof.leafHash, path: proof.path, root: proof.rootHash) || n == 1)
            #expect(!MerkleTree.verifyInclusion(leafIndex: Int64(m), treeSize: Int64(n), leafHash: MerkleHash(bytes: leaves[(m + 1) % n])!, path: proof.path, root: proof.rootHash))
        }
        for (m, n) in [(1, 2), (3, 7), (4, 8), (6, 8), (16, 70), (31, 33), (50, 70)] {
            let proof = try await log.consistencyProof(from: Int64(m), to: Int64(n))
            for i in proof.path.indices {
                var bad = proof
                var bytes = bad.path[i].bytes
                bytes[0] ^= 0x80
                bad.path[i] = MerkleHash(bytes: bytes)!
                #expect(!bad.isValid)
                #expect(!RFC6962.verifyConsistency(m, n, oldRoot: proof.fromRoot.bytes, newRoot: proof.toRoot.bytes, proof: bad.path.map(\.bytes)))
            }
            var wrongOld = proof
            wrongOld.fromRoot = try await log.root(size: Int64(m - 1))
            #expect(!wrongOld.isValid)
            var empty = proof
            empty.path = []
            #expect(!empty.isValid)
        }
        try await log.close()
    }

    /// Above 256 records the proofs come partly from the cached subtree roots.
    @Test func proofsOverCachedSubtreesMatchTheIndependentTree() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 400))
        let receipts = try await appendConcurrently(log, count: 1100)
        var leaves = [[UInt8]](repeating: [], count: receipts.count)
        for receipt in receipts { leaves[Int(receipt.seq)] = receipt.leafHash.bytes }
        for n in [256, 257, 300, 511, 512, 513, 800, 1024, 1025, 1100] {
            let prefix = leaves[0..<n]
            let root = RFC6962.mth(prefix)
            for m in Set([0, 1, 255, 256, 257, 511, 512, 700, 1023, 1024, 1099, n - 1]).filter({ $0 < n }).sorted() {
                let proof = try await log.inclusionProof(seq: Int64(m), treeSize: Int64(n))
                #expect(proof.path.map(\.bytes) == RFC6962.path(m, prefix), "path(\(m), \(n))")
                #expect(RFC6962.rootFromPath(m, n, leaves[m], ArraySlice(proof.path.map(\.bytes))) == root)
            }
            for m in [1, 100, 256, 257, 512, 700, n] where m <= n {
                let proof = try await log.consistencyProof(from: Int64(m), to: Int64(n))
                #expect(proof.path.map(\.bytes) == RFC6962.proof(m, prefix), "proof(\(m), \(n))")
                #expect(RFC6962.verifyConsistency(m, n, oldRoot: RFC6962.mth(leaves[0..<m]), newRoot: root, proof: proof.path.map(\.bytes)))
            }
        }
        try await log.close()
    }

    @Test func proofAgainstTheLatestCheckpointAndConsistencyBetweenCheckpoints() async throws {
        let dir = TemporaryDirectory()
        let log = try AuditLog(directory: dir.path, options: testOptions(every: 10))
        try await appendSequentially(log, count: 25)
        let proof = try await log.inclusionProof(seq: 7)
        let checkpoint = try #require(proof.checkpoint)
        #expect(checkpoint.treeSize == 20)
        #expect(proof.treeSize == 20 && proof.rootHash == checkpoint.rootHash && proof.isValid)
        #expect(checkpoint.isValidSignature(for: log.publicKey))
        await #expect(throws: AuditError.self) { _ = try await log.inclusionProof(seq: 22) }   // not yet checkpointed
        await #expect(throws: AuditError.self) { _ = try await log.inclusionProof(seq: 99) }
        try await log.close()

        let reader = try AuditReader(directory: dir.path)
        #expect(try reader.inclusionProof(seq: 22).treeSize == 25)
        let checkpoints = try reader.checkpoints()
        for (a, b) in zip(checkpoints, checkpoints.dropFirst()) {
            let consistency = try reader.consistencyProof(from: a.treeSize, to: b.treeSize)
            #expect(MerkleTree.verifyConsistency(oldSize: a.treeSize, newSize: b.treeSize, oldRoot: a.rootHash, newRoot: b.rootHash, proof: consistency.path))
        }
        #expect(throws: AuditError.self) { _ = try reader.consistencyProof(from: 5, to: 26) }
    }

    @Test func emptyTreeRootIsTheHashOfNothing() {
        #expect(MerkleTree.root(ofLeaves: []).bytes == RFC6962.sha256([]))
        #expect(MerkleTree.verifyConsistency(oldSize: 0, newSize: 5, oldRoot: .emptyTreeRoot, newRoot: .emptyTreeRoot, proof: []))
    }
}
