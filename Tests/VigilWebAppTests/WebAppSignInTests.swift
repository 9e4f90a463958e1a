import Foundation
import Testing
import VigilAPIModel
import VigilStore
@testable import VigilWebApp

@Suite struct WebAppSignInTests {
    @Test func signInWithAnAccessKeyOpensASessionWithASafeCookie() async throws {
        let h = try await WebAppHarness()
        _ = try await h.space(named: "prod")
        try await h.run { web in
            let page = try await web.get("/")
            #expect(page.body.contains("id=\"signin-iam\""))
            let answer = try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            #expect(answer.status == 303)
            let cookie = try #require(answer.setCookies.first { $0.hasPrefix("vigil_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))  // the public URL is http
            #expect(cookie.contains("Max-Age=1800"))
            let home = try await web.get("/")
            #expect(home.body.contains("form id=\"signout\""))
            #expect(home.body.contains(">prod</a>"))
        }
        // Only the SHA-256 of the session id is stored.
        let count = try h.env.store.readNow { tx in try tx.webSessions.count() }
        #expect(count == 1)
    }

    @Test func unknownKeyAndWrongSecretGetTheSameAnswer() async throws {
        let h = try await WebAppHarness()
        _ = try await h.space(named: "prod")
        try await h.run { web in
            let wrongSecret = try await web.signIn(WebAppHarness.adminKey, "not-the-secret-at-all-000")
            let unknownKey = try await web.signIn("AKIANOSUCHKEY0000001", WebAppHarness.adminSecret)
            #expect(wrongSecret.status == 401)
            #expect(unknownKey.status == 401)
            #expect(wrongSecret.body.contains(IAMSignIn.failureMessage))
            #expect(unknownKey.body.contains(IAMSignIn.failureMessage))
            #expect(web.cookies["vigil_session"] == nil)
        }
        let records = try await h.auditLog.records(from: 0, limit: 100).filter { $0.entry.action == "webapp:SignIn" }
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.entry.decision.rawValue == "deny" && !$0.entry.detail.contains("not-the-secret") })
    }

    @Test func signInWithoutTheFormTokenIsRefused() async throws {
        let h = try await WebAppHarness()
        _ = try await h.space(named: "prod")
        try await h.run { web in
            let answer = try await web.post("/auth/signin", form: [("accessKeyId", WebAppHarness.adminKey),
                                                                  ("secretAccessKey", WebAppHarness.adminSecret)])
            #expect(answer.status == 403)
            #expect(web.cookies["vigil_session"] == nil)
        }
    }

    @Test func withoutAnEnabledFlowNothingIsOfferedAndKeysAreRefused() async throws {
        let h = try await WebAppHarness()
        _ = try await h.space(named: "dark", enableIAM: false)
        try await h.run { web in
            let page = try await web.get("/")
            #expect(!page.body.contains("signin-iam"))
            #expect(page.body.contains("No sign-in flow is enabled"))
            // A hand-made post with a valid form token is still refused: no space enables iam.
            let preSession = try #require(web.cookies["vigil_signin"])
            let token = SessionSecrets.signInToken(cookie: preSession, key: h.webApp.signInKey.key)
            let answer = try await web.post("/auth/signin", form: [("csrf", token), ("accessKeyId", WebAppHarness.adminKey),
                                                                  ("secretAccessKey", WebAppHarness.adminSecret)])
            #expect(answer.status == 403)
            #expect(answer.body.contains("not enabled"))
            #expect(web.cookies["vigil_session"] == nil)
        }
    }

    @Test func temporaryCredentialsNeedTheirSessionToken() async throws {
        let h = try await WebAppHarness()
        _ = try await h.space(named: "prod")
        let role = try h.iam.createRole(name: "oncall", trustPolicy: """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}
            """)
        _ = role
        let token = SessionToken.make()
        let credentials = AccessKeys.generateTemporary()
        let sealed = try h.env.secrets.seal(credentials.secretAccessKey, context: "access-key:\(credentials.accessKeyId)")
        try h.env.store.writeNow { tx in
            try tx.sessions.insert(.init(accessKeyId: credentials.accessKeyId, roleArn: "arn:aws:iam::123456789012:role/oncall",
                                         sessionName: "alice", secretSealed: sealed, tokenHash: SessionToken.digest(token),
                                         sessionPolicy: nil, tags: [:], expiresAt: Date().addingTimeInterval(600), createdAt: Date()))
        }
        try await h.run { web in
            #expect(try await web.signIn(credentials.accessKeyId, credentials.secretAccessKey).status == 401)
            #expect(try await web.signIn(credentials.accessKeyId, credentials.secretAccessKey, sessionToken: "wrong").status == 401)
            let ok = try await web.signIn(credentials.accessKeyId, credentials.secretAccessKey, sessionToken: token)
            #expect(ok.status == 303)
            // The web session ends with the credentials (10 minutes), not after 30.
            let cookie = try #require(ok.setCookies.first { $0.hasPrefix("vigil_session=") })
            let maxAge = Int(cookie.components(separatedBy: "Max-Age=")[1].prefix { $0.isNumber }) ?? 0
            #expect(maxAge <= 600 && maxAge > 500)
            #expect(try await web.get("/").body.contains("oncall/alice"))
        }
    }
}

import VigilIdentity
