import Foundation
import Testing
import VigilAPIModel
import VigilIdentity
import VigilStore
@testable import VigilWebApp

@Suite struct WebAppSessionTests {
    static let readAll = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"aidevops:*","Resource":"*"}]}
        """

    @Test func signOutDeletesTheSessionAndTheOldCookieNoLongerWorks() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        try await h.run { web in
            try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            let stolen = try #require(web.cookies["vigil_session"])
            let home = try await web.get("/")
            let csrf = try #require(WebClient.csrf(in: home.body))
            let out = try await web.post("/auth/signout", form: [("csrf", csrf)])
            #expect(out.status == 303)
            #expect(out.setCookies.contains { $0.hasPrefix("vigil_session=;") && $0.contains("Max-Age=0") })
            web.cookies["vigil_session"] = stolen
            let after = try await web.get("/app/spaces/\(space)")
            #expect(after.status == 303)
            #expect(after.location == "/")
        }
        #expect(try h.env.store.readNow { tx in try tx.webSessions.count() } == 0)
    }

    @Test func signOutWithoutTheFormTokenIsRefusedAndKeepsTheSession() async throws {
        let h = try await WebAppHarness()
        _ = try await h.space(named: "prod")
        try await h.run { web in
            try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            let out = try await web.post("/auth/signout", form: [("csrf", "forged")])
            #expect(out.status == 403)
            #expect(try await web.get("/").body.contains("form id=\"signout\""))
        }
    }

    @Test func deletingTheUserEndsItsSessionOnTheNextRequest() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        let alice = try h.user("alice", policy: Self.readAll)
        try await h.run { web in
            #expect(try await web.signIn(alice.key.accessKeyId, alice.key.secretAccessKey).status == 303)
            #expect(try await web.get("/app/spaces/\(space)").status == 200)
            try h.iam.deleteAccessKey(alice.key.accessKeyId)
            try h.iam.delete(.user, name: "alice")
            let after = try await web.get("/app/spaces/\(space)")
            #expect(after.status == 303)
            #expect(after.location == "/")
        }
        #expect(try h.env.store.readNow { tx in try tx.webSessions.count() } == 0)
    }

    @Test func deletingTheAccessKeyEndsTheSession() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        let bob = try h.user("bob", policy: Self.readAll)
        try await h.run { web in
            try await web.signIn(bob.key.accessKeyId, bob.key.secretAccessKey)
            #expect(try await web.get("/app/spaces/\(space)").status == 200)
            try h.iam.deleteAccessKey(bob.key.accessKeyId)
            #expect(try await web.get("/app/spaces/\(space)").status == 303)
        }
    }

    @Test func anExpiredSessionIsRefusedAndRemoved() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        // A session opened 31 minutes ago: the iam flow's 30 minutes are over.
        let past = WebSessions(environment: h.env, publicBaseURL: "http://127.0.0.1:0", now: { Date().addingTimeInterval(-31 * 60) })
        let response = try await past.start(SignedInIdentity(principal: h.admin, flow: .iam, displayName: "administrator"))
        let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("vigil_session=") })
        let value = String(cookie.dropFirst("vigil_session=".count).prefix { $0 != ";" })
        try await h.run { web in
            web.cookies["vigil_session"] = value
            let page = try await web.get("/app/spaces/\(space)")
            #expect(page.status == 303)
        }
        #expect(try h.env.store.readNow { tx in try tx.webSessions.count() } == 0)
    }

    @Test func aSingleSignOnSessionSeesOnlyItsSpace() async throws {
        let h = try await WebAppHarness()
        let mine = try await h.space(named: "mine")
        let other = try await h.space(named: "other")
        for space in [mine, other] {
            _ = try await h.invoker.call(operation: "EnableOperatorApp", labels: ["agentSpaceId": space],
                                         body: ["authFlow": "idp", "operatorAppRoleArn": "arn:aws:iam::123456789012:role/operator-app",
                                                "issuerUrl": "https://issuer.example", "idpClientId": "c", "idpClientSecret": "s",
                                                "provider": "okta"], principal: h.admin, sourceIp: nil)
        }
        let sessions = WebSessions(environment: h.env, publicBaseURL: "https://vigil.example")
        let response = try await sessions.start(SignedInIdentity(principal: h.admin, flow: .idp, displayName: "alice@example.com",
                                                                 agentSpaceId: mine), redirectTo: "//evil.example/")
        #expect(response.headers[.location] == "/")
        let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("vigil_session=") })
        #expect(cookie.contains("Secure"))
        #expect(cookie.contains("Max-Age=43200"))
        let value = String(cookie.dropFirst("vigil_session=".count).prefix { $0 != ";" })
        try await h.run { web in
            web.cookies["vigil_session"] = value
            let home = try await web.get("/")
            #expect(home.body.contains("/app/spaces/\(mine)"))
            #expect(!home.body.contains("/app/spaces/\(other)"))
            #expect(try await web.get("/app/spaces/\(mine)").status == 200)
            #expect(try await web.get("/app/spaces/\(other)").status == 404)
        }
    }
}
