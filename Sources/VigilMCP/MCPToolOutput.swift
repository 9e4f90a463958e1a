import VigilAPIModel
import VigilGuard

/// A tool result turned into text the agent may read as data: flattened, secrets redacted,
/// invisible characters removed, size-capped, and classified for prompt injection. Pure.
public struct MCPToolOutput: Sendable, Equatable {
    /// The sanitised, redacted text, cut at the limit.
    public var text: String
    /// The injection classifier's verdict over the whole redacted text (not only the part kept),
    /// up to the classifier's own byte limit.
    public var verdict: Verdict
    /// How many secrets were replaced by a redaction marker.
    public var redactionCount: Int
    /// True when the server's reply was cut at the byte cap or the text at `limit`.
    public var truncated: Bool
    public var isError: Bool

    /// Default cap on the text given to the agent, in UTF-8 bytes.
    public static let defaultLimit = 32 * 1024

    public init(text: String, verdict: Verdict, redactionCount: Int, truncated: Bool, isError: Bool) {
        self.text = text
        self.verdict = verdict
        self.redactionCount = redactionCount
        self.truncated = truncated
        self.isError = isError
    }

    /// Flattens content blocks (text and summaries), appends the structured content as JSON when
    /// the blocks are empty, redacts secrets, sanitises and classifies.
    public init(tool: String, result: MCPToolResult, limit: Int = MCPToolOutput.defaultLimit,
                classifier: InjectionClassifier = .standard) {
        var parts: [String] = result.content.map { block in
            switch block {
            case .text(let text): return text
            case .other(_, let summary): return summary
            }
        }
        if parts.isEmpty, let structured = result.structuredContent {
            parts.append(JSONWriter.writeString(structured))
        }
        let joined = parts.joined(separator: "\n")
        let redaction = SecretRedactor.redact(joined)
        let untrusted = UntrustedText(redaction.text, source: .toolOutput(tool), limit: limit)
        self.init(text: untrusted.text, verdict: classifier.classify(redaction.text), redactionCount: redaction.total,
                  truncated: result.truncated || untrusted.truncated, isError: result.isError)
    }
}
