import Foundation
import Testing
import VigilAPIModel
@testable import VigilWebApp

@Suite struct WebAppAuthorizationTests {
    @Test func aUserWithoutGetAgentSpaceSeesNeitherTheSpaceNorItsData() async throws {
        let h = try await WebAppHarness()
        let allowed = try await h.space(named: "team-a")
        let forbidden = try await h.space(named: "team-b")
        let secretTask = try await h.task(space: forbidden, title: "secret-incident-title")
        let carol = try h.user("carol", policy: """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"aidevops:*",
             "Resource":"arn:aws:aidevops:us-east-1:123456789012:agentspace/\(allowed)"}]}
            """)
        try await h.run { web in
            try await web.signIn(carol.key.accessKeyId, carol.key.secretAccessKey)
            let home = try await web.get("/")
            #expect(home.body.contains("team-a"))
            #expect(!home.body.contains("team-b"))
            for path in ["/app/spaces/\(forbidden)", "/app/spaces/\(forbidden)/backlog", "/app/spaces/\(forbidden)/tasks/\(secretTask)",
                         "/app/spaces/\(forbidden)/tasks/\(secretTask)/audit", "/app/spaces/\(forbidden)/tasks/\(secretTask)/topology.svg"] {
                let page = try await web.get(path)
                #expect(page.status == 403, "\(path)")
                #expect(!page.body.contains("secret-incident-title"))
                #expect(!page.body.contains("team-b"))
            }
            let csrf = try #require(WebClient.csrf(in: home.body))
            let create = try await web.post("/app/spaces/\(forbidden)/backlog", form: [("csrf", csrf), ("title", "x"), ("priority", "LOW")])
            #expect(create.status == 403)
            #expect(try await web.get("/app/spaces/\(allowed)").status == 200)
        }
        let denied = try await h.auditLog.records(from: 0, limit: 1000)
            .filter { $0.entry.principal == carol.principal && $0.entry.decision.rawValue == "deny" }
        #expect(denied.contains { $0.entry.action == "aidevops:GetAgentSpace" })
    }

    @Test func aSpaceWithoutTheSessionsFlowIsNotShown() async throws {
        let h = try await WebAppHarness()
        let enabled = try await h.space(named: "enabled-space")
        let dark = try await h.space(named: "dark-space", enableIAM: false)
        try await h.run { web in
            try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            let home = try await web.get("/")
            #expect(home.body.contains("enabled-space"))
            #expect(!home.body.contains("dark-space"))
            #expect(try await web.get("/app/spaces/\(dark)").status == 404)
            #expect(try await web.get("/app/spaces/\(enabled)").status == 200)
        }
    }
}
