/// Reads the IAM JSON policy grammar into a `PolicyDocument`, collecting every error with the
/// path of the offending element. Structural checks live here; checks of element values that a
/// hand-built `PolicyDocument` could also get wrong live in `PolicyValidator`.
public enum PolicyParser {
    /// Parses and validates `text`, throwing every error found.
    public static func parse(_ text: String, kind: PolicyKind = .identity,
                             sizeLimit: Int? = nil) throws(PolicyParseError) -> PolicyDocument {
        let (document, issues) = read(text, kind: kind, sizeLimit: sizeLimit)
        let errors = issues.filter { $0.severity == .error }
        guard let document, errors.isEmpty else {
            throw PolicyParseError(issues: errors.isEmpty
                ? [PolicyIssue(.error, "", "invalid policy", code: "invalid")] : errors)
        }
        return document
    }

    /// Parses as far as possible: the document when its structure could be read (it may still
    /// have value errors), and all errors found (structural and from `PolicyValidator`).
    public static func read(_ text: String, kind: PolicyKind = .identity,
                            sizeLimit: Int? = nil) -> (document: PolicyDocument?, issues: [PolicyIssue]) {
        var reader = StructureReader(kind: kind)
        let limit = sizeLimit ?? kind.defaultSizeLimit
        let size = significantCharacterCount(text)
        if size > limit {
            reader.error("", "policy is \(size) characters long (whitespace excluded); the limit is \(limit)",
                         code: "size-limit")
        }
        let json: JSONValue
        do {
            json = try JSONReader.parse(text)
        } catch {
            reader.error("", error.description, code: "syntax")
            return (nil, reader.issues)
        }
        let document = reader.readDocument(json)
        if let document { reader.issues += PolicyValidator.validate(document, kind: kind) }
        return (document, reader.issues)
    }

    /// Characters that count towards IAM's size limits: everything except whitespace.
    public static func significantCharacterCount(_ text: String) -> Int {
        var count = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                switch scalar.value {
                case 0x09...0x0D, 0x20: continue
                default: count += 1
                }
            } else if !scalar.properties.isWhitespace {
                count += 1
            }
        }
        return count
    }
}

/// Walks the JSON tree; one instance per document.
private struct StructureReader {
    let kind: PolicyKind
    var issues: [PolicyIssue] = []

    init(kind: PolicyKind) { self.kind = kind }

    mutating func error(_ path: String, _ message: String, code: String) {
        issues.append(PolicyIssue(.error, path, message, code: code))
    }

    mutating func readDocument(_ json: JSONValue) -> PolicyDocument? {
        guard case .object(let members) = json else {
            error("", "policy must be a JSON object, not \(json.typeName)", code: "type")
            return nil
        }
        reportDuplicates(members, path: "")
        var version: PolicyVersion?
        var id: String?
        var statements: [PolicyStatement]?
        var structureOK = true
        for member in members {
            switch member.key {
            case "Version":
                if case .string(let text) = member.value, let parsed = PolicyVersion(rawValue: text) {
                    version = parsed
                } else {
                    error("Version", "must be \"2012-10-17\" or \"2008-10-17\", not \(render(member.value))",
                          code: "version")
                }
            case "Id":
                if case .string(let text) = member.value { id = text } else {
                    error("Id", "must be a string, not \(member.value.typeName)", code: "type")
                }
            case "Statement":
                statements = readStatements(member.value)
                if statements == nil { structureOK = false }
            default:
                error(member.key, "unknown top-level element (expected Version, Id, Statement)", code: "unknown-element")
            }
        }
        if !members.contains(where: { $0.key == "Statement" }) {
            error("Statement", "is required", code: "missing-element")
            return nil
        }
        guard structureOK, let statements else { return nil }
        return PolicyDocument(version: version, id: id, statements: statements)
    }

    private mutating func readStatements(_ json: JSONValue) -> [PolicyStatement]? {
        let elements: [JSONValue]
        switch json {
        case .object: elements = [json]
        case .array(let list):
            guard !list.isEmpty else {
                error("Statement", "must contain at least one statement", code: "empty")
                return nil
            }
            elements = list
        default:
            error("Statement", "must be an object or a list of objects, not \(json.typeName)", code: "type")
            return nil
        }
        var statements: [PolicyStatement] = []
        var allRead = true
        for (index, element) in elements.enumerated() {
            if let statement = readStatement(element, path: "Statement[\(index)]") {
                statements.append(statement)
            } else {
                allRead = false
            }
        }
        return allRead ? statements : nil
    }

    private static let statementKeys: Set<String> = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]

    private mutating func readStatement(_ json: JSONValue, path: String) -> PolicyStatement? {
        guard case .object(let members) = json else {
            error(path, "must be an object, not \(json.typeName)", code: "type")
            return nil
        }
        reportDuplicates(members, path: path)
        var byKey: [String: JSONValue] = [:]
        for member in members {
            if Self.statementKeys.contains(member.key) {
                if byKey[member.key] == nil { byKey[member.key] = member.value }
            } else {
                error("\(path).\(member.key)", "unknown statement element (expected one of "
                      + "Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)",
                      code: "unknown-element")
            }
        }
        var ok = true

        var sid: String?
        if let value = byKey["Sid"] {
            if case .string(let text) = value { sid = text } else {
                error("\(path).Sid", "must be a string, not \(value.typeName)", code: "type")
            }
        }

        var effect: PolicyEffect?
        if let value = byKey["Effect"] {
            if case .string(let text) = value, let parsed = PolicyEffect(rawValue: text) {
                effect = parsed
            } else {
                error("\(path).Effect", "must be \"Allow\" or \"Deny\", not \(render(value))", code: "effect")
                ok = false
            }
        } else {
            error(path, "Effect is required", code: "missing-element")
            ok = false
        }

        var action: ActionElement?
        switch (byKey["Action"], byKey["NotAction"]) {
        case (.some, .some):
            error(path, "Action and NotAction cannot both be present", code: "conflicting-elements")
            ok = false
        case (.some(let value), nil):
            if let list = stringList(value, path: "\(path).Action") { action = .action(list) } else { ok = false }
        case (nil, .some(let value)):
            if let list = stringList(value, path: "\(path).NotAction") { action = .notAction(list) } else { ok = false }
        case (nil, nil):
            error(path, "one of Action or NotAction is required", code: "missing-element")
            ok = false
        }

        var resource: ResourceElement?
        switch (byKey["Resource"], byKey["NotResource"]) {
        case (.some, .some):
            error(path, "Resource and NotResource cannot both be present", code: "conflicting-elements")
            ok = false
        case (.some(let value), nil):
            if let list = stringList(value, path: "\(path).Resource") { resource = .resource(list) } else { ok = false }
        case (nil, .some(let value)):
            if let list = stringList(value, path: "\(path).NotResource") { resource = .notResource(list) } else { ok = false }
        case (nil, nil):
            break  // required or not depending on the kind: PolicyValidator reports it
        }

        var principal: PrincipalElement?
        switch (byKey["Principal"], byKey["NotPrincipal"]) {
        case (.some, .some):
            error(path, "Principal and NotPrincipal cannot both be present", code: "conflicting-elements")
            ok = false
        case (.some(let value), nil):
            if let spec = readPrincipal(value, path: "\(path).Principal") { principal = .principal(spec) } else { ok = false }
        case (nil, .some(let value)):
            if let spec = readPrincipal(value, path: "\(path).NotPrincipal") {
                principal = .notPrincipal(spec)
            } else {
                ok = false
            }
        case (nil, nil):
            break
        }

        var conditions: [ConditionClause] = []
        if let value = byKey["Condition"] {
            if let read = readConditions(value, path: "\(path).Condition") { conditions = read } else { ok = false }
        }

        guard ok, let effect, let action else { return nil }
        return PolicyStatement(sid: sid, effect: effect, action: action, resource: resource, principal: principal,
                               conditions: conditions)
    }

    private mutating func readPrincipal(_ json: JSONValue, path: String) -> PrincipalSpec? {
        switch json {
        case .string("*"):
            return .anyone
        case .object(let members):
            reportDuplicates(members, path: path)
            guard !members.isEmpty else {
                error(path, "must name at least one principal", code: "empty")
                return nil
            }
            var spec = PrincipalSpec()
            var ok = true
            for member in members {
                let memberPath = "\(path).\(member.key)"
                guard let list = stringList(member.value, path: memberPath) else { ok = false; continue }
                switch member.key {
                case "AWS": spec.aws += list
                case "Service": spec.service += list
                case "Federated": spec.federated += list
                case "CanonicalUser": spec.canonicalUser += list
                default:
                    error(memberPath, "unknown principal type (expected AWS, Service, Federated or CanonicalUser)",
                          code: "unknown-element")
                    ok = false
                }
            }
            return ok ? spec : nil
        default:
            error(path, "must be \"*\" or an object such as {\"AWS\": ...}, not \(render(json))", code: "type")
            return nil
        }
    }

    private mutating func readConditions(_ json: JSONValue, path: String) -> [ConditionClause]? {
        guard case .object(let operators) = json else {
            error(path, "must be an object of condition operators, not \(json.typeName)", code: "type")
            return nil
        }
        reportDuplicates(operators, path: path)
        var clauses: [ConditionClause] = []
        var ok = true
        for entry in operators {
            let operatorPath = "\(path).\(entry.key)"
            guard let conditionOperator = ConditionOperator(entry.key) else {
                if let hint = ConditionOperator.caseInsensitiveMatch(entry.key) {
                    error(operatorPath, "unknown condition operator (operator names are case-sensitive: did you mean \(hint)?)",
                          code: "unknown-operator")
                } else {
                    error(operatorPath, "unknown condition operator", code: "unknown-operator")
                }
                ok = false
                continue
            }
            guard case .object(let keys) = entry.value else {
                error(operatorPath, "must be an object of condition keys and values, not \(entry.value.typeName)",
                      code: "type")
                ok = false
                continue
            }
            reportDuplicates(keys, path: operatorPath, caseInsensitive: true)
            if keys.isEmpty {
                error(operatorPath, "must test at least one condition key", code: "empty")
                ok = false
            }
            for keyEntry in keys {
                let keyPath = "\(operatorPath).\(keyEntry.key)"
                if keyEntry.key.isEmpty {
                    error(keyPath, "condition key must not be empty", code: "empty")
                    ok = false
                    continue
                }
                guard let values = conditionValues(keyEntry.value, path: keyPath) else { ok = false; continue }
                clauses.append(ConditionClause(conditionOperator, key: keyEntry.key, values: values))
            }
        }
        return ok ? clauses : nil
    }

    /// A string or a non-empty list of strings (Action, Resource, Principal values).
    private mutating func stringList(_ json: JSONValue, path: String) -> [String]? {
        switch json {
        case .string(let text):
            return [text]
        case .array(let elements):
            guard !elements.isEmpty else {
                error(path, "must not be an empty list", code: "empty")
                return nil
            }
            var list: [String] = []
            for element in elements {
                guard case .string(let text) = element else {
                    error(path, "must be a string or list of strings (found \(element.typeName) in the list)", code: "type")
                    return nil
                }
                list.append(text)
            }
            return list
        default:
            error(path, "must be a string or list of strings, not \(json.typeName)", code: "type")
            return nil
        }
    }

    /// Condition values: a scalar or a non-empty list of scalars (strings; numbers and booleans
    /// are accepted as IAM does and compared as their text).
    private mutating func conditionValues(_ json: JSONValue, path: String) -> [String]? {
        if let text = json.scalarText { return [text] }
        if case .array(let elements) = json {
            guard !elements.isEmpty else {
                error(path, "value list must not be empty", code: "empty")
                return nil
            }
            var list: [String] = []
            for element in elements {
                guard let text = element.scalarText else {
                    error(path, "value must be a string or list of strings (found \(element.typeName) in the list)",
                          code: "type")
                    return nil
                }
                list.append(text)
            }
            return list
        }
        error(path, "value must be a string or list of strings, not \(json.typeName)", code: "type")
        return nil
    }

    private mutating func reportDuplicates(_ members: [JSONMember], path: String, caseInsensitive: Bool = false) {
        var seen: Set<String> = []
        for member in members {
            let key = caseInsensitive ? member.key.lowercased() : member.key
            if !seen.insert(key).inserted {
                let where_ = path.isEmpty ? member.key : "\(path).\(member.key)"
                error(where_, caseInsensitive ? "duplicate condition key (keys are case-insensitive)" : "duplicate element",
                      code: "duplicate")
            }
        }
    }

    private func render(_ json: JSONValue) -> String {
        switch json {
        case .string(let text): "\"\(text)\""
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: json.typeName
        }
    }
}
