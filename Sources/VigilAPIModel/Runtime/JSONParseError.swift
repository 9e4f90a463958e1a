/// A syntax error found by ``JSONParser``.
///
/// `offset` is the zero-based byte offset of the offending byte in the input (equal to the input
/// length when the input ended too early). ``message`` is the text to show a client, for example
/// `Malformed JSON at byte 17: expected ',' or '}'`.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero-based byte offset of the error.
    public var offset: Int
    /// What was wrong, without the location, for example `expected ',' or '}'`.
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// `Malformed JSON at byte <offset>: <reason>`.
    public var message: String {
        "Malformed JSON at byte \(offset): \(reason)"
    }

    public var description: String {
        message
    }
}
