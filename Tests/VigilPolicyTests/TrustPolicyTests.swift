import Testing
import VigilPolicy

/// Role trust policies: who may call sts:AssumeRole, and the linter's confused-deputy and
/// external-id checks.
@Suite struct TrustPolicyTests {
    let serviceTrust = #"""
    {"Version": "2012-10-17", "Statement": [{
      "Sid": "AgentService", "Effect": "Allow",
      "Principal": {"Service": "aidevops.amazonaws.com"},
      "Action": "sts:AssumeRole",
      "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"},
                    "ArnLike": {"aws:SourceArn": "arn:aws:aidevops:us-east-1:111122223333:agentspace/*"}}}]}
    """#

    let crossAccountTrust = #"""
    {"Version": "2012-10-17", "Statement": [{
      "Sid": "Partner", "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
      "Action": "sts:AssumeRole",
      "Condition": {"StringEquals": {"sts:ExternalId": "vigil-7f3a"}}}]}
    """#

    func trust(_ json: String) throws -> Policy { try Policy(name: "trust", json: json, kind: .trust) }

    @Test func servicePrincipalWithConfusedDeputyConditions() throws {
        let policy = try trust(serviceTrust)
        let service = PrincipalInfo(parsing: "aidevops.amazonaws.com")
        #expect(service.kind == .service)
        let allowed = TrustPolicyEvaluator.mayAssumeRole(
            trustPolicy: policy, principal: service,
            context: ["aws:SourceAccount": ["111122223333"],
                      "aws:SourceArn": ["arn:aws:aidevops:us-east-1:111122223333:agentspace/space-1"]])
        #expect(allowed.isAllowed)
        #expect(!allowed.requiresCallerPermission)
        #expect(allowed.report.decidingStatements.map(\.sid) == ["AgentService"])

        let otherAccount = TrustPolicyEvaluator.mayAssumeRole(
            trustPolicy: policy, principal: service,
            context: ["aws:SourceAccount": ["444455556666"],
                      "aws:SourceArn": ["arn:aws:aidevops:us-east-1:444455556666:agentspace/space-1"]])
        #expect(otherAccount.effect == .implicitDeny)

        let noContext = TrustPolicyEvaluator.mayAssumeRole(trustPolicy: policy, principal: service)
        #expect(noContext.effect == .implicitDeny)

        let otherService = TrustPolicyEvaluator.mayAssumeRole(
            trustPolicy: policy, principal: PrincipalInfo(parsing: "lambda.amazonaws.com"),
            context: ["aws:SourceAccount": ["111122223333"],
                      "aws:SourceArn": ["arn:aws:aidevops:us-east-1:111122223333:agentspace/space-1"]])
        #expect(otherService.effect == .implicitDeny)

        // Service principal names are compared case-insensitively.
        let upper = TrustPolicyEvaluator.mayAssumeRole(
            trustPolicy: policy, principal: PrincipalInfo(parsing: "AIDEVOPS.amazonaws.com"),
            context: ["aws:SourceAccount": ["111122223333"],
                      "aws:SourceArn": ["arn:aws:aidevops:us-east-1:111122223333:agentspace/x"]])
        #expect(upper.isAllowed)
    }

    @Test func servicePrincipalWithoutConditionsIsFlagged() {
        let bare = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "aidevops.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#
        #expect(PolicyLinter.lint(bare, kind: .trust).map(\.description) == [
            #"Statement[0].Principal.Service: service principal "aidevops.amazonaws.com" is allowed without aws:SourceAccount and aws:SourceArn conditions (confused deputy: any customer's resource could use it)"#,
        ])
        let accountOnly = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "aidevops.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]}"#
        #expect(PolicyLinter.lint(accountOnly, kind: .trust).map(\.description) == [
            #"Statement[0].Principal.Service: service principal "aidevops.amazonaws.com" is allowed without aws:SourceArn condition (confused deputy: any customer's resource could use it)"#,
        ])
        #expect(PolicyLinter.lint(serviceTrust, kind: .trust).isEmpty)
    }

    @Test func crossAccountRequiresExternalId() throws {
        let policy = try trust(crossAccountTrust)
        let partnerRole = PrincipalInfo(parsing: "arn:aws:iam::999988887777:role/partner-integration")
        #expect(partnerRole.accountId == "999988887777")
        let allowed = TrustPolicyEvaluator.mayAssumeRole(trustPolicy: policy, principal: partnerRole,
                                                         context: ["sts:ExternalId": ["vigil-7f3a"]])
        #expect(allowed.isAllowed)
        // The account principal delegates: the partner's own policies must allow sts:AssumeRole.
        #expect(allowed.requiresCallerPermission)

        let wrongId = TrustPolicyEvaluator.mayAssumeRole(trustPolicy: policy, principal: partnerRole,
                                                         context: ["sts:ExternalId": ["guess"]])
        #expect(wrongId.effect == .implicitDeny)
        let noId = TrustPolicyEvaluator.mayAssumeRole(trustPolicy: policy, principal: partnerRole)
        #expect(noId.effect == .implicitDeny)
        let stranger = TrustPolicyEvaluator.mayAssumeRole(
            trustPolicy: policy, principal: PrincipalInfo(parsing: "arn:aws:iam::444455556666:user/mallory"),
            context: ["sts:ExternalId": ["vigil-7f3a"]])
        #expect(stranger.effect == .implicitDeny)
    }

    @Test func crossAccountWithoutExternalIdIsFlagged() {
        let noExternalId = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::999988887777:root", "arn:aws:iam::111122223333:role/ci"]}, "Action": "sts:AssumeRole"}]}"#
        #expect(PolicyLinter.lint(noExternalId, kind: .trust, account: "111122223333").map(\.description) == [
            "Statement[0].Principal.AWS[0]: account 999988887777 can assume this role without an sts:ExternalId condition",
        ])
        // Without the role's account, every account principal may be cross-account.
        #expect(PolicyLinter.lint(noExternalId, kind: .trust).map(\.code)
            == ["cross-account-external-id", "cross-account-external-id"])
        #expect(PolicyLinter.lint(crossAccountTrust, kind: .trust, account: "111122223333").isEmpty)
    }

    @Test func rolePrincipalAndDeny() throws {
        let policy = try trust(#"""
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "CI", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": ["sts:AssumeRole", "sts:TagSession"]},
          {"Sid": "NoUntrustedNetworks", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
           "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}
        """#)
        let ciSession = PrincipalInfo(parsing: "arn:aws:sts::111122223333:assumed-role/ci/build-42")
        let inside = TrustPolicyEvaluator.mayAssumeRole(trustPolicy: policy, principal: ciSession,
                                                        context: ["aws:SourceIp": ["10.1.2.3"]])
        #expect(inside.isAllowed)
        #expect(!inside.requiresCallerPermission)
        let outside = TrustPolicyEvaluator.mayAssumeRole(trustPolicy: policy, principal: ciSession,
                                                         context: ["aws:SourceIp": ["203.0.113.9"]])
        #expect(outside.effect == .explicitDeny)
        #expect(outside.report.decidingStatements.map(\.sid) == ["NoUntrustedNetworks"])
        let tagging = TrustPolicyEvaluator.mayAssumeRole(trustPolicy: policy, principal: ciSession,
                                                         context: ["aws:SourceIp": ["10.1.2.3"]], action: "sts:TagSession")
        #expect(tagging.isAllowed)
        let otherRole = TrustPolicyEvaluator.mayAssumeRole(
            trustPolicy: policy, principal: PrincipalInfo(parsing: "arn:aws:iam::111122223333:role/deploy"),
            context: ["aws:SourceIp": ["10.1.2.3"]])
        #expect(otherRole.effect == .implicitDeny)
    }

    @Test func webIdentityFederation() throws {
        let policy = try trust(#"""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/vigil:*"}}}]}
        """#)
        let provider = PrincipalInfo(parsing: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com")
        #expect(provider.kind == .identityProvider)
        let decision = TrustPolicyEvaluator.mayAssumeRole(
            trustPolicy: policy, principal: provider,
            context: ["token.actions.githubusercontent.com:sub": ["repo:acme/vigil:ref:refs/heads/main"]],
            action: "sts:AssumeRoleWithWebIdentity")
        #expect(decision.isAllowed)
        let plainAssume = TrustPolicyEvaluator.mayAssumeRole(
            trustPolicy: policy, principal: provider,
            context: ["token.actions.githubusercontent.com:sub": ["repo:acme/vigil:ref:refs/heads/main"]])
        #expect(plainAssume.effect == .implicitDeny)
    }

    @Test func trustActionsAreChecked() {
        let json = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": ["sts:AssumeRole", "aidevops:GetAgentSpace"]}]}"#
        #expect(PolicyLinter.lint(json, kind: .trust, account: "111122223333").map(\.description) == [
            #"Statement[0].Action[1]: "aidevops:GetAgentSpace": a trust policy grants only sts: actions such as sts:AssumeRole"#,
        ])
        let open = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}"#
        #expect(PolicyLinter.lint(open, kind: .trust).map(\.description) == [
            #"Statement[0].Principal.AWS: "*" lets any AWS principal assume this role"#,
        ])
    }
}
