/// One finding about a policy document: where it is (an element path such as
/// `Statement[2].Condition.StringEquals.aws:SourceAccount`) and what is wrong.
public struct PolicyIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public var severity: Severity
    /// The element path; empty for findings about the whole document (size, JSON syntax).
    public var path: String
    public var message: String
    /// A stable identifier of the rule, for tooling: `syntax`, `unknown-element`, `unknown-action`, ...
    public var code: String

    public init(_ severity: Severity, _ path: String, _ message: String, code: String) {
        self.severity = severity
        self.path = path
        self.message = message
        self.code = code
    }

    /// `path: message`, or the message alone for document-level findings.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A policy document that IAM would reject. `issues` holds every error found (at least one),
/// in document order; `description` is the first one.
public struct PolicyParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var issues: [PolicyIssue]

    public init(issues: [PolicyIssue]) { self.issues = issues }

    public var description: String {
        guard let first = issues.first else { return "invalid policy" }
        return issues.count == 1 ? first.description : "\(first.description) (and \(issues.count - 1) more)"
    }
}
