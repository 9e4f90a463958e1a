import Foundation

/// Flags untrusted text that carries instructions for an AI reader. Embedded, deterministic and
/// without I/O: weighted rule families (`InjectionRules`) over the text after removing invisible
/// characters and folding homoglyphs, plus the same rules over anything hidden in it (Unicode tag
/// characters, base64, hex, percent-encoding, rot13). Weights combine as independent evidence,
/// score = 1 − ∏(1 − wᵢ) over the strongest match of each family; a text is flagged at
/// `threshold` (0.5: one strong family, or two weaker ones, together).
public struct InjectionClassifier: Sendable {
    public var threshold: Double
    /// Texts are examined up to this many UTF-8 bytes (the rest is ignored and says so).
    public var maxBytes: Int
    /// Rule families not applied (for text written for people, such as a ticket Vigil writes,
    /// where a request addressed to the reader is the point: `reader-request`).
    public var ignoredFamilies: Set<String>

    public init(threshold: Double = 0.5, maxBytes: Int = 256 * 1024, ignoredFamilies: Set<String> = []) {
        self.threshold = threshold
        self.maxBytes = maxBytes
        self.ignoredFamilies = ignoredFamilies
    }

    public static let standard = InjectionClassifier()

    /// Classifies with the standard settings.
    public static func classify(_ text: String) -> Verdict { standard.classify(text) }

    public func classify(_ text: String) -> Verdict {
        let untrusted = UntrustedText(text, source: UntrustedSource(kind: "classify"), limit: maxBytes)
        return classify(untrusted)
    }

    public func classify(_ untrusted: UntrustedText) -> Verdict {
        var evidence = Evidence()
        let (folded, mixed) = HomoglyphFolding.fold(untrusted.text)
        evaluate(folded, into: &evidence, prefix: "", depth: 0)
        if mixed > 0 { evidence.add("homoglyphs", mixed >= 2 ? 0.4 : 0.25) }
        if untrusted.removed[.tag, default: 0] > 0 || untrusted.removed[.bidi, default: 0] > 0 {
            evidence.add("invisible-characters", 0.35)
        } else if untrusted.removedCount >= 3 {
            evidence.add("invisible-characters", 0.2)
        }
        if !untrusted.hiddenTagText.isEmpty {
            evidence.add("hidden-tag-text", 0.5)
            evaluate(untrusted.hiddenTagText, into: &evidence, prefix: "tag-characters:", depth: 1)
        }
        if untrusted.truncated { evidence.notes.append("truncated") }
        let score = evidence.score
        return Verdict(isInjection: score >= threshold, score: (score * 1000).rounded() / 1000, reasons: evidence.reasons)
    }

    private func evaluate(_ text: String, into evidence: inout Evidence, prefix: String, depth: Int) {
        let lower = text.lowercased()
        let unframed = Self.withoutFramingLine(lower)
        for rule in InjectionRules.rules where !ignoredFamilies.contains(rule.reason)
            && rule.matches(rule.caseSensitive ? text : rule.skipsFramingLine ? unframed : lower) {
            evidence.add(prefix + rule.reason, rule.weight)
        }
        if InjectionRules.awsWriteDirective.matches(text) {
            evidence.add(prefix + InjectionRules.awsWriteDirective.reason, InjectionRules.awsWriteDirective.weight)
        }
        if InjectionRules.awsCLIWrite.matches(lower) {
            evidence.add(prefix + InjectionRules.awsCLIWrite.reason, InjectionRules.awsCLIWrite.weight)
        }
        // Code: dangerous operations count more together, and with a directive to use them.
        var payloadWeight = 0.0
        var payloadKinds: [String] = []
        for rule in InjectionRules.codePayload where rule.matches(lower) {
            payloadWeight = 1 - (1 - payloadWeight) * (1 - rule.weight)
            payloadKinds.append(rule.reason)
        }
        if payloadWeight > 0 {
            evidence.add(prefix + "code-payload", payloadWeight)
            evidence.details.append(contentsOf: payloadKinds.map { prefix + $0 })
        }
        if InjectionRules.codeDirective.matches(lower) {
            evidence.add(prefix + InjectionRules.codeDirective.reason, InjectionRules.codeDirective.weight)
        }
        guard depth == 0 else { return }
        // Hidden payloads: decode and check again; what they say counts as if written plainly.
        for decoded in EncodedPayloads.decode(text) {
            var inner = Evidence()
            evaluate(HomoglyphFolding.fold(decoded.text).text, into: &inner, prefix: "", depth: 1)
            if inner.score >= threshold {
                evidence.add("encoded-payload:\(decoded.encoding)", 0.5)
                for (reason, weight) in inner.strongest { evidence.add("\(decoded.encoding):\(reason)", weight) }
            }
        }
        // rot13 only when the plain reading is not already conclusive (it would echo the same rules).
        let letters = lower.unicodeScalars.lazy.filter { ("a"..."z").contains($0) }.count
        if letters >= 12, evidence.score < threshold {
            var inner = Evidence()
            let rotated = EncodedPayloads.rot13(lower)
            for rule in InjectionRules.rules where !rule.caseSensitive && rule.weight >= 0.6
                && !ignoredFamilies.contains(rule.reason) && rule.matches(rotated) {
                inner.add(rule.reason, rule.weight)
            }
            if inner.score >= threshold {
                evidence.add("encoded-payload:rot13", 0.5)
                for (reason, weight) in inner.strongest { evidence.add("rot13:\(reason)", weight) }
            }
        }
    }
}

extension InjectionClassifier {
    private static let inlineQuote = PatternRule("inline-quote", 0, "['\"“‘][^'\"”’\\n]{10,}['\"”’]")
    private static let framing = PatternRule("framing", 0, "\\b(?:the following|below|here (?:are|is)|attached|above)\\b")

    /// `text` with its first non-empty line blanked when that line introduces the data that follows.
    static func withoutFramingLine(_ text: String) -> String {
        guard let start = text.firstIndex(where: { !$0.isWhitespace }) else { return text }
        let end = text[start...].firstIndex(of: "\n") ?? text.endIndex
        let first = String(text[start..<end])
        // An inline quoted object means the line carries its own subject instead of introducing data.
        guard framing.matches(first), !inlineQuote.matches(first) else { return text }
        return String(text[..<start]) + String(text[end...])
    }
}

/// Matched families and their strongest weights.
struct Evidence {
    private(set) var strongest: [(String, Double)] = []
    var details: [String] = []
    var notes: [String] = []

    mutating func add(_ reason: String, _ weight: Double) {
        if let i = strongest.firstIndex(where: { $0.0 == reason }) {
            strongest[i].1 = max(strongest[i].1, weight)
        } else {
            strongest.append((reason, weight))
        }
    }

    var score: Double {
        1 - strongest.reduce(1.0) { $0 * (1 - min(max($1.1, 0), 1)) }
    }

    /// Family names, strongest first, then code payload kinds and notes.
    var reasons: [String] {
        strongest.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.map(\.0) + details + notes
    }
}
