import Crypto
import Foundation
import GRDB
@testable import VigilAudit

/// A fresh temporary data directory, removed when the test ends.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "vigil-audit-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var databasePath: String { (path as NSString).appendingPathComponent("audit.sqlite") }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Options without the timer (tests that want it set an interval).
func testOptions(every: Int = 10, interval: Double = 0, key: Curve25519.Signing.PrivateKey? = nil) -> AuditLogOptions {
    AuditLogOptions(signingKey: key, checkpointEveryRecords: every, checkpointInterval: interval, environment: [:])
}

/// A varied entry: every kind and decision, with and without a space, non-ASCII text.
func sampleEntry(_ i: Int) -> AuditEntry {
    let kinds = AuditKind.allCases
    let decisions = AuditDecision.allCases
    return AuditEntry(
        kind: kinds[i % kinds.count],
        agentSpaceId: i % 3 == 0 ? nil : "space-\(i % 4)",
        principal: "arn:aws:iam::123456789012:user/alice-\(i % 7)",
        action: i % 2 == 0 ? "aidevops:CreateBacklogTask" : "tool:cloudwatch.get_metric_data",
        resource: "arn:aws:aidevops:us-east-1:123456789012:agentspace/space-\(i % 4)/task/t-\(i)",
        decision: decisions[i % decisions.count],
        requestId: "req-\(i)",
        detail: #"{"n":\#(i),"note":"ünïcødé ✓","empty":""}"#,
        time: Date(timeIntervalSince1970: 1_750_000_000 + Double(i) * 0.001_5))
}

/// Appends `count` sample entries one after another (so seq i holds sampleEntry(i)).
@discardableResult
func appendSequentially(_ log: AuditLog, count: Int, offset: Int = 0) async throws -> [AuditReceipt] {
    var receipts: [AuditReceipt] = []
    for i in offset..<(offset + count) { receipts.append(try await log.append(sampleEntry(i))) }
    return receipts
}

/// Opens the audit file as an attacker would: plain SQLite, triggers dropped.
func attack(_ databasePath: String, _ body: (Database) throws -> Void) throws {
    let queue = try DatabaseQueue(path: databasePath)
    try queue.writeWithoutTransaction { db in
        for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
            try db.execute(sql: "DROP TRIGGER \(trigger)")
        }
        try body(db)
    }
    try queue.close()
}

// MARK: - An independent RFC 6962 implementation (straight from the RFC's recursive definitions)

enum RFC6962 {
    static func sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
    static func leaf(_ data: [UInt8]) -> [UInt8] { sha256([0x00] + data) }
    static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] { sha256([0x01] + left + right) }

    /// Largest power of two strictly less than n.
    static func k(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// MTH(D[n]) over leaf hashes.
    static func mth(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        switch leaves.count {
        case 0: return sha256([])
        case 1: return leaves.first!
        default:
            let k = k(leaves.count)
            let mid = leaves.startIndex + k
            return node(mth(leaves[leaves.startIndex..<mid]), mth(leaves[mid...]))
        }
    }

    /// PATH(m, D[n]).
    static func path(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        let n = leaves.count
        if n <= 1 { return [] }
        let k = k(n)
        let mid = leaves.startIndex + k
        if m < k { return path(m, leaves[leaves.startIndex..<mid]) + [mth(leaves[mid...])] }
        return path(m - k, leaves[mid...]) + [mth(leaves[leaves.startIndex..<mid])]
    }

    /// PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
    static func proof(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        if m == 0 || m == leaves.count { return [] }
        return subproof(m, leaves, true)
    }

    static func subproof(_ m: Int, _ leaves: ArraySlice<[UInt8]>, _ b: Bool) -> [[UInt8]] {
        let n = leaves.count
        if m == n { return b ? [] : [mth(leaves)] }
        let k = k(n)
        let mid = leaves.startIndex + k
        if m <= k { return subproof(m, leaves[leaves.startIndex..<mid], b) + [mth(leaves[mid...])] }
        return subproof(m - k, leaves[mid...], false) + [mth(leaves[leaves.startIndex..<mid])]
    }

    /// Recomputes the root from a leaf and its audit path, following the same recursion.
    static func rootFromPath(_ m: Int, _ n: Int, _ leaf: [UInt8], _ path: ArraySlice<[UInt8]>) -> [UInt8]? {
        if n == 1 { return path.isEmpty ? leaf : nil }
        guard let sibling = path.last else { return nil }
        let rest = path.dropLast()
        let k = k(n)
        if m < k {
            return rootFromPath(m, k, leaf, rest).map { node($0, sibling) }
        }
        return rootFromPath(m - k, n - k, leaf, rest).map { node(sibling, $0) }
    }

    /// Recomputes (old root, new root) from a consistency proof by walking SUBPROOF's recursion
    /// backwards; the proof holds iff both match.
    static func verifyConsistency(_ m: Int, _ n: Int, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]) -> Bool {
        if m == n { return proof.isEmpty && oldRoot == newRoot }
        if m == 0 { return proof.isEmpty }
        guard let (old, new) = walk(m, n, ArraySlice(proof), true, oldRoot) else { return false }
        return old == oldRoot && new == newRoot
    }

    private static func walk(_ m: Int, _ n: Int, _ proof: ArraySlice<[UInt8]>, _ b: Bool, _ oldRoot: [UInt8]) -> ([UInt8], [UInt8])? {
        if m == n {
            if b { return proof.isEmpty ? (oldRoot, oldRoot) : nil }
            return proof.count == 1 ? (proof.first!, proof.first!) : nil
        }
        guard let last = proof.last else { return nil }
        let rest = proof.dropLast()
        let k = k(n)
        if m <= k {
            guard let (old, new) = walk(m, k, rest, b, oldRoot) else { return nil }
            return (old, node(new, last))
        }
        guard let (old, new) = walk(m - k, n - k, rest, false, oldRoot) else { return nil }
        return (node(last, old), node(last, new))
    }
}
