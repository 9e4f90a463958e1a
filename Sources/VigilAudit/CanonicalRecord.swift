import Crypto
import Foundation

/// The canonical bytes of a record, which its leaf hash covers (format version 1):
///
///     u8  0x01                      format version
///     u64 seq                       big-endian; the leaf index, so a moved record no longer matches
///     i64 time                      microseconds since 1970-01-01T00:00:00Z, big-endian
///     field kind
///     opt agentSpaceId              u8 0 when absent, else u8 1 then the field
///     field principal, action, resource, decision, requestId, detail
///
/// where a field is a u32 big-endian byte length followed by the UTF-8 bytes. The leaf hash is
/// SHA-256(0x00 || these bytes). The encoder keeps the 0x00 prefix at the front of its buffer so
/// one hash call covers it.
public struct CanonicalRecordEncoder {
    public static let formatVersion: UInt8 = 1
    private(set) var buffer: [UInt8] = []

    public init() { buffer.reserveCapacity(1024) }

    mutating func begin(seq: Int64, timeMicros: Int64) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(0x00)
        buffer.append(Self.formatVersion)
        appendBigEndian(UInt64(bitPattern: seq))
        appendBigEndian(UInt64(bitPattern: timeMicros))
    }

    private mutating func appendBigEndian(_ value: UInt64) {
        var v = value.bigEndian
        Swift.withUnsafeBytes(of: &v) { buffer.append(contentsOf: $0) }
    }

    private mutating func appendLength(_ count: Int) {
        var v = UInt32(truncatingIfNeeded: count).bigEndian
        Swift.withUnsafeBytes(of: &v) { buffer.append(contentsOf: $0) }
    }

    mutating func field(_ string: String) {
        var s = string
        s.withUTF8 { utf8 in
            appendLength(utf8.count)
            buffer.append(contentsOf: utf8)
        }
    }

    mutating func field(raw: UnsafeRawBufferPointer) {
        appendLength(raw.count)
        buffer.append(contentsOf: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
    }

    mutating func absent() { buffer.append(0) }
    mutating func present() { buffer.append(1) }

    /// Encodes a whole record.
    public mutating func encode(seq: Int64, timeMicros: Int64, entry: AuditEntry) {
        begin(seq: seq, timeMicros: timeMicros)
        field(entry.kind.rawValue)
        if let space = entry.agentSpaceId { present(); field(space) } else { absent() }
        field(entry.principal)
        field(entry.action)
        field(entry.resource)
        field(entry.decision.rawValue)
        field(entry.requestId)
        field(entry.detail)
    }

    /// The canonical bytes (without the leaf prefix).
    public var canonicalBytes: [UInt8] { Array(buffer.dropFirst()) }

    /// SHA-256(0x00 || canonical bytes).
    public var leafHash: MerkleHash {
        buffer.withUnsafeBytes { MerkleTree.prefixedLeafHash($0) }
    }

    /// The leaf hash of one record, as `append` computes it.
    public static func leafHash(seq: Int64, entry: AuditEntry) -> MerkleHash {
        let normalized = entry.normalized
        var encoder = CanonicalRecordEncoder()
        encoder.encode(seq: seq, timeMicros: AuditTime.micros(normalized.time), entry: normalized)
        return encoder.leafHash
    }
}
