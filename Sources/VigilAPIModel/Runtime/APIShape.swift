/// A generated structure or union of the service model, with explicit JSON coding.
///
/// `init(json:)` reads the rest-json body form (members by their JSON names, `null` treated as
/// absent, unknown members ignored, timestamps accepted as epoch-seconds numbers or ISO 8601
/// strings). `toJSON()` writes it back, omitting `nil` members and formatting each timestamp as
/// its member declares. Decoding only checks what the Swift type needs (required members, JSON
/// types, enum values, union arity); the full constraint set is checked by ``RequestBinder``.
public protocol APIShape: Sendable {
    /// The shape's name in the model (differs from the Swift type name only for renamed shapes,
    /// see `Generated/README.md`).
    static var shapeName: String { get }
    init(json: JSONValue) throws(ShapeDecodingError)
    func toJSON() -> JSONValue
}

/// A generated string enum of the service model.
public protocol APIEnum: RawRepresentable, Sendable, CaseIterable, Hashable where RawValue == String {
    /// The shape's name in the model.
    static var shapeName: String { get }
}

extension APIEnum {
    /// Decodes a JSON string holding one of the enum's values.
    public init(json: JSONValue) throws(ShapeDecodingError) {
        guard case .string(let raw) = json else {
            throw ShapeDecodingError(path: "", message: "Member must be of type string")
        }
        guard let value = Self(rawValue: raw) else {
            throw ShapeDecodingError(
                path: "",
                message: "Member must satisfy enum value set: [\(Self.allCases.map(\.rawValue).joined(separator: ", "))]"
            )
        }
        self = value
    }

    /// `.string(rawValue)`.
    public func toJSON() -> JSONValue {
        .string(rawValue)
    }
}

extension APIShape {
    /// Decodes a shape from JSON text.
    public init(jsonBytes bytes: [UInt8]) throws(ShapeDecodingError) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw ShapeDecodingError(path: "", message: error.message)
        }
        try self.init(json: json)
    }

    /// The compact JSON text of ``toJSON()``.
    public func jsonBytes() -> [UInt8] {
        JSONWriter.write(toJSON())
    }
}

/// Why ``APIShape/init(json:)`` failed. `path` uses the ``FieldPath`` notation
/// (`reference.system`, `filter.status[0]`, `tags[myKey]`); empty means the value itself.
public struct ShapeDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? message : "\(path): \(message)"
    }

    /// The same error seen from one level up: `key` is prepended to the path.
    func prefixed(member key: String) -> ShapeDecodingError {
        ShapeDecodingError(path: path.isEmpty ? key : (path.hasPrefix("[") ? key + path : key + "." + path), message: message)
    }

    /// The same error seen from the containing list or map: `[index]` / `[key]` is prepended.
    func prefixed(subscript label: String) -> ShapeDecodingError {
        ShapeDecodingError(path: path.isEmpty ? "[\(label)]" : (path.hasPrefix("[") ? "[\(label)]" + path : "[\(label)]." + path), message: message)
    }
}
