import Hummingbird

/// An `application/x-www-form-urlencoded` body: the fields of a submitted form.
struct FormBody: Sendable {
    /// Forms of this app are small; anything larger is refused before parsing.
    static let maxBytes = 64 * 1024

    var fields: [(name: String, value: String)]

    subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    init(fields: [(name: String, value: String)]) { self.fields = fields }

    init(parsing raw: String) {
        fields = raw.split(separator: "&", omittingEmptySubsequences: true).compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { return nil }
            return (name, parts.count > 1 ? (Self.decode(parts[1]) ?? "") : "")
        }
    }

    static func read(_ request: Request) async throws -> FormBody {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBytes)
        return FormBody(parsing: String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    /// `+` is a space, `%XX` a byte; invalid escapes make the field unreadable (nil).
    static func decode(_ part: Substring) -> String? {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

import Foundation
