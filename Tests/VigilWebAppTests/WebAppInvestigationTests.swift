import Foundation
import Testing
import VigilAPIModel
@testable import VigilWebApp

@Suite struct WebAppInvestigationTests {
    @Test func theInvestigationPageShowsStatusJournalHypothesesTopologyAndPlan() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        let task = try await h.task(space: space, title: "checkout errors")
        _ = try h.investigation(space: space, taskId: task, records: JournalFixtures.completedRun(title: "checkout errors"))
        try await h.run { web in
            try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            let page = try await web.get("/app/spaces/\(space)/tasks/\(task)")
            #expect(page.status == 200)
            #expect(page.body.contains("<span id=\"task-status\" class=\"status\">PENDING_START</span>"))
            #expect(page.body.components(separatedBy: "<li class=\"journal-record\">").count - 1 == 5)
            #expect(page.body.contains("id=\"hypotheses\""))
            #expect(page.body.contains("<span class=\"confidence\">91%</span>"))
            #expect(page.body.contains("<img class=\"graph\" src=\"/app/spaces/\(space)/tasks/\(task)/topology.svg\""))
            #expect(page.body.contains("/evidence/1-0"))
            #expect(page.body.contains("connection refused to orders-db"))
            #expect(page.body.contains("baseline 0 → incident 120"))
            // A live task loads the polling script (from /static, no inline script).
            #expect(page.body.contains("<script src=\"/static/live."))
            let svg = try await web.get("/app/spaces/\(space)/tasks/\(task)/topology.svg")
            #expect(svg.body.contains("class=\"root-cause\""))
            #expect(svg.body.contains("suspected root cause"))
            let chart = try await web.get("/app/spaces/\(space)/tasks/\(task)/evidence/1-0")
            #expect(chart.body.contains("class=\"anomaly\""))
            #expect(try await web.get("/app/spaces/\(space)/tasks/\(task)/evidence/1-1").status == 404)  // log evidence has no chart
        }
    }

    @Test func theLiveFeedReturnsOnlyRecordsAfterTheOnesShown() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        let task = try await h.task(space: space, title: "checkout errors")
        let records = (0..<250).map { i -> JSONValue in ["recordType": "SEARCHING", "content": ["step": "collect-telemetry", "text": .string("step \(i)")]] }
        _ = try h.investigation(space: space, taskId: task, records: records)
        try await h.run { web in
            try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            let page = try await web.get("/app/spaces/\(space)/tasks/\(task)")
            // All 250 records shown: the page reads every page of ListJournalRecords (100 per call).
            #expect(page.body.components(separatedBy: "<li class=\"journal-record\">").count - 1 == 250)
            let feed = try await web.get("/app/spaces/\(space)/tasks/\(task)/journal.json?after=240")
            let json = try JSONParser.parse(Array(feed.body.utf8))
            #expect(json["total"]?.int64Value == 250)
            #expect(json["records"]?.arrayValue?.count == 10)
            #expect(json["status"]?.stringValue == "PENDING_START")
            #expect(json["live"]?.boolValue == true)
        }
        let listCalls = try await h.auditLog.records(from: 0, limit: 5000).filter { $0.entry.action == "aidevops:ListJournalRecords" }
        #expect(listCalls.count == 6)  // 3 pages for the page, 3 for the feed
    }

    @Test func theAuditPageProvesTheTasksRecordsAgainstTheLatestCheckpoint() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        let task = try await h.task(space: space, title: "checkout errors")
        let taskArn = "\(h.env.account.agentSpaceArn(space))/task/\(task)"
        for step in ["plan", "summary"] {
            await h.auditLog.record(.init(kind: .reasoningStep, agentSpaceId: space, principal: "agent", action: "investigation:\(step)",
                                          resource: taskArn, decision: .allow))
        }
        _ = try await h.auditLog.checkpoint()
        await h.auditLog.record(.init(kind: .reasoningStep, agentSpaceId: space, principal: "agent", action: "investigation:late",
                                      resource: taskArn, decision: .allow))
        try await h.run { web in
            try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            let page = try await web.get("/app/spaces/\(space)/tasks/\(task)/audit")
            #expect(page.status == 200)
            #expect(page.body.contains("id=\"audit-records\""))
            #expect(page.body.components(separatedBy: "audit-record proof-ok").count - 1 == 2)
            #expect(page.body.components(separatedBy: "audit-record proof-pending").count - 1 == 1)
            #expect(page.body.contains("signature valid"))
            #expect(!page.body.contains("PROOF FAILED"))
        }
    }

    @Test func theModelReadsTheStepsRecords() throws {
        let records = try JournalFixtures.completedRun(title: "t").enumerated().map { i, r in
            JournalRecord(agentSpaceId: "s", executionId: "e", recordId: "r\(i)", content: r["content"] ?? .null,
                          createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(i)), recordType: try #require(r["recordType"]?.stringValue))
        }
        let model = InvestigationModel(records: records)
        #expect(model.hypotheses.map(\.entity) == ["checkout", "orders-db"])
        #expect(model.suspected == "checkout")
        #expect(model.window?.onset == 1_800_000_900)
        #expect(model.findings.first?.evidence.count == 2)
        #expect(model.findings.first?.evidence.last?.incidentCount == 120)
        #expect(model.resources.map(\.entity) == ["shop-api", "checkout"])
        #expect(model.edges.count == 1)
        #expect(InvestigationModel.line(records[3]) == "Finding #1: bad-deployment on checkout (91%)")
    }

    @Test func untrustedTextIsCutAndStrippedOfControls() {
        #expect(Untrusted.cut(String(repeating: "a", count: 10), 4) == "aaaa…")
        #expect(Untrusted.cut("a\u{0}b\u{202E}c") == "a b c")
        #expect(SVGText.escape("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;")
        #expect(LocalPath.sanitize("//evil.example") == "/")
        #expect(LocalPath.sanitize("https://evil.example") == "/")
        #expect(LocalPath.sanitize("/app/spaces/x") == "/app/spaces/x")
    }
}
