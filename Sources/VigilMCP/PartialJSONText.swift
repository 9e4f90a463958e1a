/// Recovers the start of the first `"text"` string from JSON that was cut off, so a truncated tool
/// reply still shows what it began with. Pure; best effort (nil when nothing is recognisable).
enum PartialJSONText {
    static func firstText(in bytes: [UInt8]) -> String? {
        let key = Array("\"text\"".utf8)
        var from = 0
        // `"text"` is also a value (`"type":"text"`): take the first occurrence used as a key.
        while let keyEnd = find(key, in: bytes, from: from) {
            from = keyEnd
            var index = keyEnd
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { continue }
            index += 1
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { continue }
            return decodeString(bytes, from: index + 1)
        }
        return nil
    }

    /// Decodes JSON string content from `start` up to the closing quote or the end of the bytes.
    private static func decodeString(_ bytes: [UInt8], from start: Int) -> String {
        var index = start
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { break }
                let escaped = bytes[index + 1]
                index += 2
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"), UInt8(ascii: "f"): out.append(0x20)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                          let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                        index = bytes.count
                        continue
                    }
                    index += 4
                    // Lone surrogates cannot be kept; the replacement character marks them.
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(scalar).utf8))
                default: out.append(escaped)
                }
                continue
            }
            out.append(byte)
            index += 1
        }
        // A cut in the middle of a multi-byte character is repaired by the decoder.
        return String(decoding: out, as: UTF8.self)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], Array(haystack[i..<i + needle.count]) == needle { return i + needle.count }
            i += 1
        }
        return nil
    }
}
