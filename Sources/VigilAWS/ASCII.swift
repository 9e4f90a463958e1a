/// Byte-level ASCII helpers: the hot path of verification avoids Foundation's `String`
/// methods, which cost microseconds each on Linux.
enum ASCII {
    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }

    /// `slice` without leading and trailing spaces and tabs.
    static func trim<C: BidirectionalCollection>(_ slice: C) -> C.SubSequence where C.Element == UInt8 {
        var start = slice.startIndex
        var end = slice.endIndex
        while start < end, isBlank(slice[start]) { start = slice.index(after: start) }
        while end > start, isBlank(slice[slice.index(before: end)]) { end = slice.index(before: end) }
        return slice[start..<end]
    }

    /// `string` without leading and trailing spaces and tabs.
    static func trim(_ string: String) -> String {
        let utf8 = string.utf8
        guard let first = utf8.first, let last = utf8.last else { return string }
        if !isBlank(first) && !isBlank(last) { return string }
        return String(decoding: trim(utf8), as: UTF8.self)
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    static func lowercased(_ string: String) -> String {
        if !string.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            return string
        }
        return String(decoding: string.utf8.map(lower), as: UTF8.self)
    }

    /// ASCII case-insensitive comparison without allocating.
    static func caseInsensitiveEquals(_ lhs: String, _ rhs: String) -> Bool {
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil):
                return true
            case let (a?, b?):
                if a != b && lower(a) != lower(b) { return false }
            default:
                return false
            }
        }
    }
}
