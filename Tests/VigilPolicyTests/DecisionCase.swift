import Testing
import VigilPolicy

/// One row of the decision corpus: policies, a request, and the expected decision, with the AWS
/// documentation rule the row encodes.
struct DecisionCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// The AWS documentation rule this case encodes (page: rule).
    var rule: String
    var identity: [String] = []
    var resourcePolicy: String?
    var boundary: String?
    var session: String?
    var principal = Corpus.alice
    var tags: [String: String] = [:]
    var action: String
    var resource: String?
    var context: [String: [String]] = [:]
    var expected: DecisionEffect
    /// The Sid of the deciding statement, when the case checks it.
    var decidedBy: String?

    var testDescription: String { name }

    func policySet() throws -> PolicySet {
        let identityPolicies = try identity.enumerated().map { index, json in
            try Policy(name: "identity\(index)", json: json)
        }
        return PolicySet(
            identity: identityPolicies,
            resource: try resourcePolicy.map { try Policy(name: "resource", json: $0, kind: .resource) },
            permissionsBoundary: try boundary.map { try Policy(name: "boundary", json: $0) },
            session: try session.map { try Policy(name: "session", json: $0) })
    }

    var requestContext: RequestContext {
        RequestContext(principal: PrincipalInfo(parsing: principal, tags: tags), keys: context)
    }
}

/// Helpers for writing policies compactly.
enum Corpus {
    static let account = "111122223333"
    static let alice = "arn:aws:iam::111122223333:user/alice"
    static let bob = "arn:aws:iam::111122223333:user/bob"
    static let oncallSession = "arn:aws:sts::111122223333:assumed-role/oncall/bob-session"
    static let oncallRole = "arn:aws:iam::111122223333:role/oncall"
    static let space = "arn:aws:aidevops:us-east-1:111122223333:agentspace/space-1"
    static let otherSpace = "arn:aws:aidevops:us-east-1:111122223333:agentspace/space-2"
    static let service = "arn:aws:aidevops:us-east-1:111122223333:service/svc-1"

    /// A 2012-10-17 policy with these statements (JSON objects).
    static func policy(_ statements: String...) -> String {
        #"{"Version": "2012-10-17", "Statement": ["# + statements.joined(separator: ",") + "]}"
    }

    /// A 2008-10-17 policy (no policy variables).
    static func policy2008(_ statements: String...) -> String {
        #"{"Version": "2008-10-17", "Statement": ["# + statements.joined(separator: ",") + "]}"
    }

    /// An Allow statement; `condition` is the JSON of the Condition element.
    static func allow(_ actions: String, _ resources: String = #""*""#, sid: String = "Allow",
                      condition: String? = nil) -> String {
        statement("Allow", actions, resources, sid: sid, condition: condition)
    }

    static func deny(_ actions: String, _ resources: String = #""*""#, sid: String = "Deny",
                     condition: String? = nil) -> String {
        statement("Deny", actions, resources, sid: sid, condition: condition)
    }

    static func statement(_ effect: String, _ actions: String, _ resources: String, sid: String,
                          condition: String?) -> String {
        var json = #"{"Sid": "\#(sid)", "Effect": "\#(effect)", "Action": \#(actions), "Resource": \#(resources)"#
        if let condition { json += #", "Condition": \#(condition)"# }
        return json + "}"
    }

    /// A statement of a resource-based policy.
    static func resourceStatement(_ effect: String, principal: String, _ actions: String,
                                  _ resources: String = #""*""#, sid: String = "Resource",
                                  notPrincipal: Bool = false, condition: String? = nil) -> String {
        var json = #"{"Sid": "\#(sid)", "Effect": "\#(effect)", "\#(notPrincipal ? "NotPrincipal" : "Principal")": \#(principal), "#
            + #""Action": \#(actions), "Resource": \#(resources)"#
        if let condition { json += #", "Condition": \#(condition)"# }
        return json + "}"
    }
}
