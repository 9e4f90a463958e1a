/// A range of bytes in an arena.
struct ByteRange: Sendable, Hashable {
    var start: Int32
    var count: Int32

    static let empty = ByteRange(start: 0, count: 0)
}

/// FNV-1a over bytes; never 0 (0 marks an empty slot).
@inline(__always)
func keyHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash == 0 ? 1 : hash
}

func keyHash(_ text: String) -> UInt64 { withUTF8Bytes(text) { keyHash($0) } }

/// The request-context keys packed for evaluation: every (lowercased) key and value in one byte
/// arena, and an open-addressing table keyed by a hash the compiled policy computed in advance.
/// Lookups neither hash strings nor touch reference counts. Immutable once built.
final class ContextTable: @unchecked Sendable {
    struct Slot {
        var hash: UInt64
        var key: ByteRange
        var valueStart: Int32
        var valueCount: Int32
    }

    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let values: UnsafeMutableBufferPointer<ByteRange>
    private let slots: UnsafeMutableBufferPointer<Slot>
    private let mask: Int

    /// `storage` keys must already be lowercased.
    init(_ storage: [String: [String]]) {
        var arena: [UInt8] = []
        var ranges: [ByteRange] = []
        var entries: [Slot] = []
        for (key, list) in storage where !list.isEmpty {
            let keyStart = arena.count
            arena.append(contentsOf: key.utf8)
            let keyRange = ByteRange(start: Int32(keyStart), count: Int32(arena.count - keyStart))
            let valueStart = ranges.count
            for value in list {
                let start = arena.count
                arena.append(contentsOf: value.utf8)
                ranges.append(ByteRange(start: Int32(start), count: Int32(arena.count - start)))
            }
            entries.append(Slot(hash: keyHash(key), key: keyRange, valueStart: Int32(valueStart),
                                valueCount: Int32(list.count)))
        }
        var capacity = 8
        while capacity < entries.count * 2 { capacity *= 2 }
        mask = capacity - 1
        bytes = .allocate(capacity: max(arena.count, 1))
        _ = bytes.initialize(from: arena)
        values = .allocate(capacity: max(ranges.count, 1))
        _ = values.initialize(from: ranges)
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(hash: 0, key: .empty, valueStart: 0, valueCount: 0))
        for entry in entries {
            var index = Int(truncatingIfNeeded: entry.hash) & mask
            while slots[index].hash != 0 { index = (index + 1) & mask }
            slots[index] = entry
        }
    }

    deinit {
        bytes.deallocate()
        values.deallocate()
        slots.deallocate()
    }

    /// The value ranges of the key with this hash and these (lowercased) bytes; nil when absent.
    @inline(__always)
    func lookup(hash: UInt64, key: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<ByteRange>? {
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot.hash == 0 { return nil }
            if slot.hash == hash, slot.key.count == key.count, equalBytes(self.bytes(slot.key), key) {
                return UnsafeBufferPointer(rebasing: values[Int(slot.valueStart)..<Int(slot.valueStart + slot.valueCount)])
            }
            index = (index + 1) & mask
        }
    }

    @inline(__always)
    func bytes(_ range: ByteRange) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(range.start)..<Int(range.start + range.count)])
    }
}

@inline(__always)
func equalBytes(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
    guard lhs.count == rhs.count else { return false }
    guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return lhs.count == 0 }
    return memcmpBytes(left, right, lhs.count)
}

@inline(__always)
private func memcmpBytes(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for index in 0..<count where lhs[index] != rhs[index] { return false }
    return true
}
