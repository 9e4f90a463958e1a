/// An IPv4 or IPv6 address as 128 bits (IPv4 in the low 32 bits). IPv4-mapped IPv6 addresses
/// (`::ffff:192.0.2.1`) are read as IPv4, so either spelling matches an IPv4 block. Parsing works
/// on bytes and does not allocate.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64
    public var isIPv4: Bool

    public init?(_ text: String) {
        guard let parsed = withUTF8Bytes(text, { IPAddress.parse($0) }) else { return nil }
        self = parsed
    }

    init(high: UInt64, low: UInt64, isIPv4: Bool) {
        self.high = high
        self.low = low
        self.isIPv4 = isIPv4
    }

    public var description: String {
        if isIPv4 {
            return [24, 16, 8, 0].map { String((low >> UInt64($0)) & 0xFF) }.joined(separator: ".")
        }
        var groups: [String] = []
        for shift in stride(from: 48, through: 0, by: -16) { groups.append(String((high >> UInt64(shift)) & 0xFFFF, radix: 16)) }
        for shift in stride(from: 48, through: 0, by: -16) { groups.append(String((low >> UInt64(shift)) & 0xFFFF, radix: 16)) }
        return groups.joined(separator: ":")
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> IPAddress? {
        var end = bytes.count
        // A zone index (fe80::1%eth0) does not take part in matching.
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "%") { end = index; break }
        var hasColon = false
        for index in 0..<end where bytes[index] == UInt8(ascii: ":") { hasColon = true; break }
        if !hasColon {
            guard let v4 = parseIPv4(bytes, 0, end) else { return nil }
            return IPAddress(high: 0, low: UInt64(v4), isIPv4: true)
        }
        guard let (high, low) = parseIPv6(bytes, end) else { return nil }
        if high == 0, low >> 32 == 0xFFFF { return IPAddress(high: 0, low: low & 0xFFFF_FFFF, isIPv4: true) }
        return IPAddress(high: high, low: low, isIPv4: false)
    }

    /// Dotted quad in `bytes[start..<end]`: four decimal octets 0...255.
    static func parseIPv4(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        for index in start..<end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                dots += 1
                octet = 0
                digits = 0
            } else if byte &- UInt8(ascii: "0") < 10 {
                guard digits < 3 else { return nil }
                octet = octet * 10 + UInt32(byte &- UInt8(ascii: "0"))
                guard octet <= 255 else { return nil }
                digits += 1
            } else {
                return nil
            }
        }
        guard digits > 0, dots == 3 else { return nil }
        return value << 8 | octet
    }

    /// RFC 4291 text form in `bytes[0..<end]`: eight hex groups, one `::` gap at most, and an
    /// optional dotted-quad tail.
    static func parseIPv6(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int) -> (UInt64, UInt64)? {
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 8) { groups -> (UInt64, UInt64)? in
            groups.initialize(repeating: 0)
            var count = 0
            var gap = -1
            var index = 0
            if end >= 2, bytes[0] == UInt8(ascii: ":"), bytes[1] == UInt8(ascii: ":") {
                gap = 0
                index = 2
            } else if end >= 1, bytes[0] == UInt8(ascii: ":") {
                return nil
            }
            while index < end {
                let start = index
                var dotted = false
                while index < end, bytes[index] != UInt8(ascii: ":") {
                    if bytes[index] == UInt8(ascii: ".") { dotted = true }
                    index += 1
                }
                if dotted {
                    guard index == end, count <= 6, let v4 = parseIPv4(bytes, start, index) else { return nil }
                    groups[count] = UInt16(v4 >> 16)
                    groups[count + 1] = UInt16(v4 & 0xFFFF)
                    count += 2
                    break
                }
                let length = index - start
                guard length >= 1, length <= 4, count < 8 else { return nil }
                var group: UInt16 = 0
                for offset in start..<index {
                    guard let digit = hexValue(bytes[offset]) else { return nil }
                    group = group << 4 | UInt16(digit)
                }
                groups[count] = group
                count += 1
                if index == end { break }
                // bytes[index] is ':'
                if index + 1 < end, bytes[index + 1] == UInt8(ascii: ":") {
                    guard gap < 0 else { return nil }
                    gap = count
                    index += 2
                } else {
                    index += 1
                    guard index < end else { return nil }
                }
            }
            if gap >= 0 {
                guard count <= 7 else { return nil }
                let shift = 8 - count
                var position = count - 1
                while position >= gap {
                    groups[position + shift] = groups[position]
                    position -= 1
                }
                for position in gap..<(gap + shift) { groups[position] = 0 }
            } else {
                guard count == 8 else { return nil }
            }
            var high: UInt64 = 0
            var low: UInt64 = 0
            for position in 0..<4 { high = high << 16 | UInt64(groups[position]) }
            for position in 4..<8 { low = low << 16 | UInt64(groups[position]) }
            return (high, low)
        }
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// An address block such as `203.0.113.0/24` or `2001:db8::/32`; a bare address is a /32 or /128.
public struct CIDRBlock: Sendable, Hashable, CustomStringConvertible {
    public var network: IPAddress
    public var prefixLength: Int

    public init?(_ text: String) {
        guard let parsed = withUTF8Bytes(text, { CIDRBlock.parse($0) }) else { return nil }
        self = parsed
    }

    init(network: IPAddress, prefixLength: Int) {
        self.network = network
        self.prefixLength = prefixLength
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CIDRBlock? {
        var slash = bytes.count
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "/") { slash = index; break }
        guard let address = IPAddress.parse(UnsafeBufferPointer(rebasing: bytes[0..<slash])) else { return nil }
        let maximum = address.isIPv4 ? 32 : 128
        var length = maximum
        if slash < bytes.count {
            guard slash + 1 < bytes.count, bytes.count - slash - 1 <= 3 else { return nil }
            length = 0
            for index in (slash + 1)..<bytes.count {
                guard bytes[index] &- UInt8(ascii: "0") < 10 else { return nil }
                length = length * 10 + Int(bytes[index] &- UInt8(ascii: "0"))
            }
            guard length <= maximum else { return nil }
        }
        return CIDRBlock(network: address, prefixLength: length)
    }

    public var description: String { "\(network)/\(prefixLength)" }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.isIPv4 == network.isIPv4 else { return false }
        if network.isIPv4 {
            let shift = UInt64(32 - prefixLength)
            return prefixLength == 0 || (address.low >> shift) == (network.low >> shift)
        }
        let (highMask, lowMask) = Self.masks(prefixLength)
        return address.high & highMask == network.high & highMask && address.low & lowMask == network.low & lowMask
    }

    private static func masks(_ length: Int) -> (UInt64, UInt64) {
        switch length {
        case 0: return (0, 0)
        case 1..<64: return (~UInt64(0) << UInt64(64 - length), 0)
        case 64: return (~UInt64(0), 0)
        case 65..<128: return (~UInt64(0), ~UInt64(0) << UInt64(128 - length))
        default: return (~UInt64(0), ~UInt64(0))
        }
    }
}
