import Foundation

/// The INI dialect of the AWS shared config and credentials files, as botocore's
/// `raw_config_parse` reads it: `[section]` headers, `key = value` (or `key: value`) lines,
/// `#` and `;` comment lines, keys lower-cased, values trimmed. An indented line after a key
/// continues it (the nested `s3 =` blocks); it is kept, appended on a new line.
struct INIFile: Equatable {
    /// Sections in file order; a repeated section adds to (and overrides) the earlier one.
    private(set) var sections: [String: [String: String]] = [:]
    private(set) var order: [String] = []

    init(parsing text: String) {
        var current: String?
        var lastKey: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            let indented = rawLine.first == " " || rawLine.first == "\t"
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { current = nil; continue }
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                current = name
                lastKey = nil
                if sections[name] == nil {
                    sections[name] = [:]
                    order.append(name)
                }
                continue
            }
            guard let section = current else { continue }
            if indented, let key = lastKey {
                let previous = sections[section]?[key] ?? ""
                sections[section]?[key] = previous.isEmpty ? line : previous + "\n" + line
                continue
            }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            sections[section]?[key] = value
            lastKey = key
        }
    }

    func section(_ name: String) -> [String: String]? {
        sections[name]
    }
}
