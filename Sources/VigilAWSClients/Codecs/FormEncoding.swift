/// RFC 3986 percent-encoding as AWS uses it in form bodies, query strings and URI labels:
/// every byte outside `A-Z a-z 0-9 - _ . ~` becomes `%XX` (upper-case hex).
public enum AWSPercentEncoding {
    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    public static func encode(_ string: String, keepSlash: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes (and `+` as a space when `plusIsSpace`); an invalid escape is kept
    /// literally. Used for the URL-encoded policy documents IAM returns.
    public static func decode(_ string: String, plusIsSpace: Bool = false) -> String {
        let bytes = Array(string.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// `k=v&k=v` with both sides encoded, in the given order.
    public static func formEncode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}

/// The parameters of a query-protocol request, flattened the way AWS expects:
/// lists as `Name.member.N`, structures as `Name.Field`, maps of tags as
/// `Tags.member.N.Key` / `Tags.member.N.Value`. Order is kept (AWS does not care; logs do).
public struct QueryParameters: Sendable, Equatable {
    public private(set) var pairs: [(String, String)] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        self.pairs = pairs
    }

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0 == $1 }
    }

    public mutating func set(_ name: String, _ value: String?) {
        guard let value else { return }
        pairs.append((name, value))
    }

    public mutating func set(_ name: String, _ value: Int?) {
        guard let value else { return }
        pairs.append((name, String(value)))
    }

    public mutating func set(_ name: String, _ value: Bool?) {
        guard let value else { return }
        pairs.append((name, value ? "true" : "false"))
    }

    /// `Name.member.1=a&Name.member.2=b`; nothing for an empty list.
    public mutating func setList(_ name: String, _ values: [String], member: String = "member") {
        for (index, value) in values.enumerated() {
            pairs.append(("\(name).\(member).\(index + 1)", value))
        }
    }

    /// `Name.member.N.Key` / `Name.member.N.Value` for each pair.
    public mutating func setKeyValueList(_ name: String, _ values: [(key: String, value: String)]) {
        for (index, entry) in values.enumerated() {
            pairs.append(("\(name).member.\(index + 1).Key", entry.key))
            pairs.append(("\(name).member.\(index + 1).Value", entry.value))
        }
    }

    public func value(_ name: String) -> String? {
        pairs.first { $0.0 == name }?.1
    }
}
