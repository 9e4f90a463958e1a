/// A reader for one JSON Lines record: an object whose members the bundle needs are strings,
/// numbers, booleans or null. Nested objects and arrays are accepted and skipped (their members
/// are never needed). Hand-written because bundles hold tens of thousands of lines and a general
/// JSON parser per line costs several times more; errors name the column where parsing stopped.
enum FlatJSONValue: Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    /// An object or array (skipped).
    case nested
}

struct FlatJSONError: Error, Equatable {
    var column: Int
    var reason: String
}

struct FlatJSONLine {
    private(set) var members: [(key: String, value: FlatJSONValue)] = []

    subscript(key: String) -> FlatJSONValue? {
        for m in members where m.key == key { return m.value }
        return nil
    }

    /// Parses one line (without its newline). Leading and trailing whitespace is allowed.
    static func parse(_ s: UnsafeBufferPointer<UInt8>) throws(FlatJSONError) -> FlatJSONLine {
        var p = Parser(s: s)
        var line = FlatJSONLine()
        p.skipSpace()
        try p.expect(UInt8(ascii: "{"), "expected '{' (each line must be one JSON object)")
        p.skipSpace()
        if p.peek == UInt8(ascii: "}") {
            p.i += 1
        } else {
            while true {
                p.skipSpace()
                guard p.peek == UInt8(ascii: "\"") else { throw p.fail("expected a member name in double quotes") }
                let key = try p.string()
                p.skipSpace()
                try p.expect(UInt8(ascii: ":"), "expected ':' after member name")
                p.skipSpace()
                let value = try p.value(depth: 0)
                line.members.append((key, value))
                p.skipSpace()
                if p.peek == UInt8(ascii: ",") { p.i += 1; continue }
                try p.expect(UInt8(ascii: "}"), "expected ',' or '}'")
                break
            }
        }
        p.skipSpace()
        guard p.i == s.count else { throw p.fail("unexpected text after the object") }
        return line
    }

    private struct Parser {
        let s: UnsafeBufferPointer<UInt8>
        var i = 0

        var peek: UInt8? { i < s.count ? s[i] : nil }

        func fail(_ reason: String) -> FlatJSONError { FlatJSONError(column: i + 1, reason: reason) }

        mutating func skipSpace() {
            while i < s.count, s[i] == 32 || s[i] == 9 || s[i] == 13 || s[i] == 10 { i += 1 }
        }

        mutating func expect(_ c: UInt8, _ reason: String) throws(FlatJSONError) {
            guard peek == c else { throw fail(reason) }
            i += 1
        }

        mutating func value(depth: Int) throws(FlatJSONError) -> FlatJSONValue {
            guard let c = peek else { throw fail("expected a value") }
            switch c {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                try skipNested(depth: depth)
                return .nested
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try number())
            }
        }

        mutating func literal(_ word: StaticString) throws(FlatJSONError) {
            let n = word.utf8CodeUnitCount
            guard i + n <= s.count else { throw fail("invalid literal") }
            let w = word.utf8Start
            for k in 0..<n where s[i + k] != w[k] { throw fail("invalid literal") }
            i += n
        }

        mutating func number() throws(FlatJSONError) -> Double {
            let start = i
            if peek == UInt8(ascii: "-") { i += 1 }
            var digits = 0
            while let c = peek, (c >= 48 && c <= 57) || c == 46 || c == 101 || c == 69 || c == 43 || c == 45 {
                i += 1
                digits += 1
            }
            guard digits > 0, i - start < 64,
                  let v = Double(String(decoding: UnsafeBufferPointer(rebasing: s[start..<i]), as: UTF8.self)), v.isFinite
            else { i = start; throw fail("invalid value") }
            return v
        }

        mutating func skipNested(depth: Int) throws(FlatJSONError) {
            guard depth < 64 else { throw fail("nesting too deep") }
            let close: UInt8 = s[i] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = close == UInt8(ascii: "}")
            i += 1
            skipSpace()
            if peek == close { i += 1; return }
            while true {
                skipSpace()
                if isObject {
                    guard peek == UInt8(ascii: "\"") else { throw fail("expected a member name in double quotes") }
                    _ = try string()
                    skipSpace()
                    try expect(UInt8(ascii: ":"), "expected ':' after member name")
                    skipSpace()
                }
                _ = try value(depth: depth + 1)
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                try expect(close, isObject ? "expected ',' or '}'" : "expected ',' or ']'")
                return
            }
        }

        mutating func string() throws(FlatJSONError) -> String {
            i += 1 // opening quote
            let start = i
            // Fast path: no escapes.
            while i < s.count {
                let c = s[i]
                if c == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: s[start..<i]), as: UTF8.self)
                    i += 1
                    return text
                }
                if c == UInt8(ascii: "\\") { break }
                if c < 0x20 { throw fail("control character in string") }
                i += 1
            }
            var bytes = [UInt8](UnsafeBufferPointer(rebasing: s[start..<i]))
            while i < s.count {
                let c = s[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: bytes, as: UTF8.self)
                }
                if c < 0x20 { throw fail("control character in string") }
                if c != UInt8(ascii: "\\") { bytes.append(c); i += 1; continue }
                i += 1
                guard let e = peek else { break }
                i += 1
                switch e {
                case UInt8(ascii: "\""): bytes.append(0x22)
                case UInt8(ascii: "\\"): bytes.append(0x5C)
                case UInt8(ascii: "/"): bytes.append(0x2F)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), i + 1 < s.count, s[i] == UInt8(ascii: "\\"), s[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            scalar = 0xFFFD
                        }
                    }
                    let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    bytes.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    i -= 1
                    throw fail("invalid escape in string")
                }
            }
            throw fail("unterminated string")
        }

        mutating func hex4() throws(FlatJSONError) -> UInt32 {
            guard i + 4 <= s.count else { throw fail("invalid \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = s[i]
                let d: UInt32
                switch c {
                case 48...57: d = UInt32(c - 48)
                case 65...70: d = UInt32(c - 55)
                case 97...102: d = UInt32(c - 87)
                default: throw fail("invalid \\u escape")
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }
    }
}
