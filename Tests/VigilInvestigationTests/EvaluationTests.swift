import Foundation
import Testing
import VigilAnalysis
import VigilAPIModel
import VigilTelemetry
@testable import VigilInvestigation

/// Names the cause from the incident's title: "<entity> <kind>", or nothing decisive for "unclear ...".
struct TitleReasoner: Reasoner {
    var name: String { "title-test" }
    func analyze(_ t: IncidentTelemetry) async throws -> AnalysisReport {
        let words = t.incident.title.split(separator: " ").map(String.init)
        guard words.count >= 2, words[0] != "unclear" else {
            return AnalysisReport(incident: t.incident, hypotheses: [], timeline: [], decisive: false, verdict: "nothing stood out")
        }
        let hypothesis = Hypothesis(entity: words[0], kind: words[1], confidence: 0.8,
                                    evidence: [Evidence(kind: "metric-anomaly", entity: words[0], summary: "up", score: 0.8, metric: "Errors")])
        return AnalysisReport(incident: t.incident, hypotheses: [hypothesis], timeline: [], decisive: true, verdict: words[1])
    }
}

@Suite struct EvaluationTests {
    static func past(_ id: String, at: Double, cause: (String, String)? = nil, status: String = "COMPLETED", matched: [String] = [],
                     collected: PastInvestigation.Collected? = nil) -> PastInvestigation {
        PastInvestigation(taskId: id, executionId: "e-\(id)", title: "incident \(id)", status: status, statusReason: nil, createdAt: at,
                          rootCause: cause.map { PastInvestigation.Cause(entity: $0.0, kind: $0.1, confidence: 0.7) },
                          matched: matched, collected: collected)
    }

    @Test func reviewFindsRecurringCausesFragileResourcesKindsAndGaps() {
        let none = PastInvestigation.Collected(metricSeries: 4, logEvents: 0, spans: 0, changes: 0)
        let patterns = EvaluationReview.review([
            Self.past("t1", at: 1, cause: ("orders", "memory-leak")),
            Self.past("t2", at: 2, cause: ("orders", "memory-leak")),
            Self.past("t3", at: 3, cause: ("orders", "throttling")),
            Self.past("t4", at: 4, cause: ("payments", "throttling")),
            Self.past("t5", at: 5, cause: ("web", "errors")),
            Self.past("t6", at: 6, cause: ("api", "errors")),
            Self.past("t7", at: 7, matched: ["search"], collected: none),
            Self.past("t8", at: 8, status: "TIMED_OUT"),
        ])
        let found = patterns.map { "\($0.kind.rawValue) \($0.entity ?? "-") \($0.faultKind ?? "-") \($0.taskIds)" }
        #expect(found == [
            "fragile-resource orders - [\"t1\", \"t2\", \"t3\"]",
            "recurring-cause orders memory-leak [\"t1\", \"t2\"]",
            "recurring-kind - throttling [\"t3\", \"t4\"]",
            "telemetry-gap search - [\"t7\"]",
            "unfinished-investigations - - [\"t8\"]",
        ])
        // Recurring symptoms ("errors" on web and api) are not a shared cause.
        #expect(!patterns.contains { $0.faultKind == "errors" })
        #expect(patterns[3].missing == ["no log events", "no traces", "no deployment or configuration changes recorded"])
        #expect(patterns[4].recommends == false)
    }

    @Test func reviewOfNothingOrSingletonsFindsNoRecurrence() {
        #expect(EvaluationReview.review([]).isEmpty)
        let single = EvaluationReview.review([Self.past("t1", at: 1, cause: ("orders", "memory-leak")),
                                              Self.past("t2", at: 2, cause: ("payments", "bad-deployment"))])
        #expect(single.isEmpty)
    }

    @Test func adviceNamesTheStepsAndTheEarlierTasks() {
        let pattern = EvaluationPattern(kind: .recurringCause, entity: "orders", faultKind: "connection-exhaustion", taskIds: ["t1", "t2"],
                                        missing: [], headline: "connection-exhaustion on orders was the root cause of 2 investigations")
        let advice = PreventionAdvice.advise(pattern, tasks: ["t1": Self.past("t1", at: 1, cause: ("orders", "connection-exhaustion"))])
        #expect(advice.title == "Prevent recurring connection-exhaustion on orders")
        #expect(advice.summary.contains("1. Put a connection pool or proxy (RDS Proxy) in front of orders"))
        #expect(advice.summary.contains("- task t1: incident t1 — root cause connection-exhaustion on orders (confidence 0.7)"))
        #expect(advice.summary.contains("- task t2: "))
        #expect(advice.spec.contains("(tasks t1, t2)") && advice.spec.contains("## Done when"))
    }

    @Test func anEvaluationReviewsFinishedInvestigationsAndProposesPreventionOnce() async throws {
        let world = try TestWorld()
        try world.addSpace("s1")
        try world.addSpace("s2")
        let runner = world.runner(reasoner: TitleReasoner())
        let titles = ["orders memory-leak", "orders memory-leak", "payments throttling", "unclear api slowness"]
        var ids: [String] = []
        for (i, title) in titles.enumerated() {
            let id = try world.addTask(space: "s1", title: title, createdAt: Date().addingTimeInterval(Double(i - 100)))
            ids.append(id)
            runner.taskChanged(space: "s1", taskId: id)
            try await world.waitUntil("investigation \(i) completed") { try world.status("s1", id) == .completed }
        }
        // Another space's history is not this space's evidence.
        let elsewhere = try world.addTask(space: "s2", title: "payments throttling")
        runner.taskChanged(space: "s2", taskId: elsewhere)
        try await world.waitUntil("other space completed") { try world.status("s2", elsewhere) == .completed }

        let evaluation = try world.addTask(space: "s1", title: "weekly prevention review", type: .evaluation)
        runner.taskChanged(space: "s1", taskId: evaluation)
        try await world.waitUntil("evaluation completed") { try world.status("s1", evaluation) == .completed }
        let task = try world.task("s1", evaluation)
        #expect(task.statusReason == "Evaluation reviewed 4 investigations: 2 patterns, 2 recommendations proposed")
        let execution = try #require(world.executions("s1", evaluation).first)
        #expect(execution.agentSubTask == "evaluation")
        let records = try world.journal("s1", execution.executionId)
        #expect(records.map(\.recordType) == ["PLANNING", "SEARCHING", "ANALYSIS", "FINDING", "FINDING", "ACTION", "ACTION", "SUMMARY", "SUGGESTION"])
        #expect(records[1].content["reviewed"] == .int(4) && records[1].content["decisive"] == .int(3))
        let recurring = records[3].content
        #expect(recurring["pattern"]?.stringValue == "recurring-cause" && recurring["entity"]?.stringValue == "orders")
        #expect(recurring["evidence"]?.arrayValue?.compactMap { $0["taskId"]?.stringValue } == [ids[0], ids[1]])
        let gap = records[4].content
        #expect(gap["pattern"]?.stringValue == "telemetry-gap" && gap["entity"]?.stringValue == "api")
        #expect(gap["evidence"]?[0]?["taskId"]?.stringValue == ids[3])

        let recs = try world.recommendations("s1", evaluation)
        #expect(recs.map(\.title).sorted() == ["Close the telemetry gaps of api", "Prevent recurring memory-leak on orders"])
        let memory = try #require(recs.first { $0.title.contains("memory-leak") })
        #expect(memory.status == .proposed)
        #expect(memory.content.summary.contains("- task \(ids[0]): orders memory-leak — root cause memory-leak on orders"))
        #expect(memory.content.summary.contains("- task \(ids[1]): "))
        #expect(records[5].content["recommendationId"]?.stringValue == recs.first { $0.title == records[5].content["title"]?.stringValue }?.recommendationId)

        // A second evaluation finds the same patterns and does not propose them twice.
        let again = try world.addTask(space: "s1", title: "again", type: .evaluation)
        runner.taskChanged(space: "s1", taskId: again)
        try await world.waitUntil("second evaluation completed") { try world.status("s1", again) == .completed }
        #expect(try world.recommendations("s1", again).isEmpty)
        #expect(try world.task("s1", again).statusReason == "Evaluation reviewed 4 investigations: 2 patterns, 0 recommendations proposed")
    }
}
