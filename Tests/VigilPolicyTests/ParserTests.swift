import Testing
import VigilPolicy

/// Parser and validator errors: IAM would reject these documents; each error names its element.
@Suite struct ParserTests {
    /// The error descriptions for `json`, in order.
    func errors(_ json: String, kind: PolicyKind = .identity, sizeLimit: Int? = nil) -> [String] {
        do {
            _ = try PolicyParser.parse(json, kind: kind, sizeLimit: sizeLimit)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func parsesTheFullGrammar() throws {
        let json = #"""
        {
          "Version": "2012-10-17",
          "Id": "AgentSpacePolicy",
          "Statement": [
            {"Sid": "Read", "Effect": "Allow",
             "Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:role/oncall"],
                           "Service": "aidevops.amazonaws.com",
                           "Federated": "cognito-identity.amazonaws.com",
                           "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
             "Action": ["aidevops:Get*", "aidevops:List*"],
             "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*",
             "Condition": {"StringEquals": {"aws:SourceAccount": ["111122223333", "444455556666"]},
                           "ForAllValues:StringLikeIfExists": {"aws:TagKeys": "team*"},
                           "NumericLessThan": {"aws:MultiFactorAuthAge": 3600}}},
            {"Effect": "Deny", "NotPrincipal": "*", "NotAction": "aidevops:Get*", "NotResource": ["arn:aws:aidevops:*:*:service/*"]}
          ]
        }
        """#
        let document = try PolicyParser.parse(json, kind: .resource)
        #expect(document.version == .v2012_10_17)
        #expect(document.id == "AgentSpacePolicy")
        #expect(document.statements.count == 2)
        let first = document.statements[0]
        #expect(first.sid == "Read")
        #expect(first.effect == .allow)
        #expect(first.action == .action(["aidevops:Get*", "aidevops:List*"]))
        #expect(first.resource == .resource(["arn:aws:aidevops:*:111122223333:agentspace/*"]))
        #expect(first.principal?.spec.aws == ["111122223333", "arn:aws:iam::111122223333:role/oncall"])
        #expect(first.principal?.spec.service == ["aidevops.amazonaws.com"])
        #expect(first.principal?.spec.federated == ["cognito-identity.amazonaws.com"])
        #expect(first.principal?.spec.canonicalUser.count == 1)
        #expect(first.conditions.count == 3)
        #expect(first.conditions[0].conditionOperator == ConditionOperator(.stringEquals))
        #expect(first.conditions[0].values == ["111122223333", "444455556666"])
        #expect(first.conditions[1].conditionOperator == ConditionOperator(.stringLike, qualifier: .forAllValues, ifExists: true))
        #expect(first.conditions[2].values == ["3600"])
        let second = document.statements[1]
        #expect(second.effect == .deny)
        #expect(second.principal == .notPrincipal(.anyone))
        #expect(second.action == .notAction(["aidevops:Get*"]))
        #expect(second.resource == .notResource(["arn:aws:aidevops:*:*:service/*"]))
    }

    @Test func singleStatementObjectAndVersion2008() throws {
        let document = try PolicyParser.parse(
            #"{"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "aidevops:GetAgentSpace", "Resource": "*"}}"#)
        #expect(document.version == .v2008_10_17)
        #expect(document.statements.count == 1)
        #expect(!document.interpretsVariables)
        let unversioned = try PolicyParser.parse(#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#)
        #expect(unversioned.version == nil)
    }

    @Test func actionAndNotActionTogether() {
        #expect(errors(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "aidevops:GetAgentSpace", "NotAction": "aidevops:List*", "Resource": "*"}]}"#)
            == ["Statement[0]: Action and NotAction cannot both be present"])
    }

    @Test func conditionValueMustBeStringOrList() {
        let json = #"""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "aidevops:GetAgentSpace", "Resource": "*"},
          {"Effect": "Allow", "Action": "aidevops:GetAgentSpace", "Resource": "*"},
          {"Effect": "Allow", "Action": "aidevops:GetAgentSpace", "Resource": "*",
           "Condition": {"StringEquals": {"aws:SourceAccount": {"nested": "object"}}}}]}
        """#
        #expect(errors(json) == ["Statement[2].Condition.StringEquals.aws:SourceAccount: value must be a string or list of strings, not object"])
        let nested = #"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": ["a", ["b"]]}}}]}"#
        #expect(errors(nested) == ["Statement[0].Condition.StringEquals.aws:username: value must be a string or list of strings (found array in the list)"])
        let empty = #"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": []}}}]}"#
        #expect(errors(empty) == ["Statement[0].Condition.StringEquals.aws:username: value list must not be empty"])
        let operatorNotObject = #"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": "x"}}]}"#
        #expect(errors(operatorNotObject) == ["Statement[0].Condition.StringEquals: must be an object of condition keys and values, not string"])
    }

    @Test func unknownElements() {
        #expect(errors(#"{"Version": "2012-10-17", "Policy": "x", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#)
            == ["Policy: unknown top-level element (expected Version, Id, Statement)"])
        #expect(errors(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Actions": "*", "Action": "*", "Resource": "*"}]}"#)
            == ["Statement[0].Actions: unknown statement element (expected one of Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)"])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Principal": {"Users": "x"}, "Action": "*", "Resource": "*"}]}"#, kind: .resource)
            == ["Statement[0].Principal.Users: unknown principal type (expected AWS, Service, Federated or CanonicalUser)"])
        // Element names are case-sensitive.
        #expect(errors(#"{"Statement": [{"effect": "Allow", "Action": "*", "Resource": "*"}]}"#)
            == ["Statement[0].effect: unknown statement element (expected one of Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)",
                "Statement[0]: Effect is required"])
    }

    @Test func badEffectAndVersion() {
        #expect(errors(#"{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}"#)
            == [#"Statement[0].Effect: must be "Allow" or "Deny", not "allow""#])
        #expect(errors(#"{"Version": "2012-10-18", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#)
            == [#"Version: must be "2012-10-17" or "2008-10-17", not "2012-10-18""#])
    }

    @Test func missingRequiredElements() {
        #expect(errors(#"{"Version": "2012-10-17"}"#) == ["Statement: is required"])
        #expect(errors(#"{"Statement": []}"#) == ["Statement: must contain at least one statement"])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Resource": "*"}]}"#)
            == ["Statement[0]: one of Action or NotAction is required"])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Action": "aidevops:GetAgentSpace"}]}"#)
            == ["Statement[0]: one of Resource or NotResource is required"])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Action": "aidevops:GetAgentSpace", "Resource": "*"}]}"#, kind: .resource)
            == ["Statement[0]: one of Principal or NotPrincipal is required in a resource-based policy"])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}"#, kind: .trust)
            == ["Statement[0]: Principal is required in a role trust policy"])
    }

    @Test func elementsProhibitedByKind() {
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#)
            == ["Statement[0].Principal: is not allowed in an identity-based policy"])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Principal": {"Service": "aidevops.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}"#, kind: .trust)
            == ["Statement[0].Resource: is not allowed in a role trust policy"])
        #expect(errors(#"{"Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}]}"#, kind: .trust)
            == ["Statement[0].NotPrincipal: is not allowed in a role trust policy"])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "*", "Resource": "*"}]}"#, kind: .resource)
            == [#"Statement[0].NotPrincipal: must be used with "Effect": "Deny""#])
    }

    @Test func conflictingPairs() {
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "NotResource": "*"}]}"#)
            == ["Statement[0]: Resource and NotResource cannot both be present"])
        #expect(errors(#"{"Statement": [{"Effect": "Deny", "Principal": "*", "NotPrincipal": "*", "Action": "*", "Resource": "*"}]}"#, kind: .resource)
            == ["Statement[0]: Principal and NotPrincipal cannot both be present"])
    }

    @Test func elementValueTypes() {
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Action": 5, "Resource": "*"}]}"#)
            == ["Statement[0].Action: must be a string or list of strings, not number"])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}]}"#)
            == ["Statement[0].Action: must not be an empty list"])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": ["*", 7]}]}"#)
            == ["Statement[0].Resource: must be a string or list of strings (found number in the list)"])
        #expect(errors(#"{"Statement": [{"Sid": 1, "Effect": "Allow", "Action": "*", "Resource": "*"}]}"#)
            == ["Statement[0].Sid: must be a string, not number"])
        #expect(errors(#"{"Statement": ["x"]}"#) == ["Statement[0]: must be an object, not string"])
        #expect(errors(#"["not", "an", "object"]"#) == ["policy must be a JSON object, not array"])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Principal": "someone", "Action": "*", "Resource": "*"}]}"#, kind: .resource)
            == [#"Statement[0].Principal: must be "*" or an object such as {"AWS": ...}, not "someone""#])
    }

    @Test func actionAndResourceFormats() {
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Action": ["aidevops:GetAgentSpace", "GetAgentSpace"], "Resource": "*"}]}"#)
            == [#"Statement[0].Action[1]: "GetAgentSpace" is not "service:action" or "*""#])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Action": "aide*:GetAgentSpace", "Resource": "*"}]}"#)
            == [#"Statement[0].Action: "aide*:GetAgentSpace" has a wildcard in its service prefix"#])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "agentspace/space-1"}]}"#)
            == [#"Statement[0].Resource: "agentspace/space-1" is not an ARN or "*""#])
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/*"}, "Action": "*", "Resource": "*"}]}"#, kind: .resource)
            == [#"Statement[0].Principal.AWS: "arn:aws:iam::111122223333:user/*": wildcards are not allowed in principal ARNs (use "*" with a condition on aws:PrincipalArn)"#])
    }

    @Test func conditionOperatorsAndTypedValues() {
        func condition(_ body: String) -> String {
            #"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": \#(body)}]}"#
        }
        #expect(errors(condition(#"{"StringEqualz": {"aws:username": "a"}}"#))
            == ["Statement[0].Condition.StringEqualz: unknown condition operator"])
        #expect(errors(condition(#"{"stringequals": {"aws:username": "a"}}"#))
            == ["Statement[0].Condition.stringequals: unknown condition operator (operator names are case-sensitive: did you mean StringEquals?)"])
        #expect(errors(condition(#"{"NullIfExists": {"aws:username": "true"}}"#))
            == ["Statement[0].Condition.NullIfExists: unknown condition operator"])
        #expect(errors(condition(#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "soon"}}"#))
            == [#"Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge: "soon" is not a number"#])
        #expect(errors(condition(#"{"DateGreaterThan": {"aws:CurrentTime": "yesterday"}}"#))
            == [#"Statement[0].Condition.DateGreaterThan.aws:CurrentTime: "yesterday" is not an ISO 8601 date-time or epoch seconds"#])
        #expect(errors(condition(#"{"Bool": {"aws:SecureTransport": "yes"}}"#))
            == [#"Statement[0].Condition.Bool.aws:SecureTransport: "yes" is not true or false"#])
        #expect(errors(condition(#"{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "10.0.0.0/33"]}}"#))
            == [#"Statement[0].Condition.IpAddress.aws:SourceIp: "10.0.0.0/33" is not an IPv4 or IPv6 address or CIDR block"#])
        #expect(errors(condition(#"{"BinaryEquals": {"vigil:Blob": "not base64!"}}"#))
            == [#"Statement[0].Condition.BinaryEquals.vigil:Blob: "not base64!" is not base64"#])
        #expect(errors(condition(#"{"StringEquals": {"aws:username": "a", "AWS:USERNAME": "b"}}"#))
            == ["Statement[0].Condition.StringEquals.AWS:USERNAME: duplicate condition key (keys are case-insensitive)"])
    }

    @Test func duplicatesAndSids() {
        #expect(errors(#"{"Statement": [{"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}]}"#)
            == ["Statement[0].Effect: duplicate element"])
        #expect(errors(#"{"Statement": [{"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "*", "Resource": "*"}]}"#)
            == [#"Statement[1].Sid: duplicate Sid "A" (also Statement[0]); Sids must be unique in a policy"#])
    }

    @Test func sizeLimit() {
        let actions = (0..<300).map { #""aidevops:Action\#($0)""# }.joined(separator: ", ")
        let json = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [\#(actions)], "Resource": "*"}]}"#
        let size = PolicyParser.significantCharacterCount(json)
        #expect(size > 6144)
        #expect(errors(json) == ["policy is \(size) characters long (whitespace excluded); the limit is 6144"])
        #expect(errors(json, sizeLimit: 10240).isEmpty)
        #expect(PolicyParser.significantCharacterCount(" { \"a\" :\n\t1 } ") == 7)
    }

    @Test func jsonSyntaxErrorsCarryLineAndColumn() {
        #expect(errors("{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}")
            == ["JSON syntax error at line 3, column 24: expected a string key"])
        #expect(errors(#"{"Statement": "unterminated}"#) == ["JSON syntax error at line 1, column 29: unterminated string"])
        #expect(errors("") == ["JSON syntax error at line 1, column 1: unexpected end of document"])
    }

    @Test func collectsEveryError() throws {
        let json = #"{"Version": "1", "Statement": [{"Effect": "Maybe", "Action": "x", "Resource": "*"}, {"Effect": "Allow", "Action": "*", "NotAction": "*", "Resource": "*"}]}"#
        let issues = errors(json)
        #expect(issues.count == 3)
        #expect(issues.first?.hasPrefix("Version:") == true)
        do {
            _ = try Policy(name: "bad", json: json)
            Issue.record("expected a parse error")
        } catch {
            #expect(error.description.hasSuffix("(and 2 more)"))
        }
    }

    @Test func documentsBuiltInCodeAreValidated() {
        let document = PolicyDocument(statements: [
            PolicyStatement(effect: .allow, action: .action(["aidevops:GetAgentSpace"]), resource: nil),
        ])
        #expect(throws: PolicyParseError.self) { try Policy(name: "code", document: document) }
        let valid = PolicyDocument(statements: [
            PolicyStatement(effect: .allow, action: .action(["aidevops:GetAgentSpace"]), resource: .resource(["*"])),
        ])
        #expect(throws: Never.self) { try Policy(name: "code", document: valid) }
    }
}
