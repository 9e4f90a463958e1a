import VigilPolicy

/// The decision corpus. Each row names the AWS documentation rule it encodes.
enum DecisionCorpus {}

extension DecisionCorpus {
    static let actionsAndResources: [DecisionCase] = {
        typealias C = Corpus
        return [
            // MARK: Action
            DecisionCase(
                name: "exact action allowed",
                rule: "Policy evaluation logic: an Allow in an identity-based policy allows the request",
                identity: [C.policy(C.allow(#""aidevops:GetAgentSpace""#, sid: "Read"))],
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow, decidedBy: "Read"),
            DecisionCase(
                name: "no matching statement is an implicit deny",
                rule: "Policy evaluation logic: by default, all requests are implicitly denied",
                identity: [C.policy(C.allow(#""aidevops:GetAgentSpace""#))],
                action: "aidevops:DeleteAgentSpace", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "no policies at all is an implicit deny",
                rule: "Policy evaluation logic: a request with no applicable policy is implicitly denied",
                action: "aidevops:ListAgentSpaces", expected: .implicitDeny),
            DecisionCase(
                name: "action names are case-insensitive",
                rule: "IAM JSON policy elements: Action — action names are not case-sensitive",
                identity: [C.policy(C.allow(#""AIDEVOPS:getagentspace""#))],
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow),
            DecisionCase(
                name: "star suffix matches Get actions",
                rule: "IAM JSON policy elements: Action — * matches any combination of characters (aidevops:Get*)",
                identity: [C.policy(C.allow(#""aidevops:Get*""#))],
                action: "aidevops:GetBacklogTask", resource: C.space, expected: .allow),
            DecisionCase(
                name: "star suffix does not match other verbs",
                rule: "IAM JSON policy elements: Action — a wildcard matches only names with the literal prefix",
                identity: [C.policy(C.allow(#""aidevops:Get*""#))],
                action: "aidevops:ListAgentSpaces", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "question mark matches one character",
                rule: "IAM JSON policy elements: Action — ? matches any single character",
                identity: [C.policy(C.allow(#""aidevops:Get?gentSpace""#))],
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow),
            DecisionCase(
                name: "question mark does not match two characters",
                rule: "IAM JSON policy elements: Action — ? matches exactly one character",
                identity: [C.policy(C.allow(#""aidevops:Get?Space""#))],
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "wildcard in the middle of an action",
                rule: "IAM JSON policy elements: Action — wildcards can appear anywhere in the action name",
                identity: [C.policy(C.allow(#""aidevops:*AgentSpace*""#))],
                action: "aidevops:UpdateAgentSpace", resource: C.space, expected: .allow),
            DecisionCase(
                name: "star action allows every service",
                rule: "IAM JSON policy elements: Action — \"*\" matches all actions of all services",
                identity: [C.policy(C.allow(#""*""#))],
                action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key", expected: .allow),
            DecisionCase(
                name: "service wildcard is limited to its service",
                rule: "IAM JSON policy elements: Action — service:* matches only that service's actions",
                identity: [C.policy(C.allow(#""aidevops:*""#))],
                action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key", expected: .implicitDeny),
            DecisionCase(
                name: "service prefix must match exactly",
                rule: "IAM JSON policy elements: Action — the service prefix is part of the matched name",
                identity: [C.policy(C.allow(#""aidevops:Get*""#))],
                action: "aidevopsx:GetThing", expected: .implicitDeny),
            DecisionCase(
                name: "action list entries are ORed",
                rule: "IAM JSON policy elements: Action — a list matches when any entry matches",
                identity: [C.policy(C.allow(#"["aidevops:ListChats", "aidevops:SendMessage"]"#))],
                action: "aidevops:SendMessage", resource: C.space, expected: .allow),

            // MARK: NotAction
            DecisionCase(
                name: "Allow NotAction allows unlisted actions",
                rule: "IAM JSON policy elements: NotAction — Allow with NotAction allows every action except those listed",
                identity: [C.policy(#"{"Effect": "Allow", "NotAction": "aidevops:Delete*", "Resource": "*"}"#)],
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow),
            DecisionCase(
                name: "Allow NotAction does not allow listed actions",
                rule: "IAM JSON policy elements: NotAction — listed actions are not matched by the statement",
                identity: [C.policy(#"{"Effect": "Allow", "NotAction": "aidevops:Delete*", "Resource": "*"}"#)],
                action: "aidevops:DeleteAgentSpace", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "Deny NotAction denies unlisted actions",
                rule: "IAM JSON policy elements: NotAction — Deny with NotAction denies every action not listed",
                identity: [C.policy(
                    C.allow(#""aidevops:*""#),
                    #"{"Sid": "OnlyReads", "Effect": "Deny", "NotAction": ["aidevops:Get*", "aidevops:List*"], "Resource": "*"}"#)],
                action: "aidevops:CreateChat", resource: C.space, expected: .explicitDeny, decidedBy: "OnlyReads"),
            DecisionCase(
                name: "Deny NotAction lets listed actions through",
                rule: "IAM JSON policy elements: NotAction — actions listed in a Deny NotAction are not denied by it",
                identity: [C.policy(
                    C.allow(#""aidevops:*""#),
                    #"{"Effect": "Deny", "NotAction": ["aidevops:Get*", "aidevops:List*"], "Resource": "*"}"#)],
                action: "aidevops:ListChats", resource: C.space, expected: .allow),
            DecisionCase(
                name: "Deny NotAction covers other services",
                rule: "IAM JSON policy elements: NotAction — NotAction matches actions of every other service too",
                identity: [C.policy(C.allow(#""*""#), #"{"Effect": "Deny", "NotAction": "aidevops:*", "Resource": "*"}"#)],
                action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key", expected: .explicitDeny),

            // MARK: Resource
            DecisionCase(
                name: "exact resource ARN",
                rule: "IAM JSON policy elements: Resource — the statement applies to the listed ARN",
                identity: [C.policy(C.allow(#""aidevops:GetAgentSpace""#, #""\#(C.space)""#))],
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow),
            DecisionCase(
                name: "other resource ARN",
                rule: "IAM JSON policy elements: Resource — other resources are not matched",
                identity: [C.policy(C.allow(#""aidevops:GetAgentSpace""#, #""\#(C.space)""#))],
                action: "aidevops:GetAgentSpace", resource: C.otherSpace, expected: .implicitDeny),
            DecisionCase(
                name: "region wildcard in an ARN",
                rule: "IAM JSON policy elements: Resource — * can stand for a whole ARN segment (any region)",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:111122223333:agentspace/*""#))],
                action: "aidevops:GetAgentSpace", resource: "arn:aws:aidevops:eu-west-1:111122223333:agentspace/x",
                expected: .allow),
            DecisionCase(
                name: "account segment must match",
                rule: "IAM JSON policy elements: Resource — literal segments must match exactly",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:111122223333:agentspace/*""#))],
                action: "aidevops:GetAgentSpace", resource: "arn:aws:aidevops:us-east-1:999988887777:agentspace/x",
                expected: .implicitDeny),
            DecisionCase(
                name: "Resource star covers actions without a resource",
                rule: "IAM JSON policy elements: Resource — actions without resource-level permissions require \"Resource\": \"*\"",
                identity: [C.policy(C.allow(#""aidevops:ListAgentSpaces""#))],
                action: "aidevops:ListAgentSpaces", resource: nil, expected: .allow),
            DecisionCase(
                name: "ARN pattern does not cover actions without a resource",
                rule: "IAM JSON policy elements: Resource — an ARN does not match a request whose resource is \"*\"",
                identity: [C.policy(C.allow(#""aidevops:ListAgentSpaces""#, #""arn:aws:aidevops:*:*:agentspace/*""#))],
                action: "aidevops:ListAgentSpaces", resource: nil, expected: .implicitDeny),
            DecisionCase(
                name: "resource names are case-sensitive",
                rule: "IAM JSON policy elements: Resource — resource names in ARNs are case-sensitive",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:us-east-1:111122223333:agentspace/Space-1""#))],
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "trailing star spans ARN segments",
                rule: "IAM JSON policy elements: Resource — a * that ends an ARN segment can expand beyond colon boundaries",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*""#))],
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow),
            DecisionCase(
                name: "wildcard inside a six-field ARN stays in its segment",
                rule: "IAM JSON policy elements: Resource — wildcards are used within the individual segments of an ARN",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:us-*:111122223333:agentspace/*""#))],
                action: "aidevops:GetAgentSpace", resource: "arn:aws:aidevops:eu-west-1:111122223333:agentspace/x",
                expected: .implicitDeny),
            DecisionCase(
                name: "resource type is part of the match",
                rule: "IAM JSON policy elements: Resource — agentspace/* does not match service/...",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:*:agentspace/*""#))],
                action: "aidevops:TagResource", resource: C.service, expected: .implicitDeny),
            DecisionCase(
                name: "star spans slashes in the resource segment",
                rule: "IAM JSON policy elements: Resource — * expands across characters such as / in the resource part",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:*:agentspace/*""#))],
                action: "aidevops:GetAgentSpace", resource: "arn:aws:aidevops:us-east-1:111122223333:agentspace/a/b/c",
                expected: .allow),
            DecisionCase(
                name: "question mark in a resource",
                rule: "IAM JSON policy elements: Resource — ? matches any single character in an ARN segment",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:*:agentspace/space-?""#))],
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow),
            DecisionCase(
                name: "question mark does not match two characters in a resource",
                rule: "IAM JSON policy elements: Resource — ? matches exactly one character",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:*:agentspace/space-?""#))],
                action: "aidevops:GetAgentSpace", resource: "arn:aws:aidevops:us-east-1:111122223333:agentspace/space-10",
                expected: .implicitDeny),
            DecisionCase(
                name: "colons inside the resource segment",
                rule: "IAM identifiers: ARNs — the resource part may itself contain colons",
                identity: [C.policy(C.allow(#""logs:GetLogEvents""#, #""arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/*""#))],
                action: "logs:GetLogEvents", resource: "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:log-stream:s1",
                expected: .allow),
            DecisionCase(
                name: "resource list entries are ORed",
                rule: "IAM JSON policy elements: Resource — a list matches when any ARN matches",
                identity: [C.policy(C.allow(#""aidevops:*""#, #"["\#(C.otherSpace)", "\#(C.space)"]"#))],
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow),

            // MARK: NotResource
            DecisionCase(
                name: "Allow NotResource allows unlisted resources",
                rule: "IAM JSON policy elements: NotResource — the statement matches every resource except those listed",
                identity: [C.policy(#"{"Effect": "Allow", "Action": "aidevops:*", "NotResource": "\#(C.otherSpace)"}"#)],
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow),
            DecisionCase(
                name: "Allow NotResource does not allow listed resources",
                rule: "IAM JSON policy elements: NotResource — listed resources are excluded",
                identity: [C.policy(#"{"Effect": "Allow", "Action": "aidevops:*", "NotResource": "\#(C.otherSpace)"}"#)],
                action: "aidevops:GetAgentSpace", resource: C.otherSpace, expected: .implicitDeny),
            DecisionCase(
                name: "Deny NotResource denies everything else",
                rule: "IAM JSON policy elements: NotResource — Deny with NotResource denies all resources not listed",
                identity: [C.policy(
                    C.allow(#""aidevops:*""#),
                    #"{"Sid": "OnlySpace1", "Effect": "Deny", "Action": "aidevops:*", "NotResource": "\#(C.space)"}"#)],
                action: "aidevops:GetAgentSpace", resource: C.otherSpace, expected: .explicitDeny, decidedBy: "OnlySpace1"),
            DecisionCase(
                name: "Deny NotResource spares the listed resource",
                rule: "IAM JSON policy elements: NotResource — the listed resource is not denied by the statement",
                identity: [C.policy(
                    C.allow(#""aidevops:*""#),
                    #"{"Effect": "Deny", "Action": "aidevops:*", "NotResource": "\#(C.space)"}"#)],
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow),
            DecisionCase(
                name: "NotResource matches resource-less requests",
                rule: "IAM JSON policy elements: NotResource — a request for \"*\" is not a listed ARN, so the statement applies",
                identity: [C.policy(#"{"Effect": "Allow", "Action": "aidevops:*", "NotResource": "\#(C.space)"}"#)],
                action: "aidevops:ListAgentSpaces", resource: nil, expected: .allow),
        ]
    }()
}
