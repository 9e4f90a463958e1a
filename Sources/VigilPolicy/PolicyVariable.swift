/// A policy variable `${key}` or `${key, 'default'}`. The key is matched case-insensitively
/// against the request context; the default (quotes doubled to escape them) is used when the key
/// is missing or has several values.
public struct PolicyVariable: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var defaultValue: String?
    /// The key lowercased, as context keys are stored.
    let lookupKey: String

    public init(key: String, defaultValue: String? = nil) {
        self.key = key
        self.defaultValue = defaultValue
        self.lookupKey = key.lowercased()
    }

    public var description: String {
        guard let defaultValue else { return "${\(key)}" }
        return "${\(key), '\(defaultValue.replacingAll("'", with: "''"))'}"
    }
}

/// A Resource or Condition value split into text (where `*` and `?` are wildcards for the
/// operators that have them), characters escaped with `${*}`, `${?}`, `${$}`, and variables.
struct Template: Sendable, Hashable {
    enum Part: Sendable, Hashable {
        case text(String)
        case escaped(UInt8)
        case variable(PolicyVariable)
    }

    var parts: [Part]
    /// A `${` that does not start a well-formed variable; it is kept as literal text.
    var hasMalformedVariable = false

    var variables: [PolicyVariable] {
        parts.compactMap { if case .variable(let variable) = $0 { variable } else { nil } }
    }

    static func literal(_ text: String) -> Template { Template(parts: text.isEmpty ? [] : [.text(text)]) }

    /// Splits `text` into parts; with `interpretVariables` false (policy version 2008-10-17, or
    /// an element where IAM has no variables) the whole text is literal.
    static func parse(_ text: String, interpretVariables: Bool) -> Template {
        guard interpretVariables, text.utf8.contains(UInt8(ascii: "$")) else { return literal(text) }
        let bytes = Array(text.utf8)
        var parts: [Part] = []
        var malformed = false
        var pending: [UInt8] = []
        var index = 0
        func flush() {
            if !pending.isEmpty { parts.append(.text(String(decoding: pending, as: UTF8.self))); pending.removeAll() }
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") {
                if let (part, end) = parseVariable(bytes, from: index + 2) {
                    flush()
                    parts.append(part)
                    index = end
                    continue
                }
                malformed = true
            }
            pending.append(bytes[index])
            index += 1
        }
        flush()
        return Template(parts: parts, hasMalformedVariable: malformed)
    }

    /// Reads `key}` or `key, 'default'}` from `start` (just past `${`); returns the part and the
    /// index just past the closing brace.
    private static func parseVariable(_ bytes: [UInt8], from start: Int) -> (Part, Int)? {
        var index = start
        func skipSpaces() { while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 } }
        skipSpaces()
        let keyStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "}"), bytes[index] != UInt8(ascii: ","),
              bytes[index] != UInt8(ascii: " "), bytes[index] != UInt8(ascii: "{") {
            index += 1
        }
        let key = Array(bytes[keyStart..<index])
        skipSpaces()
        guard !key.isEmpty, index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "}") {
            if key.count == 1, [UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "$")].contains(key[0]) {
                return (.escaped(key[0]), index + 1)
            }
            return (.variable(PolicyVariable(key: String(decoding: key, as: UTF8.self))), index + 1)
        }
        guard bytes[index] == UInt8(ascii: ",") else { return nil }
        index += 1
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "'") else { return nil }
        index += 1
        var value: [UInt8] = []
        while true {
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "'") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "'") {
                    value.append(UInt8(ascii: "'"))
                    index += 2
                    continue
                }
                index += 1
                break
            }
            value.append(bytes[index])
            index += 1
        }
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "}") else { return nil }
        let variable = PolicyVariable(key: String(decoding: key, as: UTF8.self),
                                      defaultValue: String(decoding: value, as: UTF8.self))
        return (.variable(variable), index + 1)
    }
}

/// Policy variable substitution, for tools and tests (evaluation matches templates directly
/// without building strings).
public enum PolicyVariables {
    /// The variables in `text`, in order (`${*}`, `${?}` and `${$}` are escapes, not variables).
    public static func variables(in text: String) -> [PolicyVariable] {
        Template.parse(text, interpretVariables: true).variables
    }

    /// `text` with every variable replaced by its value in `context` (or its default) and the
    /// escapes by their characters; nil when a variable has neither a single value nor a default.
    public static func substitute(_ text: String, context: RequestContext) -> String? {
        var result = ""
        for part in Template.parse(text, interpretVariables: true).parts {
            switch part {
            case .text(let literal): result += literal
            case .escaped(let byte): result.unicodeScalars.append(Unicode.Scalar(byte))
            case .variable(let variable):
                guard let value = context.keys.variableValue(variable) else { return nil }
                result += value
            }
        }
        return result
    }
}

extension String {
    /// Replaces every occurrence of `target` (stdlib only; no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}

extension PolicyVariables {
    /// The text of a template, escapes resolved and variables written back as `${...}`.
    static func plainText(_ template: Template) -> String {
        var result = ""
        for part in template.parts {
            switch part {
            case .text(let text): result += text
            case .escaped(let byte): result.unicodeScalars.append(Unicode.Scalar(byte))
            case .variable(let variable): result += variable.description
            }
        }
        return result
    }
}
