import Testing
@testable import VigilPolicy

/// The building blocks: glob matching, IP and date parsing, the JSON reader, operator names,
/// principal parsing and the packed context table.
@Suite struct MatchingTests {
    @Test(arguments: [
        ("aidevops:Get*", "aidevops:GetAgentSpace", true),
        ("aidevops:Get*", "aidevops:Get", true),
        ("aidevops:Get*", "aidevops:ListAgentSpaces", false),
        ("*", "", true),
        ("", "", true),
        ("", "a", false),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
        ("*ab", "aab", true),
        ("a*a*a", "aaaa", true),
        ("a?c", "abc", true),
        ("a?c", "ac", false),
        ("a?c", "aéc", true),
        ("é*", "éte", true),
        ("**x", "abx", true),
        ("a*", "b", false),
    ])
    func globs(_ pattern: String, _ text: String, _ expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }

    @Test func globFoldsCaseOnlyWhenAsked() {
        #expect(Glob("AIDEVOPS:get*", foldCase: true).matches("aidevops:GetAgentSpace"))
        #expect(!Glob("AIDEVOPS:get*").matches("aidevops:GetAgentSpace"))
        #expect(Glob("a*b", wildcards: false).matches("a*b"))
        #expect(!Glob("a*b", wildcards: false).matches("axb"))
    }

    @Test func arnPatternsThroughPolicies() throws {
        func allows(_ pattern: String, _ arn: String) throws -> Bool {
            let policy = try Policy(name: "p", json: #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "\#(pattern)"}]}"#)
            let context = RequestContext(principal: PrincipalInfo(parsing: "arn:aws:iam::111122223333:user/alice"))
            return PolicySet(identity: [policy]).isAllowed(action: "x:y", resource: arn, context: context)
        }
        #expect(try allows("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b"))
        #expect(try !allows("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket"))
        #expect(try allows("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-logs"))
        #expect(try allows("arn:*:aidevops:*:*:*", "arn:aws-cn:aidevops:cn-north-1:111122223333:agentspace/x"))
        #expect(try allows("arn:aws:aidevops:*:*", "arn:aws:aidevops:us-east-1:111122223333:agentspace/x"),
                "five fields: the trailing * spans the rest")
        #expect(try !allows("arn:aws:aidevops:*:111122223333:*", "arn:aws:aidevops:us-east-1:999988887777:agentspace/x"))
        #expect(try !allows("arn:aws:aidevops:us-east-?:*:*", "arn:aws:aidevops:us-east-10:1:a"))
    }

    @Test(arguments: [
        ("203.0.113.5", true), ("0.0.0.0", true), ("255.255.255.255", true), ("256.1.1.1", false),
        ("1.2.3", false), ("1.2.3.4.5", false), ("1..2.3", false), ("::", true), ("::1", true),
        ("2001:db8::8a2e:370:7334", true), ("2001:db8:0:0:0:0:2:1", true), ("1:2:3:4:5:6:7:8:9", false),
        ("2001:db8:::1", false), ("2001::db8::1", false), ("::ffff:203.0.113.5", true), ("fe80::1%eth0", true),
        ("12345::", false), ("g::1", false), ("", false), (":1", false), ("1:", false),
    ])
    func ipAddresses(_ text: String, _ valid: Bool) {
        #expect((IPAddress(text) != nil) == valid)
    }

    @Test func cidrBlocks() throws {
        let v4 = try #require(CIDRBlock("10.0.0.0/8"))
        #expect(v4.contains(try #require(IPAddress("10.255.1.2"))))
        #expect(!v4.contains(try #require(IPAddress("11.0.0.1"))))
        #expect(try #require(CIDRBlock("0.0.0.0/0")).contains(try #require(IPAddress("8.8.8.8"))))
        let v6 = try #require(CIDRBlock("2001:db8::/32"))
        #expect(v6.contains(try #require(IPAddress("2001:db8:ffff::1"))))
        #expect(!v6.contains(try #require(IPAddress("2001:db9::1"))))
        let v6Host = try #require(CIDRBlock("2001:db8::1/128"))
        #expect(v6Host.contains(try #require(IPAddress("2001:db8:0:0:0:0:0:1"))))
        #expect(!v6Host.contains(try #require(IPAddress("2001:db8::2"))))
        let v6Long = try #require(CIDRBlock("2001:db8:1:2:3:4::/96"))
        #expect(v6Long.contains(try #require(IPAddress("2001:db8:1:2:3:4:ab:cd"))))
        #expect(!v6Long.contains(try #require(IPAddress("2001:db8:1:2:3:5::"))))
        #expect(try #require(IPAddress("::ffff:203.0.113.5")).isIPv4, "IPv4-mapped addresses are IPv4")
        #expect(CIDRBlock("10.0.0.0/33") == nil)
        #expect(CIDRBlock("10.0.0.0/") == nil)
        #expect(CIDRBlock("2001:db8::/129") == nil)
        #expect(IPAddress("2001:db8::1")?.description == "2001:db8:0:0:0:0:0:1")
    }

    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0),
        ("2026-03-01", 1_772_323_200.0),
        ("2026-03-01T12:00:00Z", 1_772_366_400.0),
        ("2026-03-01T12:00:00.5Z", 1_772_366_400.5),
        ("2026-03-01T14:00:00+02:00", 1_772_366_400.0),
        ("2026-03-01T07:00:00-0500", 1_772_366_400.0),
        ("2026-03-01T12:00Z", 1_772_366_400.0),
        ("20260301T120000Z", 1_772_366_400.0),
        ("1772366400", 1_772_366_400.0),
        ("2024-02-29T00:00:00Z", 1_709_164_800.0),
    ])
    func timestamps(_ text: String, _ seconds: Double) {
        #expect(Timestamp.parse(text) == seconds)
    }

    @Test(arguments: ["2025-02-29", "2026-13-01", "2026-03-01T25:00:00Z", "yesterday", "2026-03-01T12:00:00Q", "", "-"])
    func invalidTimestamps(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func iso8601Formatting() {
        #expect(Timestamp.iso8601(epochSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.iso8601(epochSeconds: 1_772_366_400) == "2026-03-01T12:00:00Z")
        #expect(Timestamp.iso8601(epochSeconds: 951_782_400) == "2000-02-29T00:00:00Z")
        let context = RequestContext.standard(principal: .anonymous, epochSeconds: 1_772_366_400, secureTransport: true,
                                              sourceIp: "10.0.0.1")
        #expect(context.keys["aws:CurrentTime"] == ["2026-03-01T12:00:00Z"])
        #expect(context.keys["aws:EpochTime"] == ["1772366400"])
        #expect(context.keys["aws:SecureTransport"] == ["true"])
        #expect(context.keys["aws:SourceIp"] == ["10.0.0.1"])
        #expect(context.keys["aws:PrincipalType"] == ["Anonymous"])
    }

    @Test func jsonReader() throws {
        let value = try JSONReader.parse(#"{"a": "x\"\\\/\n\u00e9\ud83d\ude00", "b": [1, -2.5e3, true, false, null], "a": {}}"#)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["a", "b", "a"], "duplicates are kept for the policy parser to report")
        #expect(members[0].value == .string("x\"\\/\né😀"))
        #expect(members[1].value == .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]))
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse("[1,]") }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse("01") }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(#""\ud83d""#) }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse("{} {}") }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(String(repeating: "[", count: 40) + String(repeating: "]", count: 40)) }
        #expect(try JSONReader.parse("\u{FEFF}{}") == .object([]), "a byte order mark is tolerated")
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse([0x22, 0xFF, 0x22]) }
        #expect(try JSONReader.parse(Array("\"\u{00e9}\"".utf8)) == .string("é"))
    }

    @Test func conditionOperatorNames() {
        #expect(ConditionOperator("ForAnyValue:StringLikeIfExists") == ConditionOperator(.stringLike, qualifier: .forAnyValue, ifExists: true))
        #expect(ConditionOperator("ForAllValues:StringEquals")?.description == "ForAllValues:StringEquals")
        #expect(ConditionOperator("NotIpAddress")?.base.isNegated == true)
        #expect(ConditionOperator("ArnLike")?.base.isNegated == false)
        #expect(ConditionOperator("NullIfExists") == nil)
        #expect(ConditionOperator("ForSomeValues:StringEquals") == nil)
        #expect(ConditionOperator("stringequals") == nil)
        #expect(ConditionOperator.caseInsensitiveMatch("forallvalues:stringlike")?.description == "ForAllValues:StringLike")
        // Every base operator, with and without IfExists and qualifiers, round-trips.
        for base in ConditionOperator.Base.allCases {
            for qualifier in [ConditionOperator.Qualifier.none, .forAllValues, .forAnyValue] {
                for ifExists in [false, true] where !(ifExists && base == .null) {
                    let op = ConditionOperator(base, qualifier: qualifier, ifExists: ifExists)
                    #expect(ConditionOperator(op.description) == op)
                }
            }
        }
    }

    @Test func principalParsing() {
        let user = PrincipalInfo(parsing: "arn:aws:iam::111122223333:user/ops/alice")
        #expect(user.kind == .user)
        #expect(user.accountId == "111122223333")
        #expect(user.userName == "alice")
        let session = PrincipalInfo(parsing: "arn:aws:sts::111122223333:assumed-role/oncall/bob")
        #expect(session.kind == .assumedRole)
        #expect(session.roleArn == "arn:aws:iam::111122223333:role/oncall")
        #expect(PrincipalInfo(parsing: "111122223333").kind == .account)
        #expect(PrincipalInfo(parsing: "arn:aws:iam::111122223333:root").kind == .account)
        #expect(PrincipalInfo(parsing: "arn:aws:sts::111122223333:federated-user/carol").kind == .federatedUser)
        #expect(PrincipalInfo(parsing: "aidevops.amazonaws.com").kind == .service)
        #expect(PrincipalInfo(parsing: "cognito-identity.amazonaws.com").kind == .identityProvider)
        #expect(PrincipalInfo(parsing: "arn:aws:iam::111122223333:saml-provider/okta").kind == .identityProvider)
        #expect(PrincipalInfo(parsing: "*").kind == .anonymous)
        let tagged = RequestContext(principal: PrincipalInfo(parsing: "arn:aws:iam::111122223333:user/alice",
                                                             tags: ["CostCenter": "42"]))
        #expect(tagged.keys["aws:PrincipalTag/costcenter"] == ["42"])
        #expect(tagged.keys["aws:PrincipalAccount"] == ["111122223333"])
        #expect(tagged.keys["aws:PrincipalType"] == ["User"])
        #expect(tagged.keys["aws:username"] == ["alice"])
    }

    @Test func contextTableLookups() {
        var keys = ContextKeys(["aws:SourceIp": ["10.0.0.1"], "aws:TagKeys": ["a", "b"], "Empty": []])
        keys.add("aws:tagkeys", "c")
        keys["X-Custom"] = ["v"]
        func values(_ key: String) -> [String]? {
            let lowered = key.lowercased()
            return withUTF8Bytes(lowered) { bytes in
                keys.table.lookup(hash: keyHash(bytes), key: bytes).map { ranges in
                    ranges.map { String(decoding: keys.table.bytes($0), as: UTF8.self) }
                }
            }
        }
        #expect(values("aws:sourceip") == ["10.0.0.1"])
        #expect(values("AWS:TagKeys") == ["a", "b", "c"])
        #expect(values("x-custom") == ["v"])
        #expect(values("empty") == nil, "a key without values is absent")
        #expect(values("aws:sourceipx") == nil)
        // Many keys: the table grows and still finds every one.
        var many: [String: [String]] = [:]
        for index in 0..<200 { many["key\(index)"] = ["value\(index)"] }
        let table = ContextTable(many)
        for index in 0..<200 {
            let found = withUTF8Bytes("key\(index)") { bytes in
                table.lookup(hash: keyHash(bytes), key: bytes).map { String(decoding: table.bytes($0[0]), as: UTF8.self) }
            }
            #expect(found == "value\(index)")
        }
    }
}
