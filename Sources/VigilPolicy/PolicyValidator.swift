/// The value-level errors IAM rejects a policy for, checked on the typed model (so documents built
/// in code are held to the same rules as parsed ones).
public enum PolicyValidator {
    public static func validate(_ document: PolicyDocument, kind: PolicyKind) -> [PolicyIssue] {
        var issues: [PolicyIssue] = []
        func error(_ path: String, _ message: String, _ code: String) {
            issues.append(PolicyIssue(.error, path, message, code: code))
        }
        if document.statements.isEmpty { error("Statement", "must contain at least one statement", "empty") }
        var sids: [String: Int] = [:]
        for (index, statement) in document.statements.enumerated() {
            let path = "Statement[\(index)]"
            if let sid = statement.sid, !sid.isEmpty {
                if let first = sids[sid] {
                    error("\(path).Sid", "duplicate Sid \"\(sid)\" (also Statement[\(first)]); Sids must be unique in a policy",
                          "duplicate-sid")
                } else {
                    sids[sid] = index
                }
            }

            let actionName = statement.action.elementName
            for (position, action) in statement.action.patterns.enumerated() {
                if let problem = actionProblem(action) {
                    error(elementPath("\(path).\(actionName)", position, statement.action.patterns.count),
                          "\"\(action)\" \(problem)", "action-format")
                }
            }

            switch (kind, statement.resource) {
            case (.trust, .some(let element)):
                error("\(path).\(element.elementName)", "is not allowed in a role trust policy", "prohibited-element")
            case (.identity, nil), (.resource, nil):
                error(path, "one of Resource or NotResource is required", "missing-element")
            case (_, .some(let element)):
                for (position, resource) in element.patterns.enumerated()
                where resource != "*" && !resource.hasPrefix("arn:") && !resource.hasPrefix("${") {
                    error(elementPath("\(path).\(element.elementName)", position, element.patterns.count),
                          "\"\(resource)\" is not an ARN or \"*\"", "resource-format")
                }
            case (.trust, nil):
                break
            }

            switch (kind, statement.principal) {
            case (.identity, .some(let element)):
                error("\(path).\(element.elementName)", "is not allowed in an identity-based policy", "prohibited-element")
            case (.resource, nil):
                error(path, "one of Principal or NotPrincipal is required in a resource-based policy", "missing-element")
            case (.trust, nil):
                error(path, "Principal is required in a role trust policy", "missing-element")
            case (.trust, .some(.notPrincipal)):
                error("\(path).NotPrincipal", "is not allowed in a role trust policy", "prohibited-element")
            case (_, .some(let element)):
                if element.isNegated, statement.effect == .allow {
                    error("\(path).NotPrincipal", "must be used with \"Effect\": \"Deny\"", "not-principal-allow")
                }
                issues += principalIssues(element.spec, path: "\(path).\(element.elementName)")
            case (.identity, nil):
                break
            }

            for clause in statement.conditions {
                issues += conditionIssues(clause, path: "\(path).Condition.\(clause.conditionOperator).\(clause.key)")
            }
        }
        return issues
    }

    /// `Statement[0].Action` for a single value, `Statement[0].Action[2]` in a list.
    static func elementPath(_ base: String, _ index: Int, _ count: Int) -> String {
        count == 1 ? base : "\(base)[\(index)]"
    }

    /// Why an Action entry is malformed, or nil.
    static func actionProblem(_ action: String) -> String? {
        if action == "*" { return nil }
        guard let colon = action.firstIndex(of: ":") else { return "is not \"service:action\" or \"*\"" }
        let service = action[..<colon]
        let name = action[action.index(after: colon)...]
        if service.isEmpty || name.isEmpty { return "is not \"service:action\" or \"*\"" }
        if service.contains(where: { $0 == "*" || $0 == "?" }) { return "has a wildcard in its service prefix" }
        if !service.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            return "has an invalid service prefix"
        }
        if name.contains(where: { $0 == ":" || $0.isWhitespace }) { return "has an invalid action name" }
        return nil
    }

    private static func principalIssues(_ spec: PrincipalSpec, path: String) -> [PolicyIssue] {
        var issues: [PolicyIssue] = []
        for (index, value) in spec.aws.enumerated() {
            let where_ = elementPath("\(path).AWS", index, spec.aws.count)
            if value == "*" || PrincipalMatcher.accountId(of: value) != nil { continue }
            if value.contains("*") || value.contains("?") {
                issues.append(PolicyIssue(.error, where_, "\"\(value)\": wildcards are not allowed in principal ARNs "
                    + "(use \"*\" with a condition on aws:PrincipalArn)", code: "principal-format"))
            } else if value.hasPrefix("arn:") {
                let fields = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
                if fields.count != 6 || !(fields[2] == "iam" || fields[2] == "sts") || fields[5].isEmpty {
                    issues.append(PolicyIssue(.error, where_, "\"\(value)\" is not an IAM or STS principal ARN",
                                              code: "principal-format"))
                }
            } else if !(value.count >= 16 && value.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == ":") })) {
                issues.append(PolicyIssue(.error, where_, "\"\(value)\" is not an account id, principal ARN, unique id or \"*\"",
                                          code: "principal-format"))
            }
        }
        for (index, value) in spec.service.enumerated()
        where value.isEmpty || value.contains(where: { $0.isWhitespace || $0 == "*" || $0 == "?" }) || !value.contains(".") {
            issues.append(PolicyIssue(.error, elementPath("\(path).Service", index, spec.service.count),
                                      "\"\(value)\" is not a service principal such as \"aidevops.amazonaws.com\"",
                                      code: "principal-format"))
        }
        for (index, value) in spec.federated.enumerated() where value.isEmpty || value.contains(where: \.isWhitespace) {
            issues.append(PolicyIssue(.error, elementPath("\(path).Federated", index, spec.federated.count),
                                      "\"\(value)\" is not an identity provider", code: "principal-format"))
        }
        return issues
    }

    private static func conditionIssues(_ clause: ConditionClause, path: String) -> [PolicyIssue] {
        var issues: [PolicyIssue] = []
        if clause.key.isEmpty {
            issues.append(PolicyIssue(.error, path, "condition key must not be empty", code: "empty"))
        }
        if clause.values.isEmpty {
            issues.append(PolicyIssue(.error, path, "value list must not be empty", code: "empty"))
        }
        for value in clause.values {
            let problem: String?
            switch clause.conditionOperator.base {
            case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
                 .numericGreaterThanEquals:
                problem = ConditionValues.number(value) == nil ? "is not a number" : nil
            case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan,
                 .dateGreaterThanEquals:
                problem = Timestamp.parse(value) == nil ? "is not an ISO 8601 date-time or epoch seconds" : nil
            case .bool, .null:
                problem = ConditionValues.bool(value) == nil ? "is not true or false" : nil
            case .binaryEquals:
                problem = ConditionValues.binary(value) == nil ? "is not base64" : nil
            case .ipAddress, .notIpAddress:
                problem = CIDRBlock(value) == nil ? "is not an IPv4 or IPv6 address or CIDR block" : nil
            default:
                problem = nil
            }
            if let problem {
                issues.append(PolicyIssue(.error, path, "\"\(value)\" \(problem)", code: "condition-value"))
            }
        }
        return issues
    }
}
