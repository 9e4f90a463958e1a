import Foundation
import Testing
import VigilAPIModel
@testable import VigilWebApp

@Suite struct WebAppOverviewTests {
    @Test func theOverviewListsOpenWorkByPriorityAlertsQuotaAndTopology() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        let low = try await h.task(space: space, title: "disk filling", priority: "LOW")
        let critical = try await h.task(space: space, title: "checkout down", priority: "CRITICAL")
        let alarmed = try await h.invoker.call(operation: "CreateBacklogTask", labels: ["agentSpaceId": space], body: [
            "title": "ALARM shop-api-5xx-rate", "priority": "HIGH", "taskType": "INVESTIGATION",
        ], principal: h.admin, sourceIp: nil)["task"]?["taskId"]?.stringValue
        _ = try await h.invoker.call(operation: "UpdateBacklogTask", labels: ["agentSpaceId": space, "taskId": low],
                                     body: ["taskStatus": "CANCELED"], principal: h.admin, sourceIp: nil)
        try await h.run { web in
            try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            let page = try await web.get("/app/spaces/\(space)")
            #expect(page.status == 200)
            for id in ["open-investigations", "recent-alerts", "quota", "topology-health"] {
                #expect(page.body.contains("id=\"\(id)\""), "\(id)")
            }
            let table = page.body.components(separatedBy: "id=\"open-investigations\"")[1].components(separatedBy: "</table>")[0]
            // Open work only (the canceled task is gone), highest priority first.
            #expect(!table.contains(low))
            let criticalAt = try #require(table.range(of: critical)?.lowerBound)
            let alarmedId = try #require(alarmed)
            let alarmedAt = try #require(table.range(of: alarmedId)?.lowerBound)
            #expect(criticalAt < alarmedAt)
            #expect(page.body.contains("<strong>0</strong> of 3 concurrent investigations running; 2 waiting."))
            #expect(page.body.contains("No topology discovered"))
        }
    }

    @Test func theSignInPageLinksEachSpacesIdentityProvider() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "sso <team>", enableIAM: false)
        _ = try await h.invoker.call(operation: "EnableOperatorApp", labels: ["agentSpaceId": space],
                                     body: ["authFlow": "idp", "operatorAppRoleArn": "arn:aws:iam::123456789012:role/operator-app",
                                            "issuerUrl": "https://issuer.example", "idpClientId": "c", "idpClientSecret": "s",
                                            "provider": "Okta"], principal: h.admin, sourceIp: nil)
        try await h.run { web in
            let page = try await web.get("/")
            #expect(page.body.contains("href=\"/auth/oidc/start?space=\(space.replacingOccurrences(of: "-", with: "%2D"))\"")
                    || page.body.contains("href=\"/auth/oidc/start?space=\(space)\""))
            #expect(page.body.contains("sso &lt;team&gt; — sign in with Okta"))
            #expect(!page.body.contains("id=\"signin-iam\""))
        }
    }
}
