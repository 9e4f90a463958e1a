import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// The steps of an evaluation (taskType EVALUATION, incident prevention), each journaled: read
/// the space's finished investigations back from their tasks and journals, find recurring causes,
/// fragile resources, recurring fault kinds and telemetry gaps (`EvaluationReview`), and propose
/// a preventive recommendation per pattern whose evidence names the earlier tasks. It reads only
/// the store: no telemetry source is asked.
enum EvaluationSteps {
    /// Investigations reviewed at most, newest first.
    static let maxReviewed = 500

    static func run(_ ctx: RunContext) async throws -> RunOutcome {
        try await ctx.journal.append(.planning, step: "plan", [
            "taskId": .string(ctx.task.taskId), "title": .string(ctx.task.title), "attempt": .int(Int64(ctx.attempt)),
            "plan": ["read the agent space's finished investigations and their journals",
                     "find recurring root causes, resources at the root of several incidents, recurring fault kinds",
                     "find investigations that were not decisive and what telemetry they lacked",
                     "propose preventive recommendations for a person to decide on", "summarise"],
        ])
        let space = ctx.space
        let evaluationId = ctx.task.taskId
        let (past, proposedTitles) = try await ctx.journal.store.read { tx -> ([PastInvestigation], [String: String]) in
            (try readPast(tx, space: space, excluding: evaluationId), try openRecommendationTitles(tx, space: space))
        }
        try await ctx.journal.append(.searching, step: "read-investigations", [
            "reviewed": .int(Int64(past.count)),
            "completed": .int(Int64(past.filter(\.completed).count)),
            "decisive": .int(Int64(past.filter { $0.rootCause != nil }.count)),
            "failedOrTimedOut": .int(Int64(past.filter { !$0.completed }.count)),
            "tasks": .array(past.prefix(100).map { run in
                ["taskId": .string(run.taskId), "executionId": run.executionId.map(JSONValue.string) ?? .null,
                 "status": .string(run.status),
                 "rootCause": run.rootCause.map { ["entity": .string($0.entity), "kind": .string($0.kind)] } ?? .null] }),
        ])
        try await InvestigationSteps.pause(ctx)

        let patterns = EvaluationReview.review(past)
        try await ctx.journal.append(.analysis, step: "find-patterns", [
            "patterns": .array(patterns.map { ["kind": .string($0.kind.rawValue), "headline": .string($0.headline),
                                               "tasks": .int(Int64($0.taskIds.count))] }),
        ])
        let byId = Dictionary(past.map { ($0.taskId, $0) }, uniquingKeysWith: { first, _ in first })
        for pattern in patterns {
            try await ctx.journal.append(.finding, step: "finding", [
                "pattern": .string(pattern.kind.rawValue), "headline": .string(pattern.headline),
                "entity": pattern.entity.map(JSONValue.string) ?? .null, "kind": pattern.faultKind.map(JSONValue.string) ?? .null,
                "missing": .array(pattern.missing.map(JSONValue.string)),
                "evidence": .array(pattern.taskIds.map { id in
                    ["taskId": .string(id), "executionId": byId[id]?.executionId.map(JSONValue.string) ?? .null] }),
            ])
        }
        try await InvestigationSteps.pause(ctx)

        var proposed: [String] = []
        var known: [String] = []
        for (rank, pattern) in patterns.filter(\.recommends).enumerated() {
            let advice = PreventionAdvice.advise(pattern, tasks: byId)
            if let existing = proposedTitles[advice.title] {
                known.append(existing)
                try await ctx.journal.append(.action, step: "propose-prevention", [
                    "recommendationId": .string(existing), "title": .string(advice.title), "new": false,
                    "note": "An open recommendation with this title exists already; not proposed twice.",
                ])
                continue
            }
            let id = try await store(advice, rank: rank + 1, pattern: pattern, ctx: ctx)
            proposed.append(id)
            try await ctx.journal.append(.action, step: "propose-prevention", [
                "recommendationId": .string(id), "title": .string(advice.title), "new": true,
                "taskIds": .array(pattern.taskIds.map(JSONValue.string)), "executed": false,
                "requiresApprovalBy": "a person, through UpdateRecommendation",
            ])
        }
        let text = summary(past: past, patterns: patterns, proposed: proposed.count, known: known.count)
        try await ctx.journal.append(.summary, step: "summary", ["text": .string(text)])
        try await ctx.journal.append(.suggestion, step: "suggestion", [
            "text": .string(proposed.isEmpty && known.isEmpty
                ? "Nothing to prevent yet: run an evaluation again after more investigations have finished."
                : "Review the preventive recommendations and accept or reject each with UpdateRecommendation; Vigil does not carry them out."),
            "recommendationIds": .array((proposed + known).map(JSONValue.string)),
        ])
        let reason = "Evaluation reviewed \(past.count) investigation\(past.count == 1 ? "" : "s"): \(patterns.count) pattern\(patterns.count == 1 ? "" : "s"), \(proposed.count) recommendation\(proposed.count == 1 ? "" : "s") proposed"
        return RunOutcome(reason: reason, recommendationId: proposed.first)
    }

    static func summary(past: [PastInvestigation], patterns: [EvaluationPattern], proposed: Int, known: Int) -> String {
        guard !past.isEmpty else { return "No finished investigation in this agent space: there is nothing to evaluate yet." }
        var text = "Reviewed \(past.count) finished investigation\(past.count == 1 ? "" : "s") "
            + "(\(past.filter { $0.rootCause != nil }.count) with a decisive root cause). "
        if patterns.isEmpty {
            text += "No recurring cause, fragile resource or telemetry gap was found."
        } else {
            text += "Found: " + patterns.prefix(5).map(\.headline).joined(separator: "; ") + "."
            if patterns.count > 5 { text += " And \(patterns.count - 5) more patterns." }
        }
        text += " \(proposed) preventive recommendation\(proposed == 1 ? "" : "s") proposed"
        if known > 0 { text += ", \(known) already open" }
        return text + "."
    }

    /// The space's finished INVESTIGATION tasks, newest first, with what their journals recorded.
    static func readPast(_ tx: StoreTransaction, space: String, excluding: String) throws -> [PastInvestigation] {
        var past: [PastInvestigation] = []
        for status in [TaskStatus.completed, .failed, .timedOut] {
            var filter = TaskTable.Filter()
            filter.status = status.rawValue
            filter.taskType = TaskType.investigation.rawValue
            let page = try tx.tasks.list(space: space, filter: filter, sortByPriority: false, order: .descending, after: nil,
                                         limit: maxReviewed)
            for stored in page.items where stored.id != excluding {
                let task = try TaskShape(document: stored.doc)
                past.append(try read(tx, space: space, task: task))
            }
        }
        return Array(past.sorted { ($0.createdAt, $0.taskId) > ($1.createdAt, $1.taskId) }.prefix(maxReviewed))
    }

    static func read(_ tx: StoreTransaction, space: String, task: TaskShape) throws -> PastInvestigation {
        var rootCause: PastInvestigation.Cause?
        var matched: [String] = []
        var collected: PastInvestigation.Collected?
        if let executionId = task.executionId {
            let records = try tx.journal.list(space: space, executionId: executionId, recordType: nil, order: .ascending,
                                              after: nil, limit: 200)
            for stored in records.items {
                let content = try JournalRecord(document: stored.doc).content
                switch content["step"]?.stringValue {
                case "resolve-resources":
                    matched = (content["matched"]?.arrayValue ?? []).compactMap { $0["entity"]?.stringValue }
                case "collect-telemetry":
                    let counts = content["counts"]
                    func count(_ key: String) -> Int { counts?[key]?.intValue ?? 0 }
                    collected = PastInvestigation.Collected(metricSeries: count("metricSeries"), logEvents: count("logEvents"),
                                                            spans: count("spans"), changes: count("changes"))
                case "summary":
                    if content["decisive"]?.boolValue == true, let cause = content["rootCause"],
                       let entity = cause["entity"]?.stringValue, let kind = cause["kind"]?.stringValue {
                        rootCause = PastInvestigation.Cause(entity: entity, kind: kind, confidence: cause["confidence"]?.doubleValue ?? 0)
                    }
                default: break
                }
            }
        }
        return PastInvestigation(taskId: task.taskId, executionId: task.executionId, title: task.title, status: task.status.rawValue,
                                 statusReason: task.statusReason, createdAt: task.createdAt.timeIntervalSince1970,
                                 rootCause: rootCause, matched: matched, collected: collected)
    }

    /// Titles of the space's PROPOSED recommendations with their ids, so a repeated evaluation
    /// does not propose the same prevention twice.
    static func openRecommendationTitles(_ tx: StoreTransaction, space: String) throws -> [String: String] {
        var filter = RecommendationTable.Filter()
        filter.status = RecommendationStatus.proposed.rawValue
        var titles: [String: String] = [:]
        var cursor: PageCursor?
        repeat {
            let page = try tx.recommendations.list(space: space, filter: filter, after: cursor, limit: 500)
            for stored in page.items {
                let recommendation = try Recommendation(document: stored.doc)
                titles[recommendation.title] = titles[recommendation.title] ?? recommendation.recommendationId
            }
            cursor = page.nextCursor
        } while cursor != nil
        return titles
    }

    static func store(_ advice: PreventionAdvice, rank: Int, pattern: EvaluationPattern, ctx: RunContext) async throws -> String {
        let priority: RecommendationPriority = pattern.taskIds.count >= 3 ? .high : pattern.kind == .telemetryGap ? .low : .medium
        return try await InvestigationSteps.insertRecommendation(
            title: advice.title, content: RecommendationContent(summary: advice.summary, spec: advice.spec),
            priority: priority, rank: rank, ctx: ctx)
    }
}
