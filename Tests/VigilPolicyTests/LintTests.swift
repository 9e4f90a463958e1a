import Foundation
import Testing
import VigilPolicy

/// `validate`: warnings about policies IAM accepts but that are probably wrong or too broad.
@Suite struct LintTests {
    func warnings(_ json: String, kind: PolicyKind = .identity, account: String? = nil) -> [String] {
        PolicyLinter.lint(json, kind: kind, account: account).filter { $0.severity == .warning }.map(\.description)
    }

    func codes(_ json: String, kind: PolicyKind = .identity, account: String? = nil) -> [String] {
        PolicyLinter.lint(json, kind: kind, account: account).map(\.code)
    }

    func identity(_ statements: String...) -> String {
        #"{"Version": "2012-10-17", "Statement": ["# + statements.joined(separator: ",") + "]}"
    }

    @Test func cleanPolicyHasNoFindings() {
        let json = identity(#"{"Sid": "Read", "Effect": "Allow", "Action": ["aidevops:Get*", "aidevops:ListAgentSpaces", "aidevops:DiscoverTopology"], "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*", "Condition": {"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}"#)
        #expect(PolicyLinter.lint(json).isEmpty)
    }

    @Test func unknownAidevopsActions() {
        let json = identity(#"{"Effect": "Allow", "Action": ["aidevops:GetAgentSpaces", "aidevops:Frobnicate*", "aidevops:getagentspace", "s3:NotChecked"], "Resource": "arn:aws:aidevops:*:*:agentspace/*"}"#)
        #expect(warnings(json) == [
            #"Statement[0].Action[0]: "aidevops:GetAgentSpaces" is not a known aidevops action"#,
            #"Statement[0].Action[1]: "aidevops:Frobnicate*" matches no known aidevops action"#,
        ])
        #expect(KnownActions.aidevopsOperations.count == 44)
        #expect(KnownActions.isKnownAidevopsAction("ValidateAwsAssociations"))
        #expect(KnownActions.isKnownAidevopsAction("discovertopology"))
        #expect(KnownActions.aidevopsActions(matching: "Delete*").sorted()
            == ["DeleteAgentSpace", "DeleteKnowledgeItem", "DeletePrivateConnection"])
    }

    @Test func unknownConditionKeys() {
        let json = identity(#"{"Effect": "Allow", "Action": "aidevops:GetAgentSpace", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceIP": "x", "aws:usernam": "x", "aidevops:SpaceName": "x", "sts:ExternalId": "x", "iam:AWSServiceName": "x", "s3:prefix": "x", "aws:PrincipalTag/team": "x", "aws:PrincipalTag/": "x"}}}"#)
        #expect(warnings(json) == [
            #"Statement[0].Condition.StringEquals.aws:usernam: "aws:usernam" is not a known condition key"#,
            #"Statement[0].Condition.StringEquals.aidevops:SpaceName: "aidevops:SpaceName": the aidevops service defines no condition keys"#,
            #"Statement[0].Condition.StringEquals.aws:PrincipalTag/: "aws:PrincipalTag/" is not a known condition key"#,
        ])
    }

    @Test func wildcardActions() {
        let json = identity(
            #"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
            #"{"Effect": "Allow", "Action": "aidevops:*", "Resource": "arn:aws:aidevops:*:*:agentspace/*"}"#,
            #"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#,
            #"{"Effect": "Deny", "Action": "*", "Resource": "*"}"#)
        #expect(warnings(json) == [
            #"Statement[0].Action: "*" allows every action of every service"#,
            #"Statement[1].Action: "aidevops:*" allows every aidevops action"#,
            "Statement[2].NotAction: Allow with NotAction allows every action of every service except those listed",
        ])
    }

    @Test func writesOnEveryResource() {
        let json = identity(
            #"{"Effect": "Allow", "Action": ["aidevops:DeleteAgentSpace", "aidevops:Update*", "aidevops:GetAgentSpace", "aidevops:TagResource", "aidevops:ListTagsForResource"], "Resource": "*"}"#,
            #"{"Effect": "Allow", "Action": "aidevops:DeleteAgentSpace", "Resource": "arn:aws:aidevops:*:*:agentspace/sandbox-*"}"#,
            #"{"Effect": "Allow", "Action": "aidevops:CreateChat", "NotResource": "arn:aws:aidevops:*:*:agentspace/prod"}"#)
        #expect(codes(json) == ["write-on-all-resources", "write-on-all-resources", "write-on-all-resources",
                                "write-on-all-resources", "allow-not-resource"])
        #expect(warnings(json).first == #"Statement[0].Action[0]: "aidevops:DeleteAgentSpace" allows writes on every resource ("Resource": "*"); scope it to resource ARNs"#)
    }

    @Test func versionAndVariables() {
        let unversioned = #"{"Statement": [{"Effect": "Allow", "Action": "aidevops:GetAgentSpace", "Resource": "arn:aws:aidevops:*:*:agentspace/${aws:username}"}]}"#
        #expect(warnings(unversioned) == [
            #"Version: is missing: IAM then uses 2008-10-17, which has no policy variables; add "Version": "2012-10-17""#,
            #"Statement[0].Resource: "arn:aws:aidevops:*:*:agentspace/${aws:username}": policy variables need "Version": "2012-10-17"; this value is matched literally"#,
        ])
        let malformed = identity(#"{"Effect": "Allow", "Action": "aidevops:GetAgentSpace", "Resource": "arn:aws:aidevops:*:*:agentspace/${aws:username"}"#)
        #expect(codes(malformed) == ["malformed-variable"])
    }

    @Test func setQualifiers() {
        let json = identity(#"{"Effect": "Allow", "Action": "aidevops:TagResource", "Resource": "arn:aws:aidevops:*:*:agentspace/*", "Condition": {"ForAnyValue:StringEquals": {"aws:SourceIp": "x"}, "StringEquals": {"aws:TagKeys": "team"}, "ForAllValues:StringEquals": {"aws:TagKeys": "team"}}}"#)
        #expect(warnings(json) == [
            #"Statement[0].Condition.ForAnyValue:StringEquals.aws:SourceIp: ForAnyValue is for multivalued keys; "aws:SourceIp" has at most one value (drop the qualifier)"#,
            #"Statement[0].Condition.StringEquals.aws:TagKeys: "aws:TagKeys" can have several values: use ForAllValues: or ForAnyValue:"#,
        ])
    }

    @Test func resourceFormats() {
        let json = identity(#"{"Effect": "Allow", "Action": "aidevops:GetAgentSpace", "Resource": ["arn:aws:aidevops:us-east-1", "arn:aws:*:us-east-1:111122223333:agentspace/x", "arn:aws:aidevops:*"]}"#)
        #expect(codes(json) == ["resource-format", "resource-format"])
    }

    @Test func errorsComeFirstAndStopOnSyntax() {
        let issues = PolicyLinter.lint(#"{"Statement": [{"Effect": "Allow", "Action": "aidevops:Nope", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "maybe"}}}]}"#)
        #expect(issues.map(\.severity) == [.error, .warning, .warning])
        #expect(issues.map(\.code) == ["condition-value", "missing-version", "unknown-action"])
        let syntax = PolicyLinter.lint("{")
        #expect(syntax.count == 1)
        #expect(syntax.first?.code == "syntax")
    }

    @Test func resourcePolicyWildcardPrincipal() {
        let json = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "aidevops:GetAgentSpace", "Resource": "*"}]}"#
        #expect(warnings(json, kind: .resource) == [#"Statement[0].Principal: "*" grants access to anyone"#])
    }

    /// The AWS-managed DevOps Agent policies (shared reference data, when present) parse, and
    /// name only known aidevops actions.
    @Test(.enabled(if: ManagedPolicies.file != nil))
    func awsManagedPoliciesLintClean() throws {
        let documents = try ManagedPolicies.documents()
        #expect(documents.count == 4)
        // AWS-managed policies are not held to the 6,144-character limit of customer-managed ones
        // (AIDevOpsAgentAccessPolicy is about 23,000 characters).
        for (name, json) in documents {
            let issues = PolicyLinter.lint(json, sizeLimit: 1 << 20)
            #expect(!issues.contains { $0.severity == .error }, "\(name): \(issues)")
            #expect(!issues.contains { $0.code == "unknown-action" || $0.code == "unknown-condition-key" },
                    "\(name): \(issues)")
            #expect(throws: Never.self) { try Policy(name: name, json: json, sizeLimit: 1 << 20) }
        }
    }
}

/// Finds `aidevops-managed-policies.json` of the shared reference data, if this checkout has it.
enum ManagedPolicies {
    static let file: URL? = {
        var candidates: [URL] = []
        if let directory = ProcessInfo.processInfo.environment["VIGIL_SHARED_DIR"] {
            candidates.append(URL(fileURLWithPath: directory))
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(repository.deletingLastPathComponent().appendingPathComponent("shared"))
        candidates.append(URL(fileURLWithPath: "/work/shared"))
        return candidates.map { $0.appendingPathComponent("reference/aidevops-managed-policies.json") }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    static func documents() throws -> [(String, String)] {
        guard let file else { return [] }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
        guard let policies = object as? [String: Any] else { return [] }
        return try policies.keys.sorted().compactMap { name in
            guard let entry = policies[name] as? [String: Any], let document = entry["Document"] else { return nil }
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
            return (name, String(decoding: data, as: UTF8.self))
        }
    }
}
