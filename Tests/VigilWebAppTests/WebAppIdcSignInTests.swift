import Foundation
import Testing
import VigilAPIModel
@testable import VigilWebApp

/// `idc`: single sign-on with a Vigil identity, acting as the space's operator app role.
@Suite struct WebAppIdcSignInTests {
    static let operatorPolicy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["aidevops:GetAgentSpace","aidevops:ListBacklogTasks"],"Resource":"*"}]}
        """

    @Test func aTrustedPersonActsAsTheOperatorRoleOfThatSpaceForTwelveHours() async throws {
        let h = try await WebAppHarness()
        let prod = try await h.space(named: "prod", enableIAM: false)
        let other = try await h.space(named: "other", enableIAM: false)
        let alice = try h.user("alice", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#)
        let bob = try h.user("bob", policy: Self.operatorPolicy)
        // The operator role trusts alice only; its own policy lets it read spaces.
        _ = try h.iam.createRole(name: "prod-operator", trustPolicy: """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"\(alice.principal)"},"Action":"sts:AssumeRole"}]}
            """)
        _ = try h.iam.putPolicy(name: "operator-read", document: Self.operatorPolicy)
        try h.iam.attach(.role, name: "prod-operator", policy: "operator-read")
        for space in [prod, other] {
            _ = try await h.invoker.call(operation: "EnableOperatorApp", labels: ["agentSpaceId": space],
                                         body: ["authFlow": "idc", "operatorAppRoleArn": "arn:aws:iam::123456789012:role/prod-operator",
                                                "idcInstanceArn": "arn:aws:sso:::instance/ssoins-1234567890abcdef"],
                                         principal: h.admin, sourceIp: nil)
        }
        try await h.run { web in
            let page = try await web.get("/")
            #expect(page.body.contains("class=\"signin-idc\""))
            let token = try #require(WebClient.csrf(in: page.body))
            // bob is a valid identity but the role does not trust him.
            let refused = try await web.post("/auth/idc", form: [("csrf", token), ("space", prod), ("accessKeyId", bob.key.accessKeyId),
                                                                 ("secretAccessKey", bob.key.secretAccessKey)])
            #expect(refused.status == 403)
            #expect(refused.body.contains("trust policy does not admit you"))
            #expect(web.cookies["vigil_session"] == nil)
            // Each sign-in page carries a fresh login-CSRF token.
            let token2 = try #require(WebClient.csrf(in: refused.body))
            // A wrong secret is the ordinary sign-in failure.
            let wrong = try await web.post("/auth/idc", form: [("csrf", token2), ("space", prod), ("accessKeyId", alice.key.accessKeyId),
                                                               ("secretAccessKey", "wrong-secret-000000000000")])
            #expect(wrong.status == 401)
            // alice is trusted: her own Deny-all policy does not matter, the session acts as the role.
            let token3 = try #require(WebClient.csrf(in: wrong.body))
            let ok = try await web.post("/auth/idc", form: [("csrf", token3), ("space", prod), ("accessKeyId", alice.key.accessKeyId),
                                                            ("secretAccessKey", alice.key.secretAccessKey)])
            #expect(ok.status == 303)
            #expect(ok.location == "/app/spaces/\(prod)")
            let cookie = try #require(ok.setCookies.first { $0.hasPrefix("vigil_session=") })
            #expect(cookie.contains("Max-Age=43200"))
            let home = try await web.get("/")
            #expect(home.body.contains("prod-operator"))
            #expect(home.body.contains(">prod</a>"))
            #expect(!home.body.contains(">other</a>"))  // an SSO session is scoped to the space it signed in to
            #expect(try await web.get("/app/spaces/\(prod)").status == 200)
            #expect(try await web.get("/app/spaces/\(other)").status != 200)
        }
    }

    @Test func aSpaceWithoutIdcRefusesTheFlow() async throws {
        let h = try await WebAppHarness()
        let prod = try await h.space(named: "prod")  // iam only
        try await h.run { web in
            let page = try await web.get("/")
            #expect(!page.body.contains("class=\"signin-idc\""))
            let token = try #require(WebClient.csrf(in: page.body))
            let answer = try await web.post("/auth/idc", form: [("csrf", token), ("space", prod), ("accessKeyId", WebAppHarness.adminKey),
                                                                ("secretAccessKey", WebAppHarness.adminSecret)])
            #expect(answer.status == 403)
            #expect(answer.body.contains("not enabled on that agent space"))
        }
    }
}
