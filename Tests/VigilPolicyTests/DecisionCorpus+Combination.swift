import VigilPolicy

extension DecisionCorpus {
    static let policyCombination: [DecisionCase] = {
        typealias C = Corpus
        let allowAll = C.policy(C.allow(#""aidevops:*""#, sid: "AllowAll"))
        return [
            // MARK: Explicit deny
            DecisionCase(
                name: "deny in another policy beats allow",
                rule: "Policy evaluation logic: an explicit deny in any policy overrides any allow",
                identity: [allowAll, C.policy(C.deny(#""aidevops:DeleteAgentSpace""#, sid: "NoDeletes"))],
                action: "aidevops:DeleteAgentSpace", resource: C.space, expected: .explicitDeny, decidedBy: "NoDeletes"),
            DecisionCase(
                name: "deny in the same policy beats allow",
                rule: "Policy evaluation logic: an explicit deny overrides an allow in the same policy",
                identity: [C.policy(C.allow(#""*""#), C.deny(#""aidevops:Delete*""#, sid: "NoDeletes"))],
                action: "aidevops:DeleteAgentSpace", resource: C.space, expected: .explicitDeny, decidedBy: "NoDeletes"),
            DecisionCase(
                name: "deny whose condition fails does not apply",
                rule: "IAM JSON policy elements: Condition — a statement applies only when its conditions are true",
                identity: [allowAll, C.policy(C.deny(#""aidevops:*""#, condition: #"{"Bool": {"aws:SecureTransport": "false"}}"#))],
                action: "aidevops:GetAgentSpace", resource: C.space, context: ["aws:SecureTransport": ["true"]],
                expected: .allow, decidedBy: "AllowAll"),
            DecisionCase(
                name: "deny in the permissions boundary",
                rule: "Permissions boundaries: an explicit deny in a boundary overrides identity-based allows",
                identity: [allowAll], boundary: C.policy(C.allow(#""*""#), C.deny(#""aidevops:Delete*""#, sid: "BoundaryDeny")),
                action: "aidevops:DeleteAgentSpace", resource: C.space, expected: .explicitDeny, decidedBy: "BoundaryDeny"),
            DecisionCase(
                name: "deny in the session policy",
                rule: "Session policies: an explicit deny in a session policy overrides allows",
                identity: [allowAll], session: C.policy(C.allow(#""*""#), C.deny(#""aidevops:Update*""#, sid: "SessionDeny")),
                action: "aidevops:UpdateGoal", resource: C.space, expected: .explicitDeny, decidedBy: "SessionDeny"),
            DecisionCase(
                name: "deny in the resource-based policy",
                rule: "Policy evaluation logic: an explicit deny in a resource-based policy overrides identity-based allows",
                identity: [allowAll],
                resourcePolicy: C.policy(C.resourceStatement("Deny", principal: #""*""#, #""aidevops:Delete*""#, sid: "Protect")),
                action: "aidevops:DeleteAgentSpace", resource: C.space, expected: .explicitDeny, decidedBy: "Protect"),

            // MARK: Permissions boundary and session policy
            DecisionCase(
                name: "identity and boundary both allow",
                rule: "Permissions boundaries: effective permissions are the intersection of identity policies and boundary",
                identity: [allowAll], boundary: C.policy(C.allow(#""aidevops:Get*""#)),
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow, decidedBy: "AllowAll"),
            DecisionCase(
                name: "boundary does not allow",
                rule: "Permissions boundaries: an action the boundary does not allow is implicitly denied",
                identity: [allowAll], boundary: C.policy(C.allow(#""aidevops:Get*""#)),
                action: "aidevops:UpdateGoal", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "boundary alone grants nothing",
                rule: "Permissions boundaries: a boundary sets the maximum permissions but grants none by itself",
                boundary: C.policy(C.allow(#""*""#)),
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "session policy allows too",
                rule: "Session policies: permissions are the intersection of identity-based and session policies",
                identity: [allowAll], session: C.policy(C.allow(#""aidevops:List*""#)),
                action: "aidevops:ListChats", resource: C.space, expected: .allow),
            DecisionCase(
                name: "session policy does not allow",
                rule: "Session policies: an action the session policy does not allow is implicitly denied",
                identity: [allowAll], session: C.policy(C.allow(#""aidevops:List*""#)),
                action: "aidevops:SendMessage", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "session policy alone grants nothing",
                rule: "Session policies: session policies limit permissions and cannot grant more than the identity policies",
                session: C.policy(C.allow(#""*""#)),
                action: "aidevops:ListChats", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "identity, boundary and session all allow",
                rule: "Policy evaluation logic: every policy type present must allow the request",
                identity: [allowAll], boundary: C.policy(C.allow(#""aidevops:*""#)), session: C.policy(C.allow(#""aidevops:Get*""#)),
                action: "aidevops:GetRecommendation", resource: C.space, expected: .allow),
            DecisionCase(
                name: "boundary allows but session does not",
                rule: "Policy evaluation logic: boundary and session policy both restrict; either can implicitly deny",
                identity: [allowAll], boundary: C.policy(C.allow(#""aidevops:*""#)), session: C.policy(C.allow(#""aidevops:Get*""#)),
                action: "aidevops:ListGoals", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "resource-based grant still needs the boundary",
                rule: "Permissions boundaries: a resource-based grant to a role is limited by the role's boundary",
                resourcePolicy: C.policy(C.resourceStatement("Allow", principal: #"{"AWS": "\#(C.oncallRole)"}"#, #""aidevops:*""#)),
                boundary: C.policy(C.allow(#""aidevops:Get*""#)), principal: C.oncallSession,
                action: "aidevops:SendMessage", resource: C.space, expected: .implicitDeny),

            // MARK: Resource-based policies
            DecisionCase(
                name: "resource policy naming the user grants access",
                rule: "Policy evaluation logic: within one account, a resource-based policy that names the principal allows",
                resourcePolicy: C.policy(C.resourceStatement("Allow", principal: #"{"AWS": "\#(C.alice)"}"#, #""aidevops:GetAgentSpace""#, sid: "Alice")),
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow, decidedBy: "Alice"),
            DecisionCase(
                name: "resource policy naming someone else",
                rule: "IAM JSON policy elements: Principal — the statement applies only to the principals it names",
                resourcePolicy: C.policy(C.resourceStatement("Allow", principal: #"{"AWS": "\#(C.bob)"}"#, #""aidevops:*""#)),
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "account principal delegates to identity policies",
                rule: "IAM JSON policy elements: Principal — an account principal delegates access to the account's identity-based policies",
                resourcePolicy: C.policy(C.resourceStatement("Allow", principal: #"{"AWS": "111122223333"}"#, #""aidevops:*""#)),
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .implicitDeny),
            DecisionCase(
                name: "account principal plus identity allow",
                rule: "Policy evaluation logic: with the account as principal, the identity-based policy must also allow",
                identity: [C.policy(C.allow(#""aidevops:GetAgentSpace""#, sid: "Identity"))],
                resourcePolicy: C.policy(C.resourceStatement("Allow", principal: #"{"AWS": "arn:aws:iam::111122223333:root"}"#, #""aidevops:*""#)),
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow, decidedBy: "Identity"),
            DecisionCase(
                name: "principal star allows anonymous callers",
                rule: "IAM JSON policy elements: Principal — \"*\" matches every principal, including anonymous users",
                resourcePolicy: C.policy(C.resourceStatement("Allow", principal: #""*""#, #""aidevops:GetAgentSpace""#)),
                principal: "*", action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow),
            DecisionCase(
                name: "role principal matches its sessions",
                rule: "IAM JSON policy elements: Principal — a role ARN principal matches sessions of that role",
                resourcePolicy: C.policy(C.resourceStatement("Allow", principal: #"{"AWS": "\#(C.oncallRole)"}"#, #""aidevops:SendMessage""#)),
                principal: C.oncallSession, action: "aidevops:SendMessage", resource: C.space, expected: .allow),
            DecisionCase(
                name: "service principal in a resource policy",
                rule: "IAM JSON policy elements: Principal — service principals are named with \"Service\"",
                resourcePolicy: C.policy(C.resourceStatement("Allow", principal: #"{"Service": "aidevops.amazonaws.com"}"#, #""aidevops:ListJournalRecords""#)),
                principal: "aidevops.amazonaws.com", action: "aidevops:ListJournalRecords", resource: C.space, expected: .allow),
            DecisionCase(
                name: "resource policy action must match",
                rule: "Policy evaluation logic: a resource-based statement applies only to its actions",
                resourcePolicy: C.policy(C.resourceStatement("Allow", principal: #"{"AWS": "\#(C.alice)"}"#, #""aidevops:GetAgentSpace""#)),
                action: "aidevops:DeleteAgentSpace", resource: C.space, expected: .implicitDeny),

            // MARK: NotPrincipal
            DecisionCase(
                name: "NotPrincipal deny spares the listed user and account",
                rule: "IAM JSON policy elements: NotPrincipal — Deny applies to all principals except those listed",
                identity: [allowAll],
                resourcePolicy: C.policy(C.resourceStatement("Deny", principal: #"{"AWS": ["\#(C.alice)", "111122223333"]}"#, #""aidevops:*""#, notPrincipal: true)),
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow),
            DecisionCase(
                name: "NotPrincipal without the account denies the whole account",
                rule: "IAM JSON policy elements: NotPrincipal — also list the principal's account ARN, or the whole account is denied",
                identity: [allowAll],
                resourcePolicy: C.policy(C.resourceStatement("Deny", principal: #"{"AWS": "\#(C.alice)"}"#, #""aidevops:*""#, sid: "OnlyAlice", notPrincipal: true)),
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .explicitDeny, decidedBy: "OnlyAlice"),
            DecisionCase(
                name: "NotPrincipal deny applies to unlisted users",
                rule: "IAM JSON policy elements: NotPrincipal — principals not listed are denied",
                identity: [allowAll],
                resourcePolicy: C.policy(C.resourceStatement("Deny", principal: #"{"AWS": ["\#(C.alice)", "111122223333"]}"#, #""aidevops:*""#, notPrincipal: true)),
                principal: C.bob, action: "aidevops:GetAgentSpace", resource: C.space, expected: .explicitDeny),
            DecisionCase(
                name: "NotPrincipal deny always applies with a permissions boundary",
                rule: "IAM JSON policy elements: NotPrincipal — a Deny with NotPrincipal always denies principals that have a permissions boundary",
                identity: [allowAll],
                resourcePolicy: C.policy(C.resourceStatement("Deny", principal: #"{"AWS": ["\#(C.alice)", "111122223333"]}"#, #""aidevops:*""#, notPrincipal: true)),
                boundary: C.policy(C.allow(#""*""#)),
                action: "aidevops:GetAgentSpace", resource: C.space, expected: .explicitDeny),
            DecisionCase(
                name: "NotPrincipal must list the session, not just the role",
                rule: "IAM JSON policy elements: NotPrincipal — for assumed roles, list the account, the role and the session",
                identity: [allowAll],
                resourcePolicy: C.policy(C.resourceStatement("Deny", principal: #"{"AWS": ["\#(C.oncallRole)", "111122223333"]}"#, #""aidevops:*""#, notPrincipal: true)),
                principal: C.oncallSession, action: "aidevops:GetAgentSpace", resource: C.space, expected: .explicitDeny),
            DecisionCase(
                name: "NotPrincipal listing account, role and session",
                rule: "IAM JSON policy elements: NotPrincipal — a session listed with its role and account is excluded",
                identity: [allowAll],
                resourcePolicy: C.policy(C.resourceStatement("Deny", principal: #"{"AWS": ["\#(C.oncallRole)", "\#(C.oncallSession)", "111122223333"]}"#, #""aidevops:*""#, notPrincipal: true)),
                principal: C.oncallSession, action: "aidevops:GetAgentSpace", resource: C.space, expected: .allow),
        ]
    }()
}
