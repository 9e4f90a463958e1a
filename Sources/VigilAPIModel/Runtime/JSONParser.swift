/// A strict RFC 8259 JSON parser producing ``JSONValue``.
///
/// - Accepts exactly one value surrounded by optional whitespace (space, tab, LF, CR); anything
///   after it is an error. No byte order mark, comments, trailing commas, single quotes,
///   `NaN`/`Infinity`, leading zeros or unescaped control characters.
/// - Strings must be valid UTF-8. `\u` escapes are decoded, surrogate pairs are combined, and an
///   unpaired surrogate is an error (it cannot be represented in a Swift `String`).
/// - A number without fraction or exponent that fits `Int64` becomes ``JSONValue/int(_:)``; every
///   other number becomes ``JSONValue/double(_:)``. A number whose magnitude overflows `Double`
///   is an error.
/// - Duplicate object keys are allowed; the **last** occurrence wins.
/// - Arrays and objects may nest at most ``maximumDepth`` levels (the top-level container is level 1).
public enum JSONParser {
    /// The default nesting limit.
    public static let maximumDepth = 64

    /// Parses `bytes` as one JSON text.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try parse(bytes, maximumDepth: maximumDepth)
    }

    /// Parses `bytes` as one JSON text with a custom nesting limit.
    public static func parse(_ bytes: [UInt8], maximumDepth: Int) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(buffer: buffer, maximumDepth: maximumDepth)
            do throws(JSONParseError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses the UTF-8 encoding of `text`.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

private struct Parser {
    let buffer: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    var index = 0
    var depth = 0

    init(buffer: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.buffer = buffer
        self.maximumDepth = maximumDepth
    }

    // MARK: Structure

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index != buffer.count {
            throw error("unexpected data after the JSON value")
        }
        return value
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < buffer.count else { throw error("unexpected end of input, expected a value") }
        switch buffer[index] {
        case UInt8(ascii: "{"):
            return try parseObject()
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw error("expected a value, found \(describeByte(buffer[index]))")
        }
    }

    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > maximumDepth {
            throw error("maximum nesting depth of \(maximumDepth) exceeded")
        }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        index += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < buffer.count, buffer[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            guard index < buffer.count else { throw error("unexpected end of input, expected a string key") }
            guard buffer[index] == UInt8(ascii: "\"") else {
                throw error(members.isEmpty ? "expected a string key or '}'" : "expected a string key")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < buffer.count else { throw error("unexpected end of input, expected ':'") }
            guard buffer[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            members[key] = try parseValue()
            skipWhitespace()
            guard index < buffer.count else { throw error("unexpected end of input, expected ',' or '}'") }
            switch buffer[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(members)
            default:
                throw error("expected ',' or '}'")
            }
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < buffer.count, buffer[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard index < buffer.count else { throw error("unexpected end of input, expected ',' or ']'") }
            switch buffer[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            default:
                throw error("expected ',' or ']'")
            }
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = index
        let count = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        for offset in 0..<count {
            guard start + offset < buffer.count else {
                index = start + offset
                throw error("unexpected end of input in literal '\(literal)'")
            }
            if buffer[start + offset] != expected[offset] {
                index = start
                throw error("invalid literal, expected '\(literal)'")
            }
        }
        index = start + count
    }

    mutating func skipWhitespace() {
        while index < buffer.count {
            switch buffer[index] {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
            default:
                return
            }
        }
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var negative = false
        if buffer[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < buffer.count, isDigit(buffer[index]) else {
            throw error(index < buffer.count ? "expected a digit after '-'" : "unexpected end of input in number")
        }
        // Integer part, accumulated as a negative magnitude so that Int64.min fits.
        var accumulator: Int64 = 0
        var overflow = false
        if buffer[index] == UInt8(ascii: "0") {
            index += 1
            if index < buffer.count, isDigit(buffer[index]) {
                throw error("leading zeros are not allowed in numbers")
            }
        } else {
            while index < buffer.count, isDigit(buffer[index]) {
                let digit = Int64(buffer[index] &- UInt8(ascii: "0"))
                if !overflow {
                    let (times10, o1) = accumulator.multipliedReportingOverflow(by: 10)
                    let (next, o2) = times10.subtractingReportingOverflow(digit)
                    if o1 || o2 { overflow = true } else { accumulator = next }
                }
                index += 1
            }
        }
        var isInteger = true
        if index < buffer.count, buffer[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < buffer.count, isDigit(buffer[index]) else {
                throw error(index < buffer.count ? "expected a digit after '.'" : "unexpected end of input in number")
            }
            while index < buffer.count, isDigit(buffer[index]) { index += 1 }
        }
        if index < buffer.count, buffer[index] == UInt8(ascii: "e") || buffer[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < buffer.count, buffer[index] == UInt8(ascii: "+") || buffer[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < buffer.count, isDigit(buffer[index]) else {
                throw error(index < buffer.count ? "expected a digit in the exponent" : "unexpected end of input in number")
            }
            while index < buffer.count, isDigit(buffer[index]) { index += 1 }
        }
        if isInteger && !overflow {
            if negative { return .int(accumulator) }
            let (positive, o) = Int64(0).subtractingReportingOverflow(accumulator)
            if !o { return .int(positive) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONParseError(offset: start, reason: "number out of range")
        }
        return .double(value)
    }

    // MARK: Strings

    /// Parses a string starting at the opening quote; leaves `index` after the closing quote.
    mutating func parseString() throws(JSONParseError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: plain ASCII without escapes.
        while index < buffer.count {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                let string = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 {
                break
            }
            index += 1
        }
        guard index < buffer.count else { throw error("unexpected end of input in string") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(index - start + 16)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index]))
        while index < buffer.count {
            let byte = buffer[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &bytes)
            case 0..<0x20:
                throw error("unescaped control character U+\(hex4(UInt32(byte))) in string")
            case 0x80...:
                try copyUTF8Sequence(into: &bytes)
            default:
                bytes.append(byte)
                index += 1
            }
        }
        throw error("unexpected end of input in string")
    }

    mutating func parseEscape(into bytes: inout [UInt8]) throws(JSONParseError) {
        index += 1  // backslash
        guard index < buffer.count else { throw error("unexpected end of input in escape sequence") }
        let escaped = buffer[index]
        switch escaped {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): bytes.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            let escapeStart = index - 1
            index += 1
            let first = try parseHex4()
            var scalarValue = first
            if (0xD800...0xDBFF).contains(first) {
                guard index + 1 < buffer.count, buffer[index] == UInt8(ascii: "\\"), buffer[index + 1] == UInt8(ascii: "u") else {
                    throw JSONParseError(offset: escapeStart, reason: "unpaired UTF-16 surrogate in \\u escape")
                }
                index += 2
                let second = try parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else {
                    throw JSONParseError(offset: escapeStart, reason: "unpaired UTF-16 surrogate in \\u escape")
                }
                scalarValue = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(first) {
                throw JSONParseError(offset: escapeStart, reason: "unpaired UTF-16 surrogate in \\u escape")
            }
            // Validated above: not a surrogate, at most 0x10FFFF.
            appendUTF8(Unicode.Scalar(scalarValue)!, to: &bytes)
            return
        default:
            index -= 1
            throw error("invalid escape sequence '\\\(describeEscapeByte(escaped))'")
        }
        index += 1
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < buffer.count else { throw error("unexpected end of input in \\u escape") }
            let byte = buffer[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape, expected 4 hexadecimal digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Copies one well-formed multi-byte UTF-8 sequence (Unicode Table 3-7) or throws.
    mutating func copyUTF8Sequence(into bytes: inout [UInt8]) throws(JSONParseError) {
        let lead = buffer[index]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw error("invalid UTF-8 byte 0x\(hex2(lead)) in string")
        }
        guard index + length <= buffer.count else { throw error("truncated UTF-8 sequence in string") }
        let second = buffer[index + 1]
        guard second >= lower && second <= upper else { throw error("invalid UTF-8 sequence in string") }
        if length > 2 {
            for offset in 2..<length where buffer[index + offset] & 0xC0 != 0x80 {
                throw error("invalid UTF-8 sequence in string")
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<(index + length)]))
        index += length
    }

    // MARK: Helpers

    func error(_ reason: String) -> JSONParseError {
        JSONParseError(offset: index, reason: reason)
    }

    func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    func describeByte(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte 0x\(hex2(byte))"
    }

    func describeEscapeByte(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F {
            return String(Character(Unicode.Scalar(byte)))
        }
        return "x\(hex2(byte))"
    }
}

private func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
    let value = scalar.value
    switch value {
    case 0..<0x80:
        bytes.append(UInt8(value))
    case 0x80..<0x800:
        bytes.append(UInt8(0xC0 | (value >> 6)))
        bytes.append(UInt8(0x80 | (value & 0x3F)))
    case 0x800..<0x10000:
        bytes.append(UInt8(0xE0 | (value >> 12)))
        bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
        bytes.append(UInt8(0x80 | (value & 0x3F)))
    default:
        bytes.append(UInt8(0xF0 | (value >> 18)))
        bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
        bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
        bytes.append(UInt8(0x80 | (value & 0x3F)))
    }
}

private let hexDigits = Array("0123456789ABCDEF".utf8)

private func hex2(_ byte: UInt8) -> String {
    String(decoding: [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]], as: UTF8.self)
}

private func hex4(_ value: UInt32) -> String {
    hex2(UInt8((value >> 8) & 0xFF)) + hex2(UInt8(value & 0xFF))
}
