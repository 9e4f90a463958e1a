/// A problem found in one line of a bundle file. Printed as `file:line: reason`, with `file`
/// relative to the bundle directory and lines counted from 1.
public struct BundleDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(file):\(line): \(reason)" }
}

/// Why a bundle could not be read at all.
public enum TelemetryBundleError: Error, Equatable, CustomStringConvertible {
    /// The path does not exist or is not a directory.
    case notADirectory(String)
    /// The directory has no `incident.json`.
    case missingIncident(String)
    /// `incident.json` is not a valid incident description.
    case invalidIncident(String)
    /// A file exists but could not be read.
    case unreadable(String, String)
    /// Strict reading found malformed lines (all of them are listed).
    case rejected([BundleDiagnostic])
    /// Writing the bundle failed.
    case writeFailed(String, String)

    public var description: String {
        switch self {
        case .notADirectory(let path): return "\(path): no such bundle directory"
        case .missingIncident(let path): return "\(path): missing incident.json (every bundle needs one)"
        case .invalidIncident(let why): return "incident.json: \(why)"
        case .unreadable(let path, let why): return "\(path): cannot read: \(why)"
        case .rejected(let diagnostics):
            let shown = diagnostics.prefix(20).map(\.description).joined(separator: "\n")
            let more = diagnostics.count > 20 ? "\n... and \(diagnostics.count - 20) more" : ""
            return "bundle rejected (strict): \(diagnostics.count) malformed line(s)\n\(shown)\(more)"
        case .writeFailed(let path, let why): return "\(path): cannot write: \(why)"
        }
    }
}
