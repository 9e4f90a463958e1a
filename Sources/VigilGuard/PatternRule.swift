import Foundation

/// One rule of the classifier: a family name (the reason it reports), a weight (how much a match
/// alone says; 0.5 or more flags the text by itself) and a regular expression. Patterns are
/// written for the folded, lowercased text unless `caseSensitive` (then they see the folded text
/// with its case).
struct PatternRule: Sendable {
    let reason: String
    let weight: Double
    let caseSensitive: Bool
    let regex: NSRegularExpression
    /// Not applied to a leading line that introduces the data ("… the following reports:"): that
    /// line is the task given to the reader by whoever assembled the text, not content inside it.
    let skipsFramingLine: Bool

    /// Substrings of which at least one must occur for the pattern to match at all (lowercase,
    /// unless the rule is case-sensitive); checked first because a substring search is much
    /// cheaper than the regular expression. Empty: always run the expression.
    let anchors: [[UInt8]]

    init(framed reason: String, _ weight: Double, _ pattern: String, anchors: [String] = []) {
        self.init(reason, weight, pattern, skipsFramingLine: true, anchors: anchors)
    }

    init(_ reason: String, _ weight: Double, _ pattern: String, caseSensitive: Bool = false, skipsFramingLine: Bool = false,
         anchors: [String] = []) {
        self.reason = reason
        self.anchors = anchors.map { Array($0.utf8) }
        self.skipsFramingLine = skipsFramingLine
        self.weight = weight
        self.caseSensitive = caseSensitive
        do {
            regex = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        } catch {
            // The patterns are constants of this module; a bad one is a programming error caught by
            // the unit tests on first use.
            preconditionFailure("invalid classifier pattern for \(reason): \(error)")
        }
    }

    func matches(_ text: String) -> Bool {
        if !anchors.isEmpty {
            var text = text
            let found = text.withUTF8 { bytes in anchors.contains { Self.contains(bytes, $0) } }
            if !found { return false }
        }
        return regex.firstMatch(in: text, options: [], range: NSRange(text.startIndex..., in: text)) != nil
    }

    func allMatches(_ text: String) -> [String] {
        regex.matches(in: text, options: [], range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    /// Byte substring search: scan for the first byte, then compare the rest.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let m = needle.count, n = haystack.count
        guard m > 0 else { return true }
        guard n >= m else { return false }
        let first = needle[0]
        var i = 0
        let last = n - m
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < m && haystack[i + j] == needle[j] { j += 1 }
                if j == m { return true }
            }
            i += 1
        }
        return false
    }
}
