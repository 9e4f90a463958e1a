import Foundation

/// Compiled `pattern` traits.
///
/// Patterns are matched as a **full match** (`\A(?:pattern)\z`), not Smithy's "find anywhere"
/// semantics. This is deliberately stricter: the model's patterns are written for whole values
/// (ids, ARNs, URLs) and an unanchored `[a-zA-Z0-9-]{1,64}` would accept `"../../x"`.
///
/// Every pattern of the model is compiled once, on first use, with `NSRegularExpression` (ICU
/// syntax, which understands the model's `\p{L}` and `\uXXXX`; measured faster than Swift
/// `Regex` on these patterns). Patterns that are not in the model are compiled per call.
public enum PatternMatcher {
    private final class Compiled: @unchecked Sendable {
        // NSRegularExpression is immutable and documented as thread-safe.
        let expression: NSRegularExpression?

        init(_ pattern: String) {
            expression = try? NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z")
        }

        func matches(_ string: String) -> Bool {
            guard let expression else { return true }  // an invalid pattern never fails a value
            let range = NSRange(location: 0, length: string.utf16.count)
            return expression.firstMatch(in: string, options: [.anchored], range: range) != nil
        }
    }

    private static let compiled: [String: Compiled] = {
        var table: [String: Compiled] = [:]
        for shape in ServiceModel.shapes.values {
            if let pattern = shape.pattern, table[pattern] == nil {
                table[pattern] = Compiled(pattern)
            }
        }
        return table
    }()

    /// Whether all of `string` matches `pattern`.
    public static func matches(_ string: String, pattern: String) -> Bool {
        (compiled[pattern] ?? Compiled(pattern)).matches(string)
    }

    /// Whether `pattern` compiles (an invalid pattern never fails a value).
    public static func isValid(_ pattern: String) -> Bool {
        (compiled[pattern] ?? Compiled(pattern)).expression != nil
    }
}
