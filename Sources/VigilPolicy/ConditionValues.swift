import Foundation

/// Reading typed condition values (policy side at compile time, request side per evaluation).
enum ConditionValues {
    /// Decimal numbers: `-?digits(.digits)?`, as IAM's Numeric* operators take them.
    static func number(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { number(bytes: $0) }
    }

    static func number(bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        else if index < bytes.count, bytes[index] == UInt8(ascii: "+") { index += 1 }
        var value = 0.0
        var digits = 0
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
            value = value * 10 + Double(bytes[index] &- UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                value += Double(bytes[index] &- UInt8(ascii: "0")) * scale
                scale /= 10
                digits += 1
                index += 1
            }
        }
        guard digits > 0, index == bytes.count else { return nil }
        return negative ? -value : value
    }

    /// `true` / `false`, any letter case.
    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// `true` / `false`, any letter case, from bytes.
    static func bool(bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        func equalsFolded(_ word: StaticString) -> Bool {
            guard bytes.count == word.utf8CodeUnitCount else { return false }
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            for index in 0..<bytes.count where GlobMatcher.fold(bytes[index]) != expected[index] { return false }
            return true
        }
        if equalsFolded("true") { return true }
        if equalsFolded("false") { return false }
        return nil
    }

    /// Standard base64 (padding optional).
    static func binary(_ text: String) -> [UInt8]? {
        var padded = text
        let remainder = padded.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { padded += String(repeating: "=", count: 4 - remainder) }
        guard let data = Data(base64Encoded: padded) else { return nil }
        return [UInt8](data)
    }
}
