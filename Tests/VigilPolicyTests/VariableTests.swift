import Testing
import VigilPolicy

/// Policy variables: `${key}`, defaults, escapes, and substitution from the request context.
@Suite struct VariableTests {
    let alice = RequestContext(
        principal: PrincipalInfo(parsing: "arn:aws:iam::111122223333:user/engineering/alice", tags: ["team": "payments"]),
        keys: ["aws:SourceAccount": ["111122223333"], "aws:TagKeys": ["a", "b"], "aws:SourceIp": ["10.0.0.1"]])

    @Test func parsesVariablesAndDefaults() {
        #expect(PolicyVariables.variables(in: "arn:aws:aidevops:*:*:agentspace/${aws:username}")
            == [PolicyVariable(key: "aws:username")])
        #expect(PolicyVariables.variables(in: "${aws:username, 'anon'}/${aws:PrincipalTag/team,'none'}")
            == [PolicyVariable(key: "aws:username", defaultValue: "anon"),
                PolicyVariable(key: "aws:PrincipalTag/team", defaultValue: "none")])
        #expect(PolicyVariables.variables(in: "${*}${?}${$}").isEmpty)
        #expect(PolicyVariable(key: "aws:username", defaultValue: "it's").description == "${aws:username, 'it''s'}")
    }

    @Test func substitutesFromTheContext() {
        #expect(PolicyVariables.substitute("home/${aws:username}/*", context: alice) == "home/alice/*")
        #expect(PolicyVariables.substitute("${aws:PrincipalTag/team}-${aws:SourceAccount}", context: alice)
            == "payments-111122223333")
        #expect(PolicyVariables.substitute("${aws:principalaccount}", context: alice) == "111122223333",
                "variable keys are case-insensitive")
        #expect(PolicyVariables.substitute("${aws:PrincipalArn}", context: alice)
            == "arn:aws:iam::111122223333:user/engineering/alice")
        #expect(PolicyVariables.substitute("${ aws:userid , 'AIDA-unknown' }", context: alice) == "AIDA-unknown")
        #expect(PolicyVariables.substitute("${aws:userid}", context: alice) == nil, "no value and no default")
    }

    @Test func defaultValueSyntax() {
        #expect(PolicyVariables.substitute("${aws:PrincipalTag/missing, 'it''s ''quoted'''}", context: alice)
            == "it's 'quoted'")
        #expect(PolicyVariables.substitute("${aws:PrincipalTag/missing, ''}", context: alice) == "")
        #expect(PolicyVariables.substitute("${aws:username, 'default'}", context: alice) == "alice",
                "the value wins over the default")
        // IAM substitutes once: a default that looks like a variable stays literal.
        #expect(PolicyVariables.substitute("${aws:PrincipalTag/missing, '${aws:username}'}", context: alice)
            == "${aws:username}")
    }

    @Test func multivaluedKeysAreNotVariables() {
        #expect(PolicyVariables.substitute("${aws:TagKeys}", context: alice) == nil)
        #expect(PolicyVariables.substitute("${aws:TagKeys, 'many'}", context: alice) == "many")
    }

    @Test func escapesAndMalformedVariables() {
        #expect(PolicyVariables.substitute("a${*}b${?}c${$}d", context: alice) == "a*b?c$d")
        #expect(PolicyVariables.substitute("cost: $5", context: alice) == "cost: $5")
        #expect(PolicyVariables.substitute("${aws:username", context: alice) == "${aws:username", "unterminated is literal")
        #expect(PolicyVariables.substitute("${aws:username, unquoted}", context: alice) == "${aws:username, unquoted}")
        #expect(PolicyVariables.substitute("${}", context: alice) == "${}")
    }

    @Test func sessionPrincipalsHaveRoleArnButNoUsername() {
        let session = RequestContext(principal: PrincipalInfo(parsing: "arn:aws:sts::111122223333:assumed-role/oncall/bob"))
        #expect(PolicyVariables.substitute("${aws:PrincipalArn}", context: session) == "arn:aws:iam::111122223333:role/oncall")
        #expect(PolicyVariables.substitute("${aws:PrincipalType}", context: session) == "AssumedRole")
        #expect(PolicyVariables.substitute("${aws:username}", context: session) == nil)
        #expect(PolicyVariables.substitute("${aws:username, 'anon'}", context: session) == "anon")
    }

    @Test func explicitContextKeysOverrideDerivedOnes() {
        let context = RequestContext(principal: PrincipalInfo(parsing: "arn:aws:iam::111122223333:user/alice"),
                                     keys: ["AWS:Username": ["override"]])
        #expect(PolicyVariables.substitute("${aws:username}", context: context) == "override")
        #expect(context.keys["aws:USERNAME"] == ["override"])
    }
}
