import Foundation

/// Reads the members of a JSON object for generated `init(json:)` implementations.
struct JSONObjectReader {
    let members: [String: JSONValue]

    init(_ json: JSONValue) throws(ShapeDecodingError) {
        guard case .object(let members) = json else {
            throw ShapeDecodingError(path: "", message: "Member must be of type structure")
        }
        self.members = members
    }

    /// The decoded member `key`; `null` counts as missing.
    func required<T>(_ key: String, _ decode: (JSONValue) throws(ShapeDecodingError) -> T) throws(ShapeDecodingError) -> T {
        guard let value = members[key], !value.isNull else {
            throw ShapeDecodingError(path: key, message: "Member is required")
        }
        do {
            return try decode(value)
        } catch {
            throw error.prefixed(member: key)
        }
    }

    /// The decoded member `key`, or `nil` when missing or `null`.
    func optional<T>(_ key: String, _ decode: (JSONValue) throws(ShapeDecodingError) -> T) throws(ShapeDecodingError) -> T? {
        guard let value = members[key], !value.isNull else { return nil }
        do {
            return try decode(value)
        } catch {
            throw error.prefixed(member: key)
        }
    }

    /// The single non-null member among `names`, for unions. Unknown members are ignored.
    func unionMember(_ names: [String]) throws(ShapeDecodingError) -> UnionMember {
        var found: [UnionMember] = []
        for name in names {
            if let value = members[name], !value.isNull {
                found.append(UnionMember(name: name, value: value))
            }
        }
        guard found.count == 1 else {
            throw ShapeDecodingError(path: "", message: UnionArity.message(found: found.map(\.name)))
        }
        return found[0]
    }
}

/// The member that is set in a union's JSON object.
struct UnionMember {
    let name: String
    let value: JSONValue

    /// Decodes the member's value; errors get the member name prefixed to their path.
    func decode<T>(_ decode: (JSONValue) throws(ShapeDecodingError) -> T) throws(ShapeDecodingError) -> T {
        do {
            return try decode(value)
        } catch {
            throw error.prefixed(member: name)
        }
    }
}

enum UnionArity {
    /// `Exactly one member of the union must be set, found 2: [github, slack]`.
    static func message(found names: [String]) -> String {
        if names.isEmpty {
            return "Exactly one member of the union must be set, found 0"
        }
        return "Exactly one member of the union must be set, found \(names.count): [\(names.joined(separator: ", "))]"
    }
}

/// Scalar and collection decoders shared by generated code and the validator, so that both
/// accept exactly the same JSON.
enum JSONDecode {
    static func string(_ json: JSONValue) throws(ShapeDecodingError) -> String {
        guard case .string(let value) = json else { throw typeMismatch("string") }
        return value
    }

    /// A 32-bit integer (`integer` shapes). Integral doubles such as `3.0` are accepted.
    static func integer(_ json: JSONValue) throws(ShapeDecodingError) -> Int {
        guard let value = json.int64Value, value >= Int64(Int32.min), value <= Int64(Int32.max) else {
            throw typeMismatch("integer")
        }
        return Int(value)
    }

    /// A 64-bit integer (`long` shapes). Integral doubles are accepted.
    static func long(_ json: JSONValue) throws(ShapeDecodingError) -> Int64 {
        guard let value = json.int64Value else { throw typeMismatch("long") }
        return value
    }

    /// Any JSON number, or the strings `NaN`, `Infinity`, `-Infinity` (Smithy's JSON forms).
    static func double(_ json: JSONValue) throws(ShapeDecodingError) -> Double {
        switch json {
        case .int(let value):
            return Double(value)
        case .double(let value):
            return value
        case .string("NaN"):
            return .nan
        case .string("Infinity"):
            return .infinity
        case .string("-Infinity"):
            return -.infinity
        default:
            throw typeMismatch("double")
        }
    }

    static func boolean(_ json: JSONValue) throws(ShapeDecodingError) -> Bool {
        guard case .bool(let value) = json else { throw typeMismatch("boolean") }
        return value
    }

    /// Epoch seconds (number) or an ISO 8601 string, whatever the declared format.
    static func timestamp(_ json: JSONValue) throws(ShapeDecodingError) -> Date {
        guard let date = Timestamps.date(from: json) else {
            throw ShapeDecodingError(path: "", message: "Member must be a timestamp (epoch seconds or ISO 8601 string)")
        }
        return date
    }

    static func document(_ json: JSONValue) throws(ShapeDecodingError) -> JSONValue {
        json
    }

    static func list<T>(_ json: JSONValue, _ element: (JSONValue) throws(ShapeDecodingError) -> T) throws(ShapeDecodingError) -> [T] {
        guard case .array(let elements) = json else { throw typeMismatch("list") }
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for (index, value) in elements.enumerated() {
            do {
                result.append(try element(value))
            } catch {
                throw error.prefixed(subscript: String(index))
            }
        }
        return result
    }

    static func map<T>(_ json: JSONValue, _ value: (JSONValue) throws(ShapeDecodingError) -> T) throws(ShapeDecodingError) -> [String: T] {
        guard case .object(let members) = json else { throw typeMismatch("map") }
        var result: [String: T] = [:]
        result.reserveCapacity(members.count)
        for (key, member) in members {
            do {
                result[key] = try value(member)
            } catch {
                throw error.prefixed(subscript: key)
            }
        }
        return result
    }

    static func typeMismatch(_ type: String) -> ShapeDecodingError {
        ShapeDecodingError(path: "", message: "Member must be of type \(type)")
    }
}
