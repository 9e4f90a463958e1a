/// `validate`: the errors IAM would reject a policy for, plus warnings about policies IAM
/// accepts but that are probably wrong or too broad.
public enum PolicyLinter {
    /// Errors (from `PolicyParser`) followed by warnings, each with its element path.
    /// `account`: the account that owns the role or resource; trust-policy principals of other
    /// accounts are cross-account. When nil, every account principal is treated as possibly
    /// cross-account.
    public static func lint(_ text: String, kind: PolicyKind = .identity, account: String? = nil,
                            sizeLimit: Int? = nil) -> [PolicyIssue] {
        let (document, issues) = PolicyParser.read(text, kind: kind, sizeLimit: sizeLimit)
        guard let document else { return issues }
        return issues + warnings(document, kind: kind, account: account)
    }

    /// The warnings for a document (errors come from `PolicyValidator`).
    public static func warnings(_ document: PolicyDocument, kind: PolicyKind, account: String? = nil) -> [PolicyIssue] {
        var issues: [PolicyIssue] = []
        func warn(_ path: String, _ message: String, _ code: String) {
            issues.append(PolicyIssue(.warning, path, message, code: code))
        }
        if document.version == nil {
            warn("Version", "is missing: IAM then uses 2008-10-17, which has no policy variables; "
                 + "add \"Version\": \"2012-10-17\"", "missing-version")
        }
        for (index, statement) in document.statements.enumerated() {
            let path = "Statement[\(index)]"
            checkSid(statement, path: path, kind: kind, warn: warn)
            checkActions(statement, path: path, kind: kind, warn: warn)
            checkResources(statement, path: path, document: document, warn: warn)
            checkConditions(statement, path: path, document: document, warn: warn)
            if kind != .identity { checkPrincipals(statement, path: path, kind: kind, account: account, warn: warn) }
        }
        return issues
    }

    private typealias Warn = (_ path: String, _ message: String, _ code: String) -> Void

    private static func checkSid(_ statement: PolicyStatement, path: String, kind: PolicyKind, warn: Warn) {
        guard kind == .identity, let sid = statement.sid,
              !sid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return }
        warn("\(path).Sid", "\"\(sid)\": IAM accepts only letters and digits in the Sid of an identity-based policy",
             "sid-format")
    }

    private static func checkActions(_ statement: PolicyStatement, path: String, kind: PolicyKind, warn: Warn) {
        let element = statement.action
        let base = "\(path).\(element.elementName)"
        let count = element.patterns.count
        if statement.effect == .allow, element.isNegated {
            warn(base, "Allow with NotAction allows every action of every service except those listed", "allow-not-action")
        }
        for (position, action) in element.patterns.enumerated() {
            let where_ = PolicyValidator.elementPath(base, position, count)
            guard PolicyValidator.actionProblem(action) == nil else { continue }
            let (service, name) = split(action)
            if service.lowercased() == "aidevops" {
                if name.contains(where: { $0 == "*" || $0 == "?" }) {
                    if KnownActions.aidevopsActions(matching: name).isEmpty {
                        warn(where_, "\"\(action)\" matches no known aidevops action", "unknown-action")
                    }
                } else if !KnownActions.isKnownAidevopsAction(name) {
                    warn(where_, "\"\(action)\" is not a known aidevops action", "unknown-action")
                }
            }
            guard statement.effect == .allow, !element.isNegated else { continue }
            if kind == .trust {
                if service.lowercased() != "sts", action != "*" {
                    warn(where_, "\"\(action)\": a trust policy grants only sts: actions such as sts:AssumeRole",
                         "trust-action")
                }
                continue
            }
            if action == "*" {
                warn(where_, "\"*\" allows every action of every service", "wildcard-action")
            } else if name == "*" {
                warn(where_, "\"\(action)\" allows every \(service) action", "wildcard-action")
            } else if isWrite(name), case .resource(let resources)? = statement.resource, resources.contains("*") {
                warn(where_, "\"\(action)\" allows writes on every resource (\"Resource\": \"*\"); scope it to resource ARNs",
                     "write-on-all-resources")
            } else if isWrite(name), case .notResource? = statement.resource {
                warn(where_, "\"\(action)\" allows writes on every resource not listed in NotResource",
                     "write-on-all-resources")
            }
        }
    }

    private static func checkResources(_ statement: PolicyStatement, path: String, document: PolicyDocument, warn: Warn) {
        guard let element = statement.resource else { return }
        let base = "\(path).\(element.elementName)"
        if statement.effect == .allow, element.isNegated {
            warn(base, "Allow with NotResource allows every resource except those listed", "allow-not-resource")
        }
        for (position, resource) in element.patterns.enumerated() where resource != "*" {
            let where_ = PolicyValidator.elementPath(base, position, element.patterns.count)
            checkVariables(resource, path: where_, document: document, warn: warn)
            guard resource.hasPrefix("arn:") else { continue }
            let fields = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            if fields.count < 6, !resource.hasSuffix("*") {
                warn(where_, "\"\(resource)\" has fewer than six ARN fields and matches no ARN", "resource-format")
            }
            if fields.count > 2, fields[2].contains(where: { $0 == "*" || $0 == "?" }) {
                warn(where_, "\"\(resource)\": IAM does not allow wildcards in the service field of an ARN",
                     "resource-format")
            }
        }
    }

    private static func checkConditions(_ statement: PolicyStatement, path: String, document: PolicyDocument, warn: Warn) {
        for clause in statement.conditions {
            let where_ = "\(path).Condition.\(clause.conditionOperator).\(clause.key)"
            if KnownConditionKeys.isChecked(clause.key), !KnownConditionKeys.isKnown(clause.key) {
                if clause.key.lowercased().hasPrefix("aidevops:") {
                    warn(where_, "\"\(clause.key)\": the aidevops service defines no condition keys", "unknown-condition-key")
                } else {
                    warn(where_, "\"\(clause.key)\" is not a known condition key", "unknown-condition-key")
                }
            } else if KnownConditionKeys.isChecked(clause.key) {
                let multivalued = KnownConditionKeys.isMultivalued(clause.key)
                let qualified = clause.conditionOperator.qualifier != .none
                if qualified, !multivalued, clause.conditionOperator.base != .null {
                    warn(where_, "\(clause.conditionOperator.qualifier.rawValue) is for multivalued keys; "
                         + "\"\(clause.key)\" has at most one value (drop the qualifier)", "set-qualifier")
                } else if !qualified, multivalued, clause.conditionOperator.base != .null {
                    warn(where_, "\"\(clause.key)\" can have several values: use ForAllValues: or ForAnyValue:",
                         "set-qualifier")
                }
            }
            if clause.conditionOperator.base.acceptsVariables {
                for value in clause.values { checkVariables(value, path: where_, document: document, warn: warn) }
            }
        }
    }

    private static func checkVariables(_ value: String, path: String, document: PolicyDocument, warn: Warn) {
        guard value.contains("${") else { return }
        guard document.interpretsVariables else {
            warn(path, "\"\(value)\": policy variables need \"Version\": \"2012-10-17\"; this value is matched literally",
                 "variables-need-version")
            return
        }
        if Template.parse(value, interpretVariables: true).hasMalformedVariable {
            warn(path, "\"\(value)\" has a malformed policy variable; it is matched literally", "malformed-variable")
        }
    }

    private static func checkPrincipals(_ statement: PolicyStatement, path: String, kind: PolicyKind, account: String?,
                                        warn: Warn) {
        guard statement.effect == .allow, case .principal(let spec)? = statement.principal else { return }
        let keys = Set(statement.conditions.map { $0.key.lowercased() })
        let base = "\(path).Principal"
        if !spec.service.isEmpty {
            var missing: [String] = []
            if !keys.contains("aws:sourceaccount") { missing.append("aws:SourceAccount") }
            if !keys.contains("aws:sourcearn") { missing.append("aws:SourceArn") }
            if !missing.isEmpty {
                for (index, service) in spec.service.enumerated() {
                    warn(PolicyValidator.elementPath("\(base).Service", index, spec.service.count),
                         "service principal \"\(service)\" is allowed without \(missing.joined(separator: " and ")) "
                         + "condition\(missing.count > 1 ? "s" : "") (confused deputy: any customer's resource could use it)",
                         "confused-deputy")
                }
            }
        }
        if spec.everyone || spec.aws.contains("*") {
            if statement.conditions.isEmpty {
                warn(spec.everyone ? base : "\(base).AWS",
                     kind == .trust ? "\"*\" lets any AWS principal assume this role" : "\"*\" grants access to anyone",
                     "wildcard-principal")
            }
        }
        guard kind == .trust, !keys.contains("sts:externalid") else { return }
        for (index, value) in spec.aws.enumerated() where value != "*" {
            guard let principalAccount = accountOf(value), principalAccount != account else { continue }
            let suffix = account == nil ? " (cross-account unless the role is in account \(principalAccount))" : ""
            warn(PolicyValidator.elementPath("\(base).AWS", index, spec.aws.count),
                 "account \(principalAccount) can assume this role without an sts:ExternalId condition\(suffix)",
                 "cross-account-external-id")
        }
    }

    /// The account of an account id, root ARN or IAM/STS principal ARN.
    private static func accountOf(_ value: String) -> String? {
        if let account = PrincipalMatcher.accountId(of: value) { return account }
        let fields = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", !fields[4].isEmpty else { return nil }
        return String(fields[4])
    }

    private static func split(_ action: String) -> (service: String, name: String) {
        guard let colon = action.firstIndex(of: ":") else { return (action, "") }
        return (String(action[..<colon]), String(action[action.index(after: colon)...]))
    }

    /// Whether an action name (or pattern) starts with a state-changing verb: `Create*`,
    /// `DeleteAgentSpace`, `Tag*`.
    static func isWrite(_ name: String) -> Bool {
        for verb in KnownActions.writeVerbs where name.count >= verb.count {
            guard name.lowercased().hasPrefix(verb.lowercased()) else { continue }
            let rest = name.dropFirst(verb.count)
            guard let next = rest.first else { return true }
            if next == "*" || next == "?" || next.isUppercase { return true }
        }
        return false
    }
}
