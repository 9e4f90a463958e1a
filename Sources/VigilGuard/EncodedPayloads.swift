import Foundation

/// Finds text hidden in encodings (base64, hex, percent-encoding, rot13) so the classifier can
/// decode it and check it again. Only decodings that read as text are returned: a hex block id or
/// a random token does not decode to words and is left alone.
enum EncodedPayloads {
    struct Decoded: Sendable {
        var encoding: String
        var text: String
    }

    private static let base64Run = try! NSRegularExpression(pattern: "[A-Za-z0-9+/_-]{16,}={0,2}")
    private static let hexRun = try! NSRegularExpression(
        pattern: "(?:\\b(?:0x)?(?:[0-9a-fA-F]{2}){10,}\\b)|(?:(?:\\\\x[0-9a-fA-F]{2}){6,})|(?:\\b[0-9a-fA-F]{2}(?:[ :][0-9a-fA-F]{2}){7,}\\b)")
    private static let percentRun = try! NSRegularExpression(pattern: "(?:%[0-9a-fA-F]{2}[^%\\s]{0,3}){4,}")

    /// Every decodable payload of `text` that reads as text, up to `limit` of them.
    static func decode(_ text: String, limit: Int = 16) -> [Decoded] {
        var out: [Decoded] = []
        let (longestBase64Run, longestHexPairRun) = runLengths(text)
        let range = NSRange(text.startIndex..., in: text)
        for match in longestBase64Run >= 16 ? base64Run.matches(in: text, range: range) : [] {
            guard out.count < limit, let r = Range(match.range, in: text) else { break }
            let token = String(text[r])
            // Plain words and identifiers are not base64 payloads: require mixed case or digits.
            guard token.contains(where: \.isUppercase), token.contains(where: \.isLowercase) else { continue }
            if let decoded = base64Text(token) { out.append(Decoded(encoding: "base64", text: decoded)) }
        }
        let mayHoldHex = longestBase64Run >= 20 || longestHexPairRun >= 23 || text.contains("\\x")
        for match in mayHoldHex ? hexRun.matches(in: text, range: range) : [] {
            guard out.count < limit, let r = Range(match.range, in: text) else { break }
            if let decoded = hexText(String(text[r])) { out.append(Decoded(encoding: "hex", text: decoded)) }
        }
        if text.contains("%"), percentRun.firstMatch(in: text, range: range) != nil,
           let decoded = text.removingPercentEncoding, decoded != text {
            out.append(Decoded(encoding: "percent", text: decoded))
        }
        return out
    }

    /// Longest runs of base64-alphabet bytes and of hex digits, spaces and colons: a cheap scan
    /// that skips the regular expressions for text that cannot hold a payload.
    static func runLengths(_ text: String) -> (base64: Int, hexPairs: Int) {
        var base64 = 0, hex = 0, currentBase64 = 0, currentHex = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "="):
                currentBase64 += 1
            default:
                currentBase64 = 0
            }
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: " "), UInt8(ascii: ":"):
                currentHex += 1
            default:
                currentHex = 0
            }
            base64 = max(base64, currentBase64)
            hex = max(hex, currentHex)
        }
        return (base64, hex)
    }

    /// The rot13 reading of `text` (letters only).
    static func rot13(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { s -> Unicode.Scalar in
            switch s.value {
            case 65...90: return Unicode.Scalar((s.value - 65 + 13) % 26 + 65)!
            case 97...122: return Unicode.Scalar((s.value - 97 + 13) % 26 + 97)!
            default: return s
            }
        }))
    }

    static func base64Text(_ token: String) -> String? {
        var s = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        s = String(s.prefix { $0 != "=" })
        let remainder = s.count % 4
        if remainder == 1 { s.removeLast() }
        if s.count % 4 != 0 { s += String(repeating: "=", count: 4 - s.count % 4) }
        guard let data = Data(base64Encoded: s) else { return nil }
        return readableText(Array(data))
    }

    static func hexText(_ token: String) -> String? {
        var digits = token.replacingOccurrences(of: "\\x", with: "")
        if digits.hasPrefix("0x") { digits.removeFirst(2) }
        digits = digits.filter(\.isHexDigit)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return readableText(bytes)
    }

    /// UTF-8 text of mostly letters and spaces (at least two words), else nil.
    static func readableText(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 8, let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        var printable = 0, letters = 0, spaces = 0
        for scalar in text.unicodeScalars {
            if scalar == " " { spaces += 1 }
            if scalar.properties.isAlphabetic { letters += 1 }
            if scalar.value >= 0x20 || scalar == "\n" || scalar == "\t" { printable += 1 }
        }
        let count = text.unicodeScalars.count
        guard printable * 100 >= count * 95, letters * 100 >= count * 60, spaces >= 1 else { return nil }
        return text
    }
}
