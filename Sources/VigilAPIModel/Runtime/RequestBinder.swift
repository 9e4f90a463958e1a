/// Binds an HTTP request to an operation's input shape, validates it against the model and
/// decodes it. Generic and table-driven: it reads ``ServiceModel/shapes``.
///
/// Binding builds one JSON object keyed by member name:
/// - **URI labels** (`location: uri`) from ``RawRequest/pathLabels``. A missing or empty label is
///   a violation (`Member must not be empty`).
/// - **Query parameters** by `locationName`; list members take every repeated parameter in order,
///   other members the first one. Unknown parameters are ignored.
/// - **Headers** by `locationName`, case-insensitively, value trimmed; list members split on `,`.
/// - Strings from the URI, query and headers are converted by the target type: `integer`/`long`
///   (decimal), `double`, `boolean` (`true`/`false`), timestamps (ISO 8601, IMF-fixdate or epoch
///   seconds). A value that does not convert stays a string and fails validation as a type mismatch.
/// - **Body**: only for inputs with body members. An empty (or all-whitespace) body is `{}`.
///   Malformed JSON gives a failure whose message is the parser's (`Malformed JSON at byte 17:
///   expected ',' or '}'`) and an empty field list; a non-object top level gives `Malformed
///   request body: expected a JSON object`. Body keys naming URI/query/header members are
///   dropped; unknown body members are ignored (senders add fields over time).
///
/// Validation then checks **all** constraints and reports every violation (see ``ShapeValidator``
/// for the rules and messages; ``FieldPath`` for the path notation). Patterns are full matches,
/// which is stricter than Smithy's unanchored semantics on purpose (see ``PatternMatcher``).
public enum RequestBinder {
    /// Binds, validates and decodes the input of `operation`.
    ///
    /// `T` must be the operation's input type (`T.shapeName == operation.inputShape`).
    public static func decode<T: APIShape>(
        _ type: T.Type,
        for operation: OperationDescriptor,
        from request: RawRequest
    ) throws(ValidationFailure) -> T {
        assert(operation.inputShape == nil || operation.inputShape == T.shapeName,
               "\(T.self) is not the input of \(operation.name)")
        let json = try validatedJSON(shapeName: T.shapeName, from: request)
        do {
            return try T(json: json)
        } catch {
            // Unreachable when the validator and the decoders agree; reported rather than trapped.
            throw ValidationFailure(fieldList: [ValidationExceptionField(path: error.path, message: error.message)])
        }
    }

    /// Binds and validates the input of `operation`, returning the bound JSON object (members
    /// keyed by name) without decoding it. Operations without input give `{}`.
    public static func validatedJSON(for operation: OperationDescriptor, from request: RawRequest) throws(ValidationFailure) -> JSONValue {
        guard let inputShape = operation.inputShape else { return .object([:]) }
        return try validatedJSON(shapeName: inputShape, from: request)
    }

    static func validatedJSON(shapeName: String, from request: RawRequest) throws(ValidationFailure) -> JSONValue {
        guard let shape = ServiceModel.shapes[shapeName] else {
            preconditionFailure("unknown input shape \(shapeName)")
        }
        var bindingErrors: [String: String] = [:]
        var object = try bindBody(of: shape, from: request.body)
        for member in shape.members {
            switch member.location {
            case .body:
                continue
            case .uri:
                let label = member.locationName ?? member.name
                guard let value = request.pathLabels[label], !value.isEmpty else {
                    bindingErrors[member.name] = "Member must not be empty"
                    continue
                }
                object[member.name] = convert(value, to: member.target)
            case .querystring:
                object[member.name] = bindQuery(member, from: request.query, shape: shape)
            case .header:
                object[member.name] = bindHeader(member, from: request.headers)
            case .headers:
                object[member.name] = bindHeaderPrefix(member, from: request.headers)
            }
        }
        var validator = ShapeValidator()
        validator.validateMembers(of: shape, in: object, bindingErrors: bindingErrors)
        if !validator.violations.isEmpty {
            throw ValidationFailure(fieldList: validator.violations)
        }
        return .object(object)
    }

    // MARK: Body

    private static func bindBody(of shape: ShapeDescriptor, from body: [UInt8]) throws(ValidationFailure) -> [String: JSONValue] {
        let hasBodyMembers = shape.members.contains { $0.location == .body }
        guard hasBodyMembers, body.contains(where: { !isJSONWhitespace($0) }) else { return [:] }
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(body)
        } catch {
            throw ValidationFailure(message: error.message, fieldList: [])
        }
        if let payload = shape.payloadMember, let member = shape.member(named: payload) {
            // The body is the value of the payload member (not used by this model's inputs).
            return [member.jsonKey: parsed]
        }
        guard case .object(var object) = parsed else {
            throw ValidationFailure(message: "Malformed request body: expected a JSON object", fieldList: [])
        }
        for member in shape.members where member.location != .body {
            object[member.name] = nil
        }
        return object
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    // MARK: Query and headers

    private static func bindQuery(
        _ member: MemberDescriptor,
        from query: [(name: String, value: String)],
        shape: ShapeDescriptor
    ) -> JSONValue? {
        guard let target = ServiceModel.shapes[member.target] else { return nil }
        let name = member.locationName ?? member.name
        switch target.type {
        case .list:
            let values = query.filter { $0.name == name }.map { convert($0.value, to: target.listMember) }
            return values.isEmpty ? nil : .array(values)
        case .map:
            // All parameters not bound to another query member.
            let bound = Set(shape.members.filter { $0.location == .querystring && $0.name != member.name }.map { $0.locationName ?? $0.name })
            let valueShape = target.mapValue.flatMap { ServiceModel.shapes[$0] }
            var entries: [String: JSONValue] = [:]
            for parameter in query where !bound.contains(parameter.name) {
                if valueShape?.type == .list {
                    let element = convert(parameter.value, to: valueShape?.listMember)
                    if case .array(let existing) = entries[parameter.name] {
                        entries[parameter.name] = .array(existing + [element])
                    } else {
                        entries[parameter.name] = .array([element])
                    }
                } else if entries[parameter.name] == nil {
                    entries[parameter.name] = convert(parameter.value, to: target.mapValue)
                }
            }
            return entries.isEmpty ? nil : .object(entries)
        default:
            return query.first { $0.name == name }.map { convert($0.value, to: member.target) }
        }
    }

    private static func bindHeader(_ member: MemberDescriptor, from headers: [(name: String, value: String)]) -> JSONValue? {
        let name = member.locationName ?? member.name
        guard let header = headers.first(where: { equalsIgnoringASCIICase($0.name, name) }) else { return nil }
        let value = trimmed(header.value)
        if let target = ServiceModel.shapes[member.target], target.type == .list {
            let parts = value.split(separator: ",", omittingEmptySubsequences: true).map { trimmed(String($0)) }
            return .array(parts.map { convert($0, to: target.listMember) })
        }
        return convert(value, to: member.target)
    }

    private static func bindHeaderPrefix(_ member: MemberDescriptor, from headers: [(name: String, value: String)]) -> JSONValue? {
        let prefix = (member.locationName ?? "").lowercased()
        var entries: [String: JSONValue] = [:]
        for header in headers {
            let lowered = header.name.lowercased()
            guard lowered.hasPrefix(prefix), lowered.count > prefix.count else { continue }
            let key = String(header.name.dropFirst(prefix.count))
            if entries[key] == nil {
                entries[key] = .string(trimmed(header.value))
            }
        }
        return entries.isEmpty ? nil : .object(entries)
    }

    /// Converts a URI, query or header string to the JSON type of the target shape.
    static func convert(_ raw: String, to shapeName: String?) -> JSONValue {
        guard let shapeName, let shape = ServiceModel.shapes[shapeName] else { return .string(raw) }
        switch shape.type {
        case .integer, .long:
            if let number = Int64(raw) { return .int(number) }
        case .double, .float:
            if let number = Double(raw) { return .double(number) }
        case .boolean:
            if raw == "true" { return .bool(true) }
            if raw == "false" { return .bool(false) }
        default:
            break
        }
        return .string(raw)
    }

    static func equalsIgnoringASCIICase(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8, right = rhs.utf8
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) where a != b {
            let lowerA = a >= 0x41 && a <= 0x5A ? a | 0x20 : a
            let lowerB = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            if lowerA != lowerB { return false }
        }
        return true
    }

    private static func trimmed(_ value: String) -> String {
        let characters = value.unicodeScalars
        guard let first = characters.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = characters.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(characters[first...last])
    }
}
