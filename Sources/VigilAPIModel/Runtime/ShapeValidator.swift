/// Checks a JSON value against the constraints of the shape table and collects every violation.
///
/// Rules (message texts in parentheses; `Member` reads `Map key` for map keys):
/// - required member missing or `null` (`Member is required`); `null` optional members are absent
/// - JSON type of each value (`Member must be of type string` / `integer` / `long` / `double` /
///   `boolean` / `structure` / `list` / `map`; timestamps: `Member must be a timestamp (epoch
///   seconds or ISO 8601 string)`); `integer` must fit 32 bits; integral doubles count as integers
/// - string length in Unicode scalars, list and map sizes (`Member must have length greater than
///   or equal to 1`, `... less than or equal to 255`)
/// - integer and long range (`Member must be greater than or equal to 1`, `... less than or equal to 100`)
/// - pattern, as a full match (`Member must satisfy regular expression pattern: <pattern>`)
/// - enum membership (`Member must satisfy enum value set: [INVESTIGATION, EVALUATION]`)
/// - unions: exactly one non-null member (`Exactly one member of the union must be set, found 2:
///   [github, slack]`)
/// - `null` list elements and map values (`Member must not be null`)
/// A value with the wrong JSON type is not inspected further. Unknown object members are ignored.
struct ShapeValidator {
    let shapes: [String: ShapeDescriptor]
    private(set) var violations: [ValidationExceptionField] = []
    private var path: [FieldPath.Component] = []

    init(shapes: [String: ShapeDescriptor] = ServiceModel.shapes) {
        self.shapes = shapes
        path.reserveCapacity(8)
    }

    mutating func report(_ message: String) {
        violations.append(ValidationExceptionField(path: FieldPath.render(path), message: message))
    }

    /// Validates the members of a structure given as an object. `bindingErrors` maps member names
    /// to a violation already found while binding (for example an empty URI label); such members
    /// report that message instead of being checked.
    mutating func validateMembers(
        of shape: ShapeDescriptor,
        in object: [String: JSONValue],
        bindingErrors: [String: String] = [:]
    ) {
        for member in shape.members {
            path.append(.member(member.name))
            if let bindingError = bindingErrors[member.name] {
                report(bindingError)
            } else if let value = object[member.jsonKey], !value.isNull {
                validate(value, shapeName: member.target)
            } else if member.required {
                report("Member is required")
            }
            path.removeLast()
        }
    }

    /// Validates a non-null value against the shape called `shapeName`.
    mutating func validate(_ value: JSONValue, shapeName: String, subject: String = "Member") {
        guard let shape = shapes[shapeName] else { return }
        switch shape.type {
        case .string:
            guard case .string(let string) = value else {
                report("\(subject) must be of type string")
                return
            }
            validateString(string, shape: shape, subject: subject)
        case .integer:
            guard let number = try? JSONDecode.integer(value) else {
                report("\(subject) must be of type integer")
                return
            }
            validateRange(Int64(number), shape: shape, subject: subject)
        case .long:
            guard let number = try? JSONDecode.long(value) else {
                report("\(subject) must be of type long")
                return
            }
            validateRange(number, shape: shape, subject: subject)
        case .double, .float:
            if (try? JSONDecode.double(value)) == nil {
                report("\(subject) must be of type double")
            }
        case .boolean:
            if (try? JSONDecode.boolean(value)) == nil {
                report("\(subject) must be of type boolean")
            }
        case .timestamp:
            if Timestamps.date(from: value) == nil {
                report("\(subject) must be a timestamp (epoch seconds or ISO 8601 string)")
            }
        case .document, .blob:
            return
        case .list:
            guard case .array(let elements) = value else {
                report("\(subject) must be of type list")
                return
            }
            validateSize(elements.count, shape: shape, subject: subject)
            guard let elementShape = shape.listMember else { return }
            for (index, element) in elements.enumerated() {
                path.append(.index(index))
                if element.isNull {
                    report("Member must not be null")
                } else {
                    validate(element, shapeName: elementShape)
                }
                path.removeLast()
            }
        case .map:
            guard case .object(let entries) = value else {
                report("\(subject) must be of type map")
                return
            }
            validateSize(entries.count, shape: shape, subject: subject)
            guard let keyShape = shape.mapKey, let valueShape = shape.mapValue else { return }
            for (key, entry) in entries.sorted(by: { $0.key < $1.key }) {
                path.append(.key(key))
                validate(.string(key), shapeName: keyShape, subject: "Map key")
                if entry.isNull {
                    report("Member must not be null")
                } else {
                    validate(entry, shapeName: valueShape)
                }
                path.removeLast()
            }
        case .structure:
            guard case .object(let object) = value else {
                report("\(subject) must be of type structure")
                return
            }
            if shape.isUnion {
                validateUnion(object, shape: shape)
            } else {
                validateMembers(of: shape, in: object)
            }
        }
    }

    private mutating func validateUnion(_ object: [String: JSONValue], shape: ShapeDescriptor) {
        var setMembers: [MemberDescriptor] = []
        for member in shape.members {
            if let value = object[member.jsonKey], !value.isNull {
                setMembers.append(member)
            }
        }
        guard setMembers.count == 1, let member = setMembers.first, let value = object[member.jsonKey] else {
            report(UnionArity.message(found: setMembers.map(\.jsonKey)))
            return
        }
        path.append(.member(member.name))
        validate(value, shapeName: member.target)
        path.removeLast()
    }

    private mutating func validateString(_ string: String, shape: ShapeDescriptor, subject: String) {
        if let values = shape.enumValues, !values.contains(string) {
            report("\(subject) must satisfy enum value set: [\(values.joined(separator: ", "))]")
        }
        if shape.min != nil || shape.max != nil {
            validateLength(string.unicodeScalars.count, shape: shape, subject: subject)
        }
        if let pattern = shape.pattern, !PatternMatcher.matches(string, pattern: pattern) {
            report("\(subject) must satisfy regular expression pattern: \(pattern)")
        }
    }

    private mutating func validateLength(_ length: Int, shape: ShapeDescriptor, subject: String) {
        if let min = shape.min, length < min {
            report("\(subject) must have length greater than or equal to \(min)")
        }
        if let max = shape.max, length > max {
            report("\(subject) must have length less than or equal to \(max)")
        }
    }

    private mutating func validateSize(_ count: Int, shape: ShapeDescriptor, subject: String) {
        validateLength(count, shape: shape, subject: subject)
    }

    private mutating func validateRange(_ number: Int64, shape: ShapeDescriptor, subject: String) {
        if let min = shape.min, number < Int64(min) {
            report("\(subject) must be greater than or equal to \(min)")
        }
        if let max = shape.max, number > Int64(max) {
            report("\(subject) must be less than or equal to \(max)")
        }
    }
}
