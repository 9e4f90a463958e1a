import VigilPolicy

extension DecisionCorpus {
    static let variables: [DecisionCase] = {
        typealias C = Corpus
        let get = "aidevops:GetAgentSpace"
        func spaceNamed(_ name: String) -> String { "arn:aws:aidevops:us-east-1:111122223333:agentspace/\(name)" }
        return [
            DecisionCase(
                name: "aws:username in Resource",
                rule: "IAM policy elements: Variables — ${aws:username} in Resource is replaced by the user's name",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:111122223333:agentspace/${aws:username}""#))],
                action: get, resource: spaceNamed("alice"), expected: .allow),
            DecisionCase(
                name: "aws:username does not match another user's resource",
                rule: "IAM policy elements: Variables — the substituted value must match the resource",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:111122223333:agentspace/${aws:username}""#))],
                action: get, resource: spaceNamed("bob"), expected: .implicitDeny),
            DecisionCase(
                name: "missing variable makes the resource not match",
                rule: "IAM policy elements: Variables — a variable with no value in the request makes the element not match",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:111122223333:agentspace/${aws:username}""#))],
                principal: C.oncallSession, action: get, resource: spaceNamed("bob-session"), expected: .implicitDeny),
            DecisionCase(
                name: "default value for a missing variable",
                rule: "IAM policy elements: Variables — ${key, 'default'} uses the default when the key is absent",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:111122223333:agentspace/${aws:username, 'shared'}""#))],
                principal: C.oncallSession, action: get, resource: spaceNamed("shared"), expected: .allow),
            DecisionCase(
                name: "principal tag in Resource",
                rule: "IAM policy elements: Variables — tags can be variables: ${aws:PrincipalTag/key}",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:111122223333:agentspace/${aws:PrincipalTag/AgentSpaceId}""#))],
                tags: ["AgentSpaceId": "space-1"], action: get, resource: C.space, expected: .allow),
            DecisionCase(
                name: "variable in a condition value",
                rule: "IAM policy elements: Variables — variables can be used in Condition values of string operators",
                identity: [C.policy(C.allow(#""aidevops:*""#, condition: #"{"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}"#))],
                tags: ["team": "payments"], action: get, resource: C.space, context: ["aws:ResourceTag/team": ["payments"]],
                expected: .allow),
            DecisionCase(
                name: "variable in a condition value that differs",
                rule: "IAM policy elements: Variables — the substituted condition value is compared like a literal",
                identity: [C.policy(C.allow(#""aidevops:*""#, condition: #"{"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}"#))],
                tags: ["team": "payments"], action: get, resource: C.space, context: ["aws:ResourceTag/team": ["search"]],
                expected: .implicitDeny),
            DecisionCase(
                name: "source account variable against the resource account",
                rule: "IAM policy elements: Variables — global keys such as ${aws:SourceAccount} can be variables",
                identity: [C.policy(C.allow(#""aidevops:*""#, condition: #"{"StringEquals": {"aws:ResourceAccount": "${aws:SourceAccount}"}}"#))],
                action: get, resource: C.space,
                context: ["aws:ResourceAccount": ["111122223333"], "aws:SourceAccount": ["111122223333"]], expected: .allow),
            DecisionCase(
                name: "escaped star is literal",
                rule: "IAM policy elements: Variables — ${*} stands for a literal * character",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:111122223333:agentspace/${*}""#))],
                action: get, resource: spaceNamed("space-1"), expected: .implicitDeny),
            DecisionCase(
                name: "escaped star matches a literal star",
                rule: "IAM policy elements: Variables — ${*} matches only the character *",
                identity: [C.policy(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:111122223333:agentspace/${*}""#))],
                action: get, resource: spaceNamed("*"), expected: .allow),
            DecisionCase(
                name: "variables are literal text in version 2008-10-17",
                rule: "IAM JSON policy elements: Version — policy variables are not processed without Version 2012-10-17",
                identity: [C.policy2008(C.allow(#""aidevops:*""#, #""arn:aws:aidevops:*:111122223333:agentspace/${aws:username}""#))],
                action: get, resource: spaceNamed("alice"), expected: .implicitDeny),
            DecisionCase(
                name: "aws:PrincipalAccount in a managed-policy style condition",
                rule: "IAM policy elements: Variables — ${aws:PrincipalAccount} resolves to the caller's account",
                identity: [C.policy(C.allow(#""aidevops:*""#, condition: #"{"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}"#))],
                action: get, resource: C.space, context: ["aws:ResourceAccount": ["999988887777"]], expected: .implicitDeny),
        ]
    }()
}
