extension ServiceModel {
    /// What replaces a sensitive value in ``redact(_:shapeName:)``.
    public static let redactedPlaceholder = "*** sensitive ***"

    /// A copy of `json` (a value of the shape `shapeName`) in which every value whose shape is
    /// `sensitive` (a string such as `ClientSecret`, or a whole structure or union such as
    /// `DynatraceServiceAuthorizationConfig`) is replaced by ``redactedPlaceholder``. Lists and
    /// map values are redacted element by element; map keys are kept. Members the model does not
    /// know are kept as they are. Use it for logs and audit records.
    public static func redact(_ json: JSONValue, shapeName: String) -> JSONValue {
        guard let shape = shapes[shapeName], !json.isNull else { return json }
        if shape.isSensitive {
            return .string(redactedPlaceholder)
        }
        switch shape.type {
        case .structure:
            guard case .object(var object) = json else { return json }
            for member in shape.members {
                if let value = object[member.jsonKey] {
                    object[member.jsonKey] = redact(value, shapeName: member.target)
                }
            }
            return .object(object)
        case .list:
            guard case .array(let elements) = json, let element = shape.listMember else { return json }
            return .array(elements.map { redact($0, shapeName: element) })
        case .map:
            guard case .object(let entries) = json, let value = shape.mapValue else { return json }
            return .object(entries.mapValues { redact($0, shapeName: value) })
        default:
            return json
        }
    }
}

extension APIShape {
    /// ``toJSON()`` with sensitive values replaced, see ``ServiceModel/redact(_:shapeName:)``.
    public func redactedJSON() -> JSONValue {
        ServiceModel.redact(toJSON(), shapeName: Self.shapeName)
    }
}
