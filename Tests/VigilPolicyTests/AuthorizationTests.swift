import Testing
import VigilPolicy

/// The way the server authorizes a request: a cached PolicySet, a context per request,
/// `decide`, and AWS's AccessDenied wording.
@Suite struct AuthorizationTests {
    static let operators = #"""
    {"Version": "2012-10-17", "Statement": [
      {"Sid": "ReadSpaces", "Effect": "Allow", "Action": ["aidevops:Get*", "aidevops:List*"], "Resource": "*"},
      {"Sid": "ChatFromOffice", "Effect": "Allow", "Action": "aidevops:SendMessage",
       "Resource": "arn:aws:aidevops:us-east-1:111122223333:agentspace/*",
       "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "Bool": {"aws:SecureTransport": "true"}}},
      {"Sid": "NoDeletes", "Effect": "Deny", "Action": "aidevops:Delete*", "Resource": "*"}]}
    """#

    func policySet(boundary: String? = nil, session: String? = nil) throws -> PolicySet {
        PolicySet(identity: [try Policy(name: "operators", json: Self.operators)],
                  permissionsBoundary: try boundary.map { try Policy(name: "boundary", json: $0) },
                  session: try session.map { try Policy(name: "session", json: $0) })
    }

    func context(ip: String = "10.1.2.3") -> RequestContext {
        RequestContext.standard(principal: PrincipalInfo(parsing: "arn:aws:iam::111122223333:user/alice"),
                                epochSeconds: 1_772_366_400, secureTransport: true, sourceIp: ip,
                                region: "us-east-1", resourceAccount: "111122223333")
    }

    let space = "arn:aws:aidevops:us-east-1:111122223333:agentspace/space-1"
    let alice = "arn:aws:iam::111122223333:user/alice"

    @Test func decisionsAndMessages() throws {
        let set = try policySet()
        let read = set.decide(action: "aidevops:ListAgentSpaces", resource: nil, context: context())
        #expect(read.isAllowed)
        #expect(read.statement?.sid == "ReadSpaces")
        #expect(read.statement?.description == #"identity-based policy "operators": Statement[0] (Sid "ReadSpaces")"#)
        #expect(read.accessDeniedMessage(principal: alice, action: "aidevops:ListAgentSpaces", resource: nil) == nil)

        let chat = set.decide(action: "aidevops:SendMessage", resource: space, context: context())
        #expect(chat.isAllowed)
        let chatOutside = set.decide(action: "aidevops:SendMessage", resource: space, context: context(ip: "203.0.113.1"))
        #expect(chatOutside.effect == .implicitDeny)
        #expect(chatOutside.implicitDenyReason == .noAllow)
        #expect(chatOutside.accessDeniedMessage(principal: alice, action: "aidevops:SendMessage", resource: space)
            == "User: \(alice) is not authorized to perform: aidevops:SendMessage on resource: \(space) because no identity-based policy allows the aidevops:SendMessage action")

        let delete = set.decide(action: "aidevops:DeleteAgentSpace", resource: space, context: context())
        #expect(delete.effect == .explicitDeny)
        #expect(delete.accessDeniedMessage(principal: alice, action: "aidevops:DeleteAgentSpace", resource: space)
            == "User: \(alice) is not authorized to perform: aidevops:DeleteAgentSpace on resource: \(space) with an explicit deny in an identity-based policy")
    }

    @Test func boundaryAndSessionMessages() throws {
        let bounded = try policySet(boundary: #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "aidevops:List*", "Resource": "*"}]}"#)
        let decision = bounded.decide(action: "aidevops:GetAgentSpace", resource: space, context: context())
        #expect(decision.implicitDenyReason == .permissionsBoundary)
        #expect(decision.accessDeniedMessage(principal: alice, action: "aidevops:GetAgentSpace", resource: space)?
            .hasSuffix("because no permissions boundary allows the aidevops:GetAgentSpace action") == true)
        let report = bounded.explain(action: "aidevops:GetAgentSpace", resource: space, context: context())
        #expect(report.reason.contains("permissions boundary \"boundary\" does not allow it"))
        #expect(report.matchedStatements.map(\.sid) == ["ReadSpaces"])

        let session = try policySet(session: #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "aidevops:List*", "Resource": "*"}]}"#)
        #expect(session.decide(action: "aidevops:GetAgentSpace", resource: space, context: context()).implicitDenyReason == .sessionPolicy)
        #expect(session.decide(action: "aidevops:ListChats", resource: space, context: context()).isAllowed)
    }

    @Test func sharedAcrossTasks() async throws {
        let set = try policySet()
        let requests: [(String, String?, DecisionEffect)] = [
            ("aidevops:GetAgentSpace", space, .allow), ("aidevops:DeleteAgentSpace", space, .explicitDeny),
            ("aidevops:CreateChat", space, .implicitDeny), ("aidevops:SendMessage", space, .allow),
        ]
        let context = context()
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var wrong = 0
                    for index in 0..<2_000 {
                        let (action, resource, expected) = requests[(index + worker) % requests.count]
                        if set.decide(action: action, resource: resource, context: context).effect != expected { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test func contextChangesAreSeenByEvaluation() throws {
        let set = try policySet()
        var context = context(ip: "203.0.113.1")
        #expect(!set.isAllowed(action: "aidevops:SendMessage", resource: space, context: context))
        context.set("aws:SourceIp", ["10.9.9.9"])
        #expect(set.isAllowed(action: "aidevops:SendMessage", resource: space, context: context))
        context.set("aws:SecureTransport", ["false"])
        #expect(!set.isAllowed(action: "aidevops:SendMessage", resource: space, context: context))
    }
}
