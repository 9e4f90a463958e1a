import Crypto
import Foundation

/// A SHA-256 value held inline (32 bytes, no allocation): a leaf or interior node of the audit tree.
public struct MerkleHash: Hashable, Sendable, CustomStringConvertible {
    var words: (UInt64, UInt64, UInt64, UInt64)

    init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    init(raw: UnsafeRawBufferPointer) {
        precondition(raw.count == 32)
        words = (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    init(digest: SHA256Digest) {
        self = digest.withUnsafeBytes { MerkleHash(raw: $0) }
    }

    /// The hash from exactly 32 bytes; nil for any other length.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 32 else { return nil }
        let array = Array(bytes)
        self = array.withUnsafeBytes { MerkleHash(raw: $0) }
    }

    public init?(hex: String) {
        let chars = Array(hex.utf8)
        guard chars.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            case 0x41...0x46: return c - 0x41 + 10
            default: return nil
            }
        }
        for i in stride(from: 0, to: 64, by: 2) {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
        }
        self.init(bytes: bytes)
    }

    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64) else { return nil }
        self.init(bytes: data)
    }

    /// SHA-256 of the empty string: the root of the empty tree (RFC 6962 §2.1).
    public static let emptyTreeRoot = MerkleHash(digest: SHA256.hash(data: [UInt8]()))

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = words
        return try Swift.withUnsafeBytes(of: &copy) { try body($0) }
    }

    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }
    public var data: Data { withUnsafeBytes { Data($0) } }
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        withUnsafeBytes { for b in $0 { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) } }
        return String(decoding: out, as: UTF8.self)
    }
    public var base64: String { data.base64EncodedString() }
    public var description: String { hex }

    /// Compares with raw bytes (a stored column) without allocating.
    func equals(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard raw.count == 32 else { return false }
        return MerkleHash(raw: raw) == self
    }

    public static func == (a: MerkleHash, b: MerkleHash) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0); hasher.combine(words.1); hasher.combine(words.2); hasher.combine(words.3)
    }
}

/// RFC 6962 / RFC 9162 Merkle tree hashing, proofs and their verification (Certificate Transparency
/// layout: a tree of any size, the left subtree always the largest power of two below the size).
public enum MerkleTree {
    /// SHA-256(0x00 || data): the hash of one leaf.
    public static func leafHash<Bytes: Sequence>(_ data: Bytes) -> MerkleHash where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(data))
        return MerkleHash(digest: hasher.finalize())
    }

    /// SHA-256 over bytes that already start with the 0x00 leaf prefix.
    static func prefixedLeafHash(_ raw: UnsafeRawBufferPointer) -> MerkleHash {
        MerkleHash(digest: SHA256.hash(data: raw))
    }

    /// SHA-256(0x01 || left || right): the hash of an interior node.
    public static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 0x01
            left.withUnsafeBytes { buffer.baseAddress!.advanced(by: 1).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            right.withUnsafeBytes { buffer.baseAddress!.advanced(by: 33).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            return MerkleHash(digest: SHA256.hash(data: UnsafeRawBufferPointer(buffer)))
        }
    }

    /// MTH over a list of leaf hashes.
    public static func root(ofLeaves leaves: [MerkleHash]) -> MerkleHash {
        var frontier = MerkleFrontier()
        for leaf in leaves { frontier.append(leaf) }
        return frontier.root
    }

    /// The largest power of two strictly below `n` (n ≥ 2).
    static func split(_ n: Int64) -> Int64 {
        precondition(n >= 2)
        return Int64(1) << (63 - (n - 1).leadingZeroBitCount)
    }

    /// The root that an inclusion proof leads to (RFC 9162 §2.1.3.2), or nil when the proof's shape
    /// does not fit the index and size.
    public static func rootFromInclusionProof(leafIndex: Int64, treeSize: Int64, leafHash: MerkleHash, path: [MerkleHash]) -> MerkleHash? {
        guard leafIndex >= 0, leafIndex < treeSize else { return nil }
        var fn = leafIndex
        var sn = treeSize - 1
        var r = leafHash
        for p in path {
            if sn == 0 { return nil }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }

    public static func verifyInclusion(leafIndex: Int64, treeSize: Int64, leafHash: MerkleHash, path: [MerkleHash], root: MerkleHash) -> Bool {
        rootFromInclusionProof(leafIndex: leafIndex, treeSize: treeSize, leafHash: leafHash, path: path) == root
    }

    /// Checks that the tree of size `oldSize` with root `oldRoot` is a prefix of the tree of size
    /// `newSize` with root `newRoot` (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(oldSize: Int64, newSize: Int64, oldRoot: MerkleHash, newRoot: MerkleHash, proof: [MerkleHash]) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }
        guard !proof.isEmpty else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}

/// The right edge of a growing tree: the roots of its perfect subtrees, largest (leftmost) first,
/// one per set bit of `size`. Appending a leaf costs one interior hash on average; the root folds
/// them right to left (RFC 6962's MTH for any size).
public struct MerkleFrontier: Sendable, Equatable {
    public private(set) var size: Int64 = 0
    public private(set) var nodes: [MerkleHash] = []

    public init() {}

    init(size: Int64, nodes: [MerkleHash]) {
        precondition(size.nonzeroBitCount == nodes.count)
        self.size = size
        self.nodes = nodes
    }

    public mutating func append(_ leaf: MerkleHash) {
        append(leaf) { _, _, _ in }
    }

    /// Appends a leaf, calling `completed(height, index, hash)` for every perfect subtree of height
    /// ≥ 1 that the leaf completes (index counts subtrees of that height from the left).
    mutating func append(_ leaf: MerkleHash, completed: (Int, Int64, MerkleHash) throws -> Void) rethrows {
        var hash = leaf
        var s = size
        var height = 0
        while s & 1 == 1 {
            hash = MerkleTree.nodeHash(nodes.removeLast(), hash)
            s >>= 1
            height += 1
            try completed(height, size >> height, hash)
        }
        nodes.append(hash)
        size += 1
    }

    public var root: MerkleHash {
        guard var r = nodes.last else { return .emptyTreeRoot }
        var i = nodes.count - 2
        while i >= 0 {
            r = MerkleTree.nodeHash(nodes[i], r)
            i -= 1
        }
        return r
    }
}
