// Micro-benchmark of the IAM policy engine: decisions per second for a parsed, cached policy set
// (six policies, forty statements, wildcards, variables and conditions), single-threaded.
// Prints figures; asserts nothing.
import Foundation
import VigilPolicy

/// Runs the policy-engine benchmark and prints its figures.
func runPolicyBenchmark() {
    let fixtures: PolicyBenchmarkFixtures
    do {
        fixtures = try PolicyBenchmarkFixtures()
    } catch {
        print("policy engine: benchmark policies do not parse: \(error)")
        return
    }
    let set = fixtures.policySet
    let requests = fixtures.requests
    let clock = ContinuousClock()

    // Warm up, and count the outcomes once so the figures can be read against them.
    var outcomes: [DecisionEffect: Int] = [:]
    for request in requests {
        let decision = set.decide(action: request.action, resource: request.resource, context: request.context)
        outcomes[decision.effect, default: 0] += 1
    }

    let decisionsPerRound = 200_000
    let rounds = 9
    var rates: [Double] = []
    var checksum = 0
    for _ in 0..<rounds {
        var allowed = 0
        let elapsed = clock.measure {
            var index = 0
            for _ in 0..<decisionsPerRound {
                let request = requests[index]
                if set.decide(action: request.action, resource: request.resource, context: request.context).isAllowed {
                    allowed += 1
                }
                index += 1
                if index == requests.count { index = 0 }
            }
        }
        checksum &+= allowed
        rates.append(Double(decisionsPerRound) / policyBenchmarkSeconds(elapsed))
    }
    rates.sort()

    // With the request context built per decision (what a server does when it cannot reuse one).
    var contextRates: [Double] = []
    let contextRounds = 5
    let perContextRound = 50_000
    for _ in 0..<contextRounds {
        let elapsed = clock.measure {
            var index = 0
            for _ in 0..<perContextRound {
                let request = requests[index]
                let context = RequestContext.standard(
                    principal: request.context.principal, epochSeconds: 1_780_000_000, secureTransport: true,
                    sourceIp: "10.20.30.40", region: "us-east-1", resourceAccount: "111122223333")
                if set.decide(action: request.action, resource: request.resource, context: context).isAllowed {
                    checksum &+= 1
                }
                index += 1
                if index == requests.count { index = 0 }
            }
        }
        contextRates.append(Double(perContextRound) / policyBenchmarkSeconds(elapsed))
    }
    contextRates.sort()

    // explain(): every matching statement and a reason (the CLI and AccessDenied messages).
    var explainRates: [Double] = []
    for _ in 0..<5 {
        let count = 20_000
        let elapsed = clock.measure {
            for index in 0..<count {
                let request = requests[index % requests.count]
                checksum &+= set.explain(action: request.action, resource: request.resource,
                                         context: request.context).matchedStatements.count
            }
        }
        explainRates.append(Double(count) / policyBenchmarkSeconds(elapsed))
    }
    explainRates.sort()

    // Parsing and compiling the documents.
    var parseTimes: [Double] = []
    for _ in 0..<21 {
        let elapsed = clock.measure { _ = try? PolicyBenchmarkFixtures() }
        parseTimes.append(policyBenchmarkSeconds(elapsed) * 1e6)
    }
    parseTimes.sort()

    #if DEBUG
    let build = "debug"
    #else
    let build = "release"
    #endif
    let statements = fixtures.statementCount
    print("policy engine (\(build) build, single thread, \(fixtures.policyCount) policies / \(statements) statements, "
          + "\(requests.count) distinct requests: \(outcomes[.allow, default: 0]) allow, "
          + "\(outcomes[.explicitDeny, default: 0]) explicit deny, \(outcomes[.implicitDeny, default: 0]) implicit deny)")
    print(String(format: "  decide, cached context              %10.0f decisions/s (median of %d rounds of %d; "
                 + "min %.0f, max %.0f)", rates[rates.count / 2], rounds, decisionsPerRound, rates[0], rates[rates.count - 1]))
    print(String(format: "  decide, context built per request   %10.0f decisions/s (median of %d rounds)",
                 contextRates[contextRates.count / 2], contextRounds))
    print(String(format: "  explain (all statements + reason)   %10.0f decisions/s (median of 5 rounds)",
                 explainRates[explainRates.count / 2]))
    print(String(format: "  parse + compile the %d policies      %10.1f µs (median of 21)", fixtures.policyCount,
                 parseTimes[parseTimes.count / 2]))
    print("  (checksum \(checksum))")
}

private func policyBenchmarkSeconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

private struct PolicyBenchmarkRequest {
    var action: String
    var resource: String?
    var context: RequestContext
}

/// A realistic policy set for a team using the DevOps Agent API: operator and on-call identity
/// policies, read-only access to observability services, account guardrails (Deny), a
/// permissions boundary, and an agent-space resource policy.
private struct PolicyBenchmarkFixtures {
    let policySet: PolicySet
    let requests: [PolicyBenchmarkRequest]
    let policyCount: Int
    let statementCount: Int

    init() throws {
        let operators = try Policy(name: "PlatformOperators", json: Self.operatorsPolicy)
        let oncall = try Policy(name: "OnCallResponders", json: Self.oncallPolicy)
        let readOnly = try Policy(name: "ObservabilityReadOnly", json: Self.readOnlyPolicy)
        let guardrails = try Policy(name: "AccountGuardrails", json: Self.guardrailsPolicy)
        let boundary = try Policy(name: "DeveloperBoundary", json: Self.boundaryPolicy)
        let resource = try Policy(name: "AgentSpacePolicy", json: Self.resourcePolicy, kind: .resource)
        policySet = PolicySet(identity: [operators, oncall, readOnly, guardrails], resource: resource,
                              permissionsBoundary: boundary)
        let all = [operators, oncall, readOnly, guardrails, boundary, resource]
        policyCount = all.count
        statementCount = all.reduce(0) { $0 + $1.document.statements.count }

        let account = "111122223333"
        let now = 1_780_000_000
        func context(_ principal: PrincipalInfo, mfa: Bool, ip: String, extra: [String: [String]] = [:]) -> RequestContext {
            var keys = extra
            keys["aws:MultiFactorAuthPresent"] = [mfa ? "true" : "false"]
            if mfa { keys["aws:MultiFactorAuthAge"] = ["300"] }
            keys["aws:ResourceTag/team"] = ["payments"]
            keys["aws:ResourceTag/env"] = ["staging"]
            return RequestContext.standard(principal: principal, epochSeconds: now, secureTransport: true, sourceIp: ip,
                                           region: "us-east-1", resourceAccount: account, extra: keys)
        }
        let engineer = context(
            PrincipalInfo(parsing: "arn:aws:iam::\(account):user/alice",
                          tags: ["team": "payments", "AgentSpaceId": "space-payments", "role": "owner"]),
            mfa: true, ip: "10.1.2.3")
        let responder = context(
            PrincipalInfo(parsing: "arn:aws:sts::\(account):assumed-role/oncall-primary/bob",
                          tags: ["team": "payments", "AgentSpaceId": "space-payments"]),
            mfa: true, ip: "192.168.10.20", extra: ["aws:TagKeys": ["team", "env"], "aws:RequestTag/env": ["staging"]])
        let auditor = context(
            PrincipalInfo(parsing: "arn:aws:iam::\(account):user/carol", tags: ["team": "security"]),
            mfa: false, ip: "203.0.113.7")

        let space = "arn:aws:aidevops:us-east-1:\(account):agentspace/space-payments"
        let otherSpace = "arn:aws:aidevops:us-east-1:\(account):agentspace/space-search"
        let service = "arn:aws:aidevops:us-east-1:\(account):service/svc-checkout"
        let pairs: [(String, String?)] = [
            ("aidevops:GetAgentSpace", space), ("aidevops:ListAgentSpaces", nil), ("aidevops:CreateBacklogTask", space),
            ("aidevops:ListBacklogTasks", otherSpace), ("aidevops:SendMessage", space), ("aidevops:CreateChat", otherSpace),
            ("aidevops:UpdateRecommendation", space), ("aidevops:TagResource", service), ("aidevops:DeleteAgentSpace", space),
            ("aidevops:RegisterService", service), ("aidevops:ListWebhooks", space), ("aidevops:GetAccountUsage", nil),
            ("aidevops:UpdateGoal", space), ("aidevops:CreatePrivateConnection", nil), ("aidevops:ListJournalRecords", space),
            ("cloudwatch:GetMetricData", nil),
            ("logs:FilterLogEvents", "arn:aws:logs:us-east-1:\(account):log-group:/aws/lambda/checkout:*"),
            ("xray:GetTraceSummaries", nil), ("s3:PutObject", "arn:aws:s3:::payments-artifacts/build.zip"),
            ("aidevops:UpdateAgentSpace", otherSpace),
        ]
        var requests: [PolicyBenchmarkRequest] = []
        for context in [engineer, responder, auditor] {
            for (action, resource) in pairs {
                requests.append(PolicyBenchmarkRequest(action: action, resource: resource, context: context))
            }
        }
        self.requests = requests
    }

    static let operatorsPolicy = #"""
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "ReadAgentSpaces", "Effect": "Allow", "Action": ["aidevops:Get*", "aidevops:List*"],
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*"},
        {"Sid": "AccountLevelReads", "Effect": "Allow",
         "Action": ["aidevops:ListAgentSpaces", "aidevops:ListServices", "aidevops:GetAccountUsage"], "Resource": "*"},
        {"Sid": "OwnSpaceBacklog", "Effect": "Allow",
         "Action": ["aidevops:CreateBacklogTask", "aidevops:UpdateBacklogTask", "aidevops:GetBacklogTask", "aidevops:ListBacklogTasks"],
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/${aws:PrincipalTag/AgentSpaceId}"},
        {"Sid": "ChatInTeamSpaces", "Effect": "Allow",
         "Action": ["aidevops:CreateChat", "aidevops:SendMessage", "aidevops:ListChats", "aidevops:ListPendingMessages"],
         "Resource": "arn:aws:aidevops:us-*:111122223333:agentspace/*",
         "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}},
        {"Sid": "RecommendationsThisYear", "Effect": "Allow",
         "Action": ["aidevops:UpdateRecommendation", "aidevops:GetRecommendation", "aidevops:ListRecommendations"],
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*",
         "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2025-01-01T00:00:00Z"},
                       "DateLessThan": {"aws:CurrentTime": "2031-01-01T00:00:00Z"}}},
        {"Sid": "TagWithApprovedKeys", "Effect": "Allow", "Action": ["aidevops:TagResource", "aidevops:UntagResource"],
         "Resource": ["arn:aws:aidevops:*:111122223333:agentspace/*", "arn:aws:aidevops:*:111122223333:service/*"],
         "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env", "owner"]},
                       "StringEqualsIfExists": {"aws:RequestTag/env": ["prod", "staging", "dev"]}}},
        {"Sid": "RegisterServicesWithMFA", "Effect": "Allow",
         "Action": ["aidevops:RegisterService", "aidevops:DeregisterService", "aidevops:AssociateService", "aidevops:DisassociateService"],
         "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
        {"Sid": "Associations", "Effect": "Allow",
         "Action": ["aidevops:GetAssociation", "aidevops:ListAssociations", "aidevops:UpdateAssociation", "aidevops:ValidateAwsAssociations"],
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*"},
        {"Sid": "GoalsAndJournal", "Effect": "Allow",
         "Action": ["aidevops:ListGoals", "aidevops:UpdateGoal", "aidevops:ListExecutions", "aidevops:ListJournalRecords"],
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*"},
        {"Sid": "WebhooksFromCorporateNetwork", "Effect": "Allow", "Action": "aidevops:ListWebhooks",
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*",
         "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32"]}}}
      ]
    }
    """#

    static let oncallPolicy = #"""
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "Investigate", "Effect": "Allow",
         "Action": ["aidevops:CreateBacklogTask", "aidevops:UpdateBacklogTask", "aidevops:GetBacklogTask"],
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*",
         "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/oncall-*"}}},
        {"Sid": "ChatRecentlyAuthenticated", "Effect": "Allow", "Action": ["aidevops:SendMessage", "aidevops:CreateChat"],
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*",
         "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}},
        {"Sid": "ReadEverythingInSpaces", "Effect": "Allow", "Action": "aidevops:List*",
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*"},
        {"Sid": "TagDuringIncidents", "Effect": "Allow", "Action": "aidevops:TagResource",
         "Resource": "arn:aws:aidevops:*:111122223333:*/*",
         "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["incident", "team"]},
                       "StringLike": {"aws:PrincipalTag/team": "pay*"}}},
        {"Sid": "AcknowledgeRecommendations", "Effect": "Allow", "Action": "aidevops:UpdateRecommendation",
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*",
         "Condition": {"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "PAYMENTS"}}},
        {"Sid": "GoalsOnlyOverTLS", "Effect": "Allow", "Action": ["aidevops:UpdateGoal", "aidevops:ListGoals"],
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*",
         "Condition": {"Bool": {"aws:SecureTransport": "true"}, "Null": {"aws:PrincipalTag/team": "false"}}},
        {"Sid": "UsageFromVpn", "Effect": "Allow", "Action": "aidevops:GetAccountUsage", "Resource": "*",
         "Condition": {"IpAddress": {"aws:SourceIp": "192.168.0.0/16"}}},
        {"Sid": "OperatorApp", "Effect": "Allow", "Action": ["aidevops:GetOperatorApp", "aidevops:EnableOperatorApp"],
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*",
         "Condition": {"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}}
      ]
    }
    """#

    static let readOnlyPolicy = #"""
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "CloudWatchRead", "Effect": "Allow",
         "Action": ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"], "Resource": "*"},
        {"Sid": "LogsRead", "Effect": "Allow",
         "Action": ["logs:Describe*", "logs:Get*", "logs:FilterLogEvents", "logs:StartQuery", "logs:GetQueryResults"],
         "Resource": "arn:aws:logs:*:111122223333:log-group:*"},
        {"Sid": "TracesRead", "Effect": "Allow", "Action": ["xray:Get*", "xray:BatchGet*"], "Resource": "*"},
        {"Sid": "ArtifactsRead", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::payments-artifacts", "arn:aws:s3:::payments-artifacts/*"]},
        {"Sid": "DescribeCompute", "Effect": "Allow",
         "Action": ["ec2:Describe*", "ecs:Describe*", "ecs:List*", "lambda:GetFunction", "lambda:List*"], "Resource": "*"},
        {"Sid": "ReadOnlyAgentSpaces", "Effect": "Allow", "Action": ["aidevops:Get*", "aidevops:List*"],
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*"}
      ]
    }
    """#

    static let guardrailsPolicy = #"""
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "DenyDeletesWithoutMFA", "Effect": "Deny", "Action": "aidevops:Delete*", "Resource": "*",
         "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}},
        {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Action": "*", "Resource": "*",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "DenyOutsideNetworks", "Effect": "Deny", "Action": "aidevops:*", "Resource": "*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16", "198.51.100.0/24", "2001:db8::/32"]},
                       "BoolIfExists": {"aws:ViaAWSService": "false"}}},
        {"Sid": "DenyOtherRegions", "Effect": "Deny", "Action": "*", "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}},
        {"Sid": "DenyProdChangesByNonOwners", "Effect": "Deny", "Action": ["aidevops:Update*", "aidevops:Delete*"],
         "Resource": "arn:aws:aidevops:*:111122223333:agentspace/*",
         "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}, "StringNotEquals": {"aws:PrincipalTag/role": "owner"}}},
        {"Sid": "DenyOtherAccountsResources", "Effect": "Deny", "Action": "aidevops:*", "Resource": "*",
         "Condition": {"StringNotEqualsIfExists": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}},
        {"Sid": "DenyReservedTagKeys", "Effect": "Deny", "Action": ["aidevops:TagResource", "aidevops:UntagResource"],
         "Resource": "*", "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": ["aws:*", "vigil:*"]}}},
        {"Sid": "DenyPrivateConnectionsOutsideChangeWindow", "Effect": "Deny",
         "Action": ["aidevops:CreatePrivateConnection", "aidevops:DeletePrivateConnection", "aidevops:UpdatePrivateConnectionCertificate"],
         "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}}
      ]
    }
    """#

    static let boundaryPolicy = #"""
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "AgentApi", "Effect": "Allow", "Action": "aidevops:*", "Resource": "*"},
        {"Sid": "Observability", "Effect": "Allow",
         "Action": ["cloudwatch:*", "logs:*", "xray:*", "ec2:Describe*", "ecs:Describe*", "ecs:List*", "lambda:Get*", "lambda:List*"],
         "Resource": "*"},
        {"Sid": "Artifacts", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::payments-*/*"},
        {"Sid": "NeverDeleteSpaces", "Effect": "Deny", "Action": "aidevops:DeleteAgentSpace", "Resource": "*"}
      ]
    }
    """#

    static let resourcePolicy = #"""
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "AccountAccess", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "aidevops:*",
         "Resource": "arn:aws:aidevops:us-east-1:111122223333:agentspace/*"},
        {"Sid": "OnCallRole", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/oncall-primary"},
         "Action": ["aidevops:SendMessage", "aidevops:CreateChat", "aidevops:ListChats"],
         "Resource": "arn:aws:aidevops:us-east-1:111122223333:agentspace/*"},
        {"Sid": "AgentService", "Effect": "Allow", "Principal": {"Service": "aidevops.amazonaws.com"},
         "Action": "aidevops:ListJournalRecords", "Resource": "arn:aws:aidevops:us-east-1:111122223333:agentspace/*",
         "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}},
        {"Sid": "DenyOutsiders", "Effect": "Deny", "NotPrincipal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:role/oncall-primary"]},
         "Action": "aidevops:Delete*", "Resource": "arn:aws:aidevops:us-east-1:111122223333:agentspace/*"}
      ]
    }
    """#
}
