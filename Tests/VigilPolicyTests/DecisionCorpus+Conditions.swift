import VigilPolicy

extension DecisionCorpus {
    static let conditions: [DecisionCase] = {
        typealias C = Corpus
        /// An identity policy allowing aidevops:* on * under `condition`.
        func allowIf(_ condition: String) -> [String] { [C.policy(C.allow(#""aidevops:*""#, condition: condition))] }
        /// Allow everything, deny aidevops:* under `condition`.
        func denyIf(_ condition: String) -> [String] {
            [C.policy(C.allow(#""aidevops:*""#), C.deny(#""aidevops:*""#, sid: "Guard", condition: condition))]
        }
        let get = "aidevops:GetAgentSpace"
        return [
            // MARK: String operators, keys and values
            DecisionCase(
                name: "StringEquals matches",
                rule: "IAM JSON policy elements: Condition operators — StringEquals is exact, case-sensitive matching",
                identity: allowIf(#"{"StringEquals": {"aws:PrincipalTag/team": "payments"}}"#), tags: ["team": "payments"],
                action: get, resource: C.space, expected: .allow),
            DecisionCase(
                name: "condition values are case-sensitive",
                rule: "IAM JSON policy elements: Condition — values are case-sensitive unless the operator says otherwise",
                identity: allowIf(#"{"StringEquals": {"aws:PrincipalTag/team": "Payments"}}"#), tags: ["team": "payments"],
                action: get, resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "condition key names are case-insensitive",
                rule: "IAM JSON policy elements: Condition — condition key names are not case-sensitive",
                identity: allowIf(#"{"StringEquals": {"AWS:PRINCIPALTAG/TEAM": "payments"}}"#), tags: ["Team": "payments"],
                action: get, resource: C.space, expected: .allow),
            DecisionCase(
                name: "StringEqualsIgnoreCase",
                rule: "IAM JSON policy elements: Condition operators — StringEqualsIgnoreCase ignores case",
                identity: allowIf(#"{"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "PAYMENTS"}}"#), tags: ["team": "Payments"],
                action: get, resource: C.space, expected: .allow),
            DecisionCase(
                name: "StringNotEqualsIgnoreCase",
                rule: "IAM JSON policy elements: Condition operators — StringNotEqualsIgnoreCase is the case-insensitive negation",
                identity: allowIf(#"{"StringNotEqualsIgnoreCase": {"aws:PrincipalTag/team": "PAYMENTS"}}"#), tags: ["team": "payments"],
                action: get, resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "StringNotEquals with a different value",
                rule: "IAM JSON policy elements: Condition operators — StringNotEquals is true when the value differs",
                identity: allowIf(#"{"StringNotEquals": {"aws:PrincipalTag/team": "search"}}"#), tags: ["team": "payments"],
                action: get, resource: C.space, expected: .allow),
            DecisionCase(
                name: "StringNotEquals with the same value",
                rule: "IAM JSON policy elements: Condition operators — StringNotEquals is false when the value is equal",
                identity: allowIf(#"{"StringNotEquals": {"aws:PrincipalTag/team": "payments"}}"#), tags: ["team": "payments"],
                action: get, resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "negated operator on a missing key is true",
                rule: "IAM JSON policy elements: Condition — if the key is absent, a negated operator (StringNotEquals) is true",
                identity: allowIf(#"{"StringNotEquals": {"aws:PrincipalTag/team": "search"}}"#),
                action: get, resource: C.space, expected: .allow),
            DecisionCase(
                name: "positive operator on a missing key is false",
                rule: "IAM JSON policy elements: Condition — if the key is absent, the values do not match and the condition is false",
                identity: allowIf(#"{"StringEquals": {"aws:PrincipalTag/team": "payments"}}"#),
                action: get, resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "StringLike wildcard",
                rule: "IAM JSON policy elements: Condition operators — StringLike supports * and ? wildcards",
                identity: allowIf(#"{"StringLike": {"aws:PrincipalTag/team": "pay*"}}"#), tags: ["team": "payments"],
                action: get, resource: C.space, expected: .allow),
            DecisionCase(
                name: "StringEquals treats star literally",
                rule: "IAM JSON policy elements: Condition operators — StringEquals has no wildcards",
                identity: allowIf(#"{"StringEquals": {"aws:PrincipalTag/team": "pay*"}}"#), tags: ["team": "payments"],
                action: get, resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "StringNotLike on a matching value",
                rule: "IAM JSON policy elements: Condition operators — StringNotLike is false when the value matches the pattern",
                identity: allowIf(#"{"StringNotLike": {"aws:PrincipalTag/team": "pay*"}}"#), tags: ["team": "payments"],
                action: get, resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "multiple values are ORed",
                rule: "IAM JSON policy elements: Condition — multiple values for one key are evaluated with a logical OR",
                identity: allowIf(#"{"StringEquals": {"aws:PrincipalTag/team": ["search", "payments"]}}"#), tags: ["team": "payments"],
                action: get, resource: C.space, expected: .allow),
            DecisionCase(
                name: "negated operator with multiple values",
                rule: "IAM JSON policy elements: Condition — a negated operator with several values is true only if the request matches none",
                identity: allowIf(#"{"StringNotEquals": {"aws:PrincipalTag/team": ["search", "payments"]}}"#), tags: ["team": "payments"],
                action: get, resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "multiple keys in one operator are ANDed",
                rule: "IAM JSON policy elements: Condition — multiple keys in one operator are evaluated with a logical AND",
                identity: allowIf(#"{"StringEquals": {"aws:PrincipalTag/team": "payments", "aws:PrincipalTag/level": "senior"}}"#),
                tags: ["team": "payments", "level": "junior"], action: get, resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "multiple operators are ANDed",
                rule: "IAM JSON policy elements: Condition — multiple condition operators are evaluated with a logical AND",
                identity: allowIf(#"{"StringEquals": {"aws:PrincipalTag/team": "payments"}, "Bool": {"aws:SecureTransport": "true"}}"#),
                tags: ["team": "payments"], action: get, resource: C.space, context: ["aws:SecureTransport": ["true"]],
                expected: .allow),

            // MARK: IfExists
            DecisionCase(
                name: "IfExists on a missing key",
                rule: "IAM JSON policy elements: Condition operators — ...IfExists is true when the key is not present",
                identity: allowIf(#"{"StringEqualsIfExists": {"aws:RequestTag/env": "prod"}}"#),
                action: get, resource: C.space, expected: .allow),
            DecisionCase(
                name: "IfExists on a present key that does not match",
                rule: "IAM JSON policy elements: Condition operators — ...IfExists evaluates normally when the key is present",
                identity: allowIf(#"{"StringEqualsIfExists": {"aws:RequestTag/env": "prod"}}"#),
                action: get, resource: C.space, context: ["aws:RequestTag/env": ["dev"]], expected: .implicitDeny),
            DecisionCase(
                name: "deny with negated IfExists on a missing key",
                rule: "IAM JSON policy elements: Condition operators — StringNotEqualsIfExists is true for a missing key, so the Deny applies",
                identity: denyIf(#"{"StringNotEqualsIfExists": {"aws:RequestedRegion": "us-east-1"}}"#),
                action: get, resource: C.space, expected: .explicitDeny, decidedBy: "Guard"),

            // MARK: Set qualifiers
            DecisionCase(
                name: "ForAllValues with a subset",
                rule: "IAM JSON policy elements: Condition — ForAllValues is true if every request value matches a policy value",
                identity: allowIf(#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}"#),
                action: "aidevops:TagResource", resource: C.space, context: ["aws:TagKeys": ["env"]], expected: .allow),
            DecisionCase(
                name: "ForAllValues with a value outside the set",
                rule: "IAM JSON policy elements: Condition — ForAllValues is false if any request value matches no policy value",
                identity: allowIf(#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}"#),
                action: "aidevops:TagResource", resource: C.space, context: ["aws:TagKeys": ["env", "owner"]],
                expected: .implicitDeny),
            DecisionCase(
                name: "ForAllValues on an empty set",
                rule: "IAM JSON policy elements: Condition — ForAllValues returns true if there are no keys in the request",
                identity: allowIf(#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}"#),
                action: "aidevops:TagResource", resource: C.space, context: ["aws:TagKeys": []], expected: .allow),
            DecisionCase(
                name: "ForAllValues on a missing key",
                rule: "IAM JSON policy elements: Condition — ForAllValues returns true if the context key is missing",
                identity: allowIf(#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}"#),
                action: "aidevops:TagResource", resource: C.space, expected: .allow),
            DecisionCase(
                name: "ForAnyValue on a missing key",
                rule: "IAM JSON policy elements: Condition — ForAnyValue returns false if the context key is missing",
                identity: allowIf(#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["team", "env"]}}"#),
                action: "aidevops:TagResource", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "ForAnyValue with one matching value",
                rule: "IAM JSON policy elements: Condition — ForAnyValue is true if at least one request value matches",
                identity: allowIf(#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["team", "env"]}}"#),
                action: "aidevops:TagResource", resource: C.space, context: ["aws:TagKeys": ["owner", "team"]],
                expected: .allow),
            DecisionCase(
                name: "ForAllValues with a negated operator",
                rule: "IAM JSON policy elements: Condition — ForAllValues:StringNotLike is true if no request value matches",
                identity: allowIf(#"{"ForAllValues:StringNotLike": {"aws:TagKeys": "aws:*"}}"#),
                action: "aidevops:TagResource", resource: C.space, context: ["aws:TagKeys": ["team", "aws:cloudformation"]],
                expected: .implicitDeny),
            DecisionCase(
                name: "ForAnyValue deny on a reserved tag key",
                rule: "Multivalued context keys: Deny with ForAnyValue denies when any request value matches",
                identity: denyIf(#"{"ForAnyValue:StringLike": {"aws:TagKeys": ["secret*"]}}"#),
                action: "aidevops:TagResource", resource: C.space, context: ["aws:TagKeys": ["team", "secretLevel"]],
                expected: .explicitDeny, decidedBy: "Guard"),
            DecisionCase(
                name: "ForAnyValue with IfExists on a missing key",
                rule: "IAM JSON policy elements: Condition operators — ...IfExists makes a missing key true, even with ForAnyValue",
                identity: allowIf(#"{"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": "team"}}"#),
                action: "aidevops:TagResource", resource: C.space, expected: .allow),

            // MARK: Null
            DecisionCase(
                name: "Null true with the key missing",
                rule: "IAM JSON policy elements: Condition operators — Null \"true\" means the key must be absent",
                identity: allowIf(#"{"Null": {"aws:TokenIssueTime": "true"}}"#),
                action: get, resource: C.space, expected: .allow),
            DecisionCase(
                name: "Null true with the key present",
                rule: "IAM JSON policy elements: Condition operators — Null \"true\" is false when the key is present",
                identity: allowIf(#"{"Null": {"aws:TokenIssueTime": "true"}}"#),
                action: get, resource: C.space, context: ["aws:TokenIssueTime": ["2026-03-01T00:00:00Z"]],
                expected: .implicitDeny),
            DecisionCase(
                name: "Null false with the key present",
                rule: "IAM JSON policy elements: Condition operators — Null \"false\" means the key must exist and not be null",
                identity: allowIf(#"{"Null": {"aws:PrincipalTag/team": "false"}}"#), tags: ["team": "payments"],
                action: get, resource: C.space, expected: .allow),
            DecisionCase(
                name: "Null false with the key missing",
                rule: "IAM JSON policy elements: Condition operators — Null \"false\" is false when the key is absent",
                identity: allowIf(#"{"Null": {"aws:PrincipalTag/team": "false"}}"#),
                action: get, resource: C.space, expected: .implicitDeny),

            // MARK: Bool
            DecisionCase(
                name: "Bool deny on insecure transport",
                rule: "IAM JSON policy elements: Condition operators — Bool compares true/false (aws:SecureTransport)",
                identity: denyIf(#"{"Bool": {"aws:SecureTransport": "false"}}"#),
                action: get, resource: C.space, context: ["aws:SecureTransport": ["false"]], expected: .explicitDeny),
            DecisionCase(
                name: "Bool accepts a JSON boolean",
                rule: "IAM JSON policy grammar: condition values may be strings, numbers or Booleans",
                identity: allowIf(#"{"Bool": {"aws:MultiFactorAuthPresent": true}}"#),
                action: get, resource: C.space, context: ["aws:MultiFactorAuthPresent": ["true"]], expected: .allow),
            DecisionCase(
                name: "BoolIfExists on a missing key",
                rule: "IAM JSON policy elements: Condition operators — BoolIfExists is true when the key is absent",
                identity: denyIf(#"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}"#),
                action: get, resource: C.space, expected: .explicitDeny),

            // MARK: Numeric
            DecisionCase(
                name: "NumericLessThan true",
                rule: "IAM JSON policy elements: Condition operators — NumericLessThan compares numbers",
                identity: allowIf(#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#),
                action: get, resource: C.space, context: ["aws:MultiFactorAuthAge": ["300"]], expected: .allow),
            DecisionCase(
                name: "NumericLessThan false",
                rule: "IAM JSON policy elements: Condition operators — NumericLessThan is false for larger values",
                identity: allowIf(#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#),
                action: get, resource: C.space, context: ["aws:MultiFactorAuthAge": ["7200"]], expected: .implicitDeny),
            DecisionCase(
                name: "NumericGreaterThanEquals at the boundary",
                rule: "IAM JSON policy elements: Condition operators — NumericGreaterThanEquals includes equality",
                identity: allowIf(#"{"NumericGreaterThanEquals": {"aws:MultiFactorAuthAge": 3600}}"#),
                action: get, resource: C.space, context: ["aws:MultiFactorAuthAge": ["3600.0"]], expected: .allow),
            DecisionCase(
                name: "Numeric operator with a non-numeric request value",
                rule: "IAM JSON policy elements: Condition operators — a value that is not a number does not match",
                identity: allowIf(#"{"NumericEquals": {"aws:MultiFactorAuthAge": "10"}}"#),
                action: get, resource: C.space, context: ["aws:MultiFactorAuthAge": ["ten"]], expected: .implicitDeny),

            // MARK: Date
            DecisionCase(
                name: "DateGreaterThan with ISO 8601",
                rule: "IAM JSON policy elements: Condition operators — Date operators compare ISO 8601 dates",
                identity: allowIf(#"{"DateGreaterThan": {"aws:CurrentTime": "2025-01-01T00:00:00Z"}}"#),
                action: get, resource: C.space, context: ["aws:CurrentTime": ["2026-03-01T12:00:00Z"]], expected: .allow),
            DecisionCase(
                name: "DateLessThan false after the date",
                rule: "IAM JSON policy elements: Condition operators — DateLessThan is false after the date",
                identity: allowIf(#"{"DateLessThan": {"aws:CurrentTime": "2025-01-01"}}"#),
                action: get, resource: C.space, context: ["aws:CurrentTime": ["2026-03-01T12:00:00Z"]], expected: .implicitDeny),
            DecisionCase(
                name: "Date policy value in epoch seconds",
                rule: "IAM JSON policy elements: Condition operators — date values may be epoch (UNIX) time",
                identity: allowIf(#"{"DateLessThan": {"aws:CurrentTime": "1893456000"}}"#),
                action: get, resource: C.space, context: ["aws:CurrentTime": ["2026-03-01T12:00:00Z"]], expected: .allow),
            DecisionCase(
                name: "aws:EpochTime against an ISO date",
                rule: "AWS global condition keys: aws:EpochTime is epoch seconds and works with Date operators",
                identity: allowIf(#"{"DateGreaterThanEquals": {"aws:EpochTime": "2026-03-01T00:00:00Z"}}"#),
                action: get, resource: C.space, context: ["aws:EpochTime": ["1772366400"]], expected: .allow),
            DecisionCase(
                name: "DateEquals across time zones",
                rule: "IAM JSON policy elements: Condition operators — ISO 8601 offsets denote the same instant",
                identity: allowIf(#"{"DateEquals": {"aws:CurrentTime": "2026-03-01T12:00:00+02:00"}}"#),
                action: get, resource: C.space, context: ["aws:CurrentTime": ["2026-03-01T10:00:00Z"]], expected: .allow),

            // MARK: IP addresses
            DecisionCase(
                name: "IpAddress inside the block",
                rule: "IAM JSON policy elements: Condition operators — IpAddress matches addresses in a CIDR block",
                identity: allowIf(#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#),
                action: get, resource: C.space, context: ["aws:SourceIp": ["203.0.113.77"]], expected: .allow),
            DecisionCase(
                name: "IpAddress outside the block",
                rule: "IAM JSON policy elements: Condition operators — IpAddress is false outside the block",
                identity: allowIf(#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#),
                action: get, resource: C.space, context: ["aws:SourceIp": ["203.0.114.1"]], expected: .implicitDeny),
            DecisionCase(
                name: "NotIpAddress deny outside the corporate ranges",
                rule: "IAM JSON policy elements: Condition operators — NotIpAddress is true outside every listed block",
                identity: denyIf(#"{"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}"#),
                action: get, resource: C.space, context: ["aws:SourceIp": ["198.51.100.9"]], expected: .explicitDeny),
            DecisionCase(
                name: "IPv6 block",
                rule: "IAM JSON policy elements: Condition operators — IpAddress accepts IPv6 CIDR blocks",
                identity: allowIf(#"{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}"#),
                action: get, resource: C.space, context: ["aws:SourceIp": ["2001:db8:85a3::8a2e:370:7334"]], expected: .allow),
            DecisionCase(
                name: "IPv4 request against an IPv6 block",
                rule: "IAM JSON policy elements: Condition operators — an IPv4 address is not in an IPv6 block",
                identity: allowIf(#"{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}"#),
                action: get, resource: C.space, context: ["aws:SourceIp": ["203.0.113.5"]], expected: .implicitDeny),
            DecisionCase(
                name: "single address without a prefix length",
                rule: "IAM JSON policy elements: Condition operators — an address without /n is a single host",
                identity: allowIf(#"{"IpAddress": {"aws:SourceIp": "203.0.113.5"}}"#),
                action: get, resource: C.space, context: ["aws:SourceIp": ["203.0.113.5"]], expected: .allow),

            // MARK: ARN and binary operators
            DecisionCase(
                name: "ArnLike on aws:SourceArn",
                rule: "IAM JSON policy elements: Condition operators — ArnLike matches each ARN segment with wildcards",
                identity: allowIf(#"{"ArnLike": {"aws:SourceArn": "arn:aws:aidevops:*:111122223333:agentspace/*"}}"#),
                action: get, resource: C.space, context: ["aws:SourceArn": [C.space]], expected: .allow),
            DecisionCase(
                name: "ArnEquals also takes wildcards",
                rule: "IAM JSON policy elements: Condition operators — ArnEquals and ArnLike behave the same",
                identity: allowIf(#"{"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/on*"}}"#),
                principal: C.oncallSession, action: get, resource: C.space, expected: .allow),
            DecisionCase(
                name: "ArnNotEquals on a matching ARN",
                rule: "IAM JSON policy elements: Condition operators — ArnNotEquals is false when the ARN matches",
                identity: allowIf(#"{"ArnNotEquals": {"aws:SourceArn": "\#(C.space)"}}"#),
                action: get, resource: C.space, context: ["aws:SourceArn": [C.space]], expected: .implicitDeny),
            DecisionCase(
                name: "ArnLike wildcards stay in their segment",
                rule: "IAM JSON policy elements: Condition operators — ARN operators check the six segments separately",
                identity: allowIf(#"{"ArnLike": {"aws:SourceArn": "arn:aws:aidevops:us-*:111122223333:agentspace/*"}}"#),
                action: get, resource: C.space,
                context: ["aws:SourceArn": ["arn:aws:aidevops:eu-west-1:111122223333:agentspace/x"]], expected: .implicitDeny),
            DecisionCase(
                name: "BinaryEquals with base64",
                rule: "IAM JSON policy elements: Condition operators — BinaryEquals compares base64-encoded bytes",
                identity: allowIf(#"{"BinaryEquals": {"vigil:Fingerprint": "QmluYXJ5VmFsdWU="}}"#),
                action: get, resource: C.space, context: ["vigil:Fingerprint": ["QmluYXJ5VmFsdWU="]], expected: .allow),
            DecisionCase(
                name: "BinaryEquals mismatch",
                rule: "IAM JSON policy elements: Condition operators — BinaryEquals is false for different bytes",
                identity: allowIf(#"{"BinaryEquals": {"vigil:Fingerprint": "QmluYXJ5VmFsdWU="}}"#),
                action: get, resource: C.space, context: ["vigil:Fingerprint": ["T3RoZXI="]], expected: .implicitDeny),
        ]
    }()
}
