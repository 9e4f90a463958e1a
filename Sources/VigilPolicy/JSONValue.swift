/// A parsed JSON value that keeps object members in document order, duplicates included, and
/// numbers as their source text, so the policy parser can report duplicate keys and echo values
/// exactly as written.
enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([JSONMember])

    /// The JSON type name used in error messages.
    var typeName: String {
        switch self {
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        case .array: "array"
        case .object: "object"
        }
    }

    /// A string, number or boolean as the text a condition compares; nil for other types.
    var scalarText: String? {
        switch self {
        case .string(let text): text
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}

struct JSONMember: Sendable, Equatable {
    var key: String
    var value: JSONValue
}

/// Why a document is not JSON, with the 1-based line and column of the offending byte.
struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    var line: Int
    var column: Int

    var description: String { "JSON syntax error at line \(line), column \(column): \(message)" }
}
