import Foundation
import Testing
import VigilAPIModel
@testable import VigilWebApp

@Suite struct WebAppActionTests {
    @Test func approvingThroughTheFormCallsUpdateRecommendationAsTheUser() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        let task = try await h.task(space: space, title: "checkout errors")
        let ids = try h.investigation(space: space, taskId: task, records: JournalFixtures.completedRun(title: "checkout errors"))
        let dave = try h.user("dave", policy: """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"aidevops:*","Resource":"*"}]}
            """)
        try await h.run { web in
            try await web.signIn(dave.key.accessKeyId, dave.key.secretAccessKey)
            let page = try await web.get("/app/spaces/\(space)/tasks/\(task)")
            #expect(page.body.contains("form class=\"recommendation-approve\""))
            #expect(page.body.contains("form class=\"recommendation-reject\""))
            #expect(page.body.contains("<span class=\"recommendation-status\">PROPOSED</span>"))
            let csrf = try #require(WebClient.csrf(in: page.body))
            let answer = try await web.post("/app/spaces/\(space)/tasks/\(task)/recommendations/\(ids.recommendationId)",
                                            form: [("csrf", csrf), ("decision", "approve")])
            #expect(answer.status == 303)
            let after = try await web.get("/app/spaces/\(space)/tasks/\(task)")
            #expect(after.body.contains("<span class=\"recommendation-status\">ACCEPTED</span>"))
            #expect(!after.body.contains("form class=\"recommendation-approve\""))
            #expect(after.body.contains("form class=\"recommendation-reject\""))
        }
        let recommendation = try await h.invoker.call(operation: "GetRecommendation",
                                                      labels: ["agentSpaceId": space, "recommendationId": ids.recommendationId],
                                                      principal: h.admin, sourceIp: nil)["recommendation"]
        #expect(recommendation?["status"]?.stringValue == "ACCEPTED")
        #expect(recommendation?["version"]?.int64Value == 2)
        let audited = try await h.auditLog.records(from: 0, limit: 1000).filter {
            $0.entry.action == "aidevops:UpdateRecommendation" && $0.entry.principal == dave.principal
        }
        #expect(audited.count == 1)
        #expect(audited.first?.entry.decision.rawValue == "allow")
        #expect(audited.first?.entry.resource == h.env.account.agentSpaceArn(space))
    }

    @Test func aUserWithoutUpdateRecommendationIsDeniedLikeTheAPI() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        let task = try await h.task(space: space, title: "checkout errors")
        let ids = try h.investigation(space: space, taskId: task, records: JournalFixtures.completedRun(title: "checkout errors"))
        let erin = try h.user("erin", policy: """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"aidevops:*","Resource":"*"},
             {"Effect":"Deny","Action":"aidevops:UpdateRecommendation","Resource":"*"}]}
            """)
        try await h.run { web in
            try await web.signIn(erin.key.accessKeyId, erin.key.secretAccessKey)
            let page = try await web.get("/app/spaces/\(space)/tasks/\(task)")
            let csrf = try #require(WebClient.csrf(in: page.body))
            let answer = try await web.post("/app/spaces/\(space)/tasks/\(task)/recommendations/\(ids.recommendationId)",
                                            form: [("csrf", csrf), ("decision", "approve")])
            #expect(answer.status == 403)
            #expect(answer.body.contains("aidevops:UpdateRecommendation"))
        }
        let status = try await h.invoker.call(operation: "GetRecommendation", labels: ["agentSpaceId": space, "recommendationId": ids.recommendationId],
                                              principal: h.admin, sourceIp: nil)["recommendation"]?["status"]?.stringValue
        #expect(status == "PROPOSED")
    }

    @Test func creatingATaskFromTheBacklogFormAndFilteringTheTable() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        _ = try await h.task(space: space, title: "old low task", priority: "LOW")
        try await h.run { web in
            try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            let backlog = try await web.get("/app/spaces/\(space)/backlog")
            #expect(backlog.body.contains("form id=\"create-task\""))
            let csrf = try #require(WebClient.csrf(in: backlog.body))
            let created = try await web.post("/app/spaces/\(space)/backlog",
                                             form: [("csrf", csrf), ("title", "checkout is slow"), ("description", "p99 up"), ("priority", "CRITICAL")])
            #expect(created.status == 303)
            let location = try #require(created.location)
            #expect(location.hasPrefix("/app/spaces/\(space)/tasks/"))
            let taskPage = try await web.get(location)
            #expect(taskPage.body.contains("id=\"task-status\" class=\"status\">PENDING_START<"))
            let all = try await web.get("/app/spaces/\(space)/backlog")
            #expect(all.body.components(separatedBy: "<tr data-task-id=").count - 1 == 2)
            let critical = try await web.get("/app/spaces/\(space)/backlog?priority=CRITICAL")
            #expect(critical.body.components(separatedBy: "<tr data-task-id=").count - 1 == 1)
            #expect(critical.body.contains("checkout is slow"))
            // ListBacklogTasks's own rule: priority and status together need a type.
            let refused = try await web.get("/app/spaces/\(space)/backlog?priority=CRITICAL&status=PENDING_START")
            #expect(refused.status == 200)
            #expect(refused.body.contains("id=\"backlog-message\""))
            let invalid = try await web.post("/app/spaces/\(space)/backlog", form: [("csrf", csrf), ("title", ""), ("priority", "URGENT")])
            #expect(invalid.status == 400)
            #expect(invalid.body.contains("The task was not created"))
        }
        let audited = try await h.auditLog.records(from: 0, limit: 1000).filter { $0.entry.action == "aidevops:CreateBacklogTask" }
        #expect(audited.count == 3)  // the fixture's task, the form's task, and the refused one
    }

    @Test func escalationAnswersThroughTheOperationOrSaysItIsMissing() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        let task = try await h.task(space: space, title: "checkout errors")
        try await h.run { web in
            try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            let page = try await web.get("/app/spaces/\(space)/tasks/\(task)")
            #expect(page.body.contains("form id=\"escalate\""))
            let csrf = try #require(WebClient.csrf(in: page.body))
            let answer = try await web.post("/app/spaces/\(space)/tasks/\(task)/escalate", form: [("csrf", csrf), ("kind", "ticket")])
            if APIInvoker.supports("CreateEscalation") {
                // No ticket destination is configured here: the operation refuses, and the page says why.
                #expect(answer.status == 200)
                #expect(answer.body.contains("id=\"notice\">Escalation refused:"))
                #expect(answer.body.contains("id=\"escalation-list\""))
            } else {
                #expect(answer.body.contains("not available in this build"))
            }
        }
        if APIInvoker.supports("CreateEscalation") {
            let audited = try await h.auditLog.records(from: 0, limit: 1000).filter { $0.entry.action == "vigil:CreateEscalation" }
            #expect(audited.count == 1)
            #expect(audited.first?.entry.principal == h.admin.arn)
        }
    }
}

import VigilAPI
