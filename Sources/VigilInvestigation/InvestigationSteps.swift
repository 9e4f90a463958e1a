import Foundation
import VigilAnalysis
import VigilAPIModel
import VigilCore
import VigilStore
import VigilTelemetry

/// Everything one run needs.
struct RunContext: Sendable {
    var space: String
    var task: TaskShape
    var executionId: String
    var attempt: Int
    var settings: InvestigationSettings
    var sources: SpaceSources
    var reasoner: any Reasoner
    var journal: JournalWriter
    var account: AccountContext
    var now: @Sendable () -> Date
}

/// How a run that returned normally ended.
struct RunOutcome: Sendable {
    var reason: String
    var recommendationId: String?
}

/// The steps of one investigation, each journaled: plan, resolve resources, collect telemetry,
/// analyse, correlate changes, findings, mitigation plan, summary, suggestion.
enum InvestigationSteps {
    static func run(_ ctx: RunContext) async throws -> RunOutcome {
        let task = ctx.task
        let window = IncidentWindow.of(createdAt: task.createdAt, metadata: task.metadata, settings: ctx.settings, now: ctx.now())
        // Every untrusted text is screened before anything reads it; flagged ones are quarantined.
        let screen = UntrustedInputScreen()
        let screenedTask = screen.screenTask(title: task.title, description: task.description, referenceTitle: task.reference?.title,
                                             metadata: metadataTexts(task.metadata), explicitResources: explicitResources(task.metadata))
        let incident = IncidentInfo(detectedAt: window.onset, symptom: nil, title: screenedTask.title)
        try await ctx.journal.append(.planning, step: "plan", [
            "taskId": .string(task.taskId), "title": .string(screenedTask.title), "attempt": .int(Int64(ctx.attempt)),
            "source": .string(ctx.sources.name), "reasoner": .string(ctx.reasoner.name),
            "window": windowJSON(window),
            "plan": ["resolve the incident's resources in the topology",
                     "collect metrics, logs, traces and changes of the window for them and their neighbours",
                     "rank root-cause hypotheses", "correlate deployments and configuration changes",
                     "propose a mitigation plan for a person to approve", "summarise"],
        ])
        try await pause(ctx)

        let hints = IncidentHints(texts: screenedTask.hintTexts, explicitResources: screenedTask.explicitResources)
        let scope = try await ctx.sources.topology.resolve(hints)
        try await ctx.journal.append(.searching, step: "resolve-resources", [
            "matched": .encoding(scope.matched), "neighbours": .encoding(scope.neighbours),
            "edges": .array(scope.edges.map { ["caller": .string($0.caller), "callee": .string($0.callee)] }),
            "note": .string(scope.matched.isEmpty ? "No resource named in the incident matched the topology; collecting everything the source has."
                            : "Collecting the named resources and their neighbours."),
        ])
        try await pause(ctx)

        let collected = try await ctx.sources.telemetry.collect(
            TelemetryRequest(incident: incident, entities: scope.entities, windowStart: window.start, windowEnd: window.end))
        var (telemetry, quarantinedTelemetry) = screen.screen(collected)
        let quarantined = screenedTask.quarantined + quarantinedTelemetry
        telemetry.incident = IncidentInfo(detectedAt: window.onset, symptom: scope.matched.first?.entity, title: screenedTask.title)
        for edge in scope.edges where !telemetry.edges.contains(edge) { telemetry.edges.append(edge) }
        try await ctx.journal.append(.searching, step: "collect-telemetry", [
            "window": windowJSON(window),
            "entities": .array(Array(Set(telemetry.metrics.map(\.entity) + telemetry.logs.map(\.entity) + telemetry.spans.map(\.entity))).sorted().map { .string($0) }),
            "counts": ["metricSeries": .int(Int64(telemetry.metrics.count)), "logEvents": .int(Int64(telemetry.logs.count)),
                       "spans": .int(Int64(telemetry.spans.count)), "traces": .int(Int64(Set(telemetry.spans.map(\.traceId)).count)),
                       "changes": .int(Int64(telemetry.changes.count)), "alarms": .int(Int64(telemetry.alarms.count)),
                       "edges": .int(Int64(telemetry.edges.count))],
            "series": .array(telemetry.metrics.prefix(200).map { .string("\($0.entity):\($0.metric)") }),
        ])
        if !quarantined.isEmpty {
            try await ctx.journal.append(.searching, step: "quarantine", [
                "quarantined": .array(quarantined.prefix(50).map(\.json)),
                "count": .int(Int64(quarantined.reduce(0) { $0 + $1.occurrences })),
                "note": .string("These inputs carried instructions and were left out of the analysis, the summary and the plan; the investigation continued without them."),
            ])
        }
        try await pause(ctx)

        let report = try await ctx.reasoner.analyze(telemetry)
        try Task.checkCancellation()
        try await ctx.journal.append(.analysis, step: "rank-hypotheses", [
            "decisive": .bool(report.decisive), "verdict": .string(report.verdict),
            "hypotheses": .array(report.hypotheses.prefix(10).map { h in
                ["entity": .string(h.entity), "kind": .string(h.kind), "confidence": .rounded(h.confidence),
                 "evidenceCount": .int(Int64(h.evidence.count))] }),
            "timeline": .encoding(Array(report.timeline.prefix(30))),
        ])
        let changes = ChangeCorrelation.correlate(changes: telemetry.changes, onset: window.onset,
                                                  hypotheses: report.hypotheses, edges: telemetry.edges)
        try await ctx.journal.append(.analysis, step: "correlate-changes", [
            "changes": .array(changes.prefix(10).map { c in
                ["timestamp": .rounded(c.change.timestamp), "entity": .string(c.change.entity), "kind": .string(c.change.kind),
                 "description": .string(c.change.description), "reference": c.change.reference.map(JSONValue.string) ?? .null,
                 "secondsBeforeOnset": .rounded(c.leadSeconds, 0), "relation": .string(c.relation)] }),
        ])
        try await pause(ctx)

        for (rank, hypothesis) in report.hypotheses.prefix(ctx.settings.findingsToJournal).enumerated() {
            try await ctx.journal.append(.finding, step: "finding", [
                "rank": .int(Int64(rank + 1)), "entity": .string(hypothesis.entity), "kind": .string(hypothesis.kind),
                "confidence": .rounded(hypothesis.confidence), "evidence": .encoding(hypothesis.evidence),
                "series": EvidenceSeries.json(for: hypothesis, telemetry: telemetry),
                "relatedChanges": .array(changes.filter { $0.change.entity == hypothesis.entity }.prefix(3).map {
                    .string($0.change.reference ?? $0.change.description) }),
            ])
        }
        try await pause(ctx)

        var plan: MitigationPlan?
        var recommendationId: String?
        if report.decisive, let top = report.hypotheses.first {
            let proposed = MitigationPlanner.plan(for: top, changes: changes).redactingSecrets()
            recommendationId = try await storeRecommendation(proposed, ctx: ctx)
            plan = proposed
            try await ctx.journal.append(.action, step: "propose-mitigation", [
                "recommendationId": .string(recommendationId ?? ""), "plan": .encoding(proposed),
                "executed": false, "requiresApprovalBy": "a person, through UpdateRecommendation",
            ])
        }
        let summary = IncidentSummary.write(title: screenedTask.title, report: report, changes: changes, plan: plan, scope: scope,
                                            quarantined: quarantined.count)
        try await ctx.journal.append(.summary, step: "summary", [
            "text": .string(summary), "decisive": .bool(report.decisive),
            "rootCause": report.decisive ? report.hypotheses.first.map { ["entity": .string($0.entity), "kind": .string($0.kind),
                                                                          "confidence": .rounded($0.confidence)] } ?? .null : .null,
        ])
        let suggestion = recommendationId.map {
            "Review recommendation \($0) and accept or reject it with UpdateRecommendation; Vigil does not carry it out."
        } ?? "No cause was decisive: widen the window, add telemetry sources, or re-queue the task with UpdateBacklogTask."
        try await ctx.journal.append(.suggestion, step: "suggestion", [
            "text": .string(suggestion), "recommendationId": recommendationId.map(JSONValue.string) ?? .null,
        ])
        let reason = report.hypotheses.first.flatMap { h in report.decisive ? "Root cause: \(h.kind) on \(h.entity); mitigation plan proposed" : nil }
            ?? "Completed without a decisive root cause; see the summary"
        return RunOutcome(reason: reason, recommendationId: recommendationId)
    }

    static func storeRecommendation(_ plan: MitigationPlan, ctx: RunContext) async throws -> String {
        let priority: RecommendationPriority = [.critical, .high].contains(ctx.task.priority) ? .high
            : ctx.task.priority == .medium ? .medium : .low
        return try await insertRecommendation(title: plan.title, content: RecommendationContent(summary: plan.summary, spec: plan.spec),
                                              priority: priority, rank: 1, ctx: ctx)
    }

    /// Stores a new PROPOSED recommendation of the run's task; returns its id.
    static func insertRecommendation(title: String, content: RecommendationContent, priority: RecommendationPriority, rank: Int,
                                     ctx: RunContext) async throws -> String {
        let now = ctx.now()
        let recommendation = Recommendation(
            agentSpaceArn: ctx.account.agentSpaceArn(ctx.space), recommendationId: Identifier.make(), taskId: ctx.task.taskId,
            goalId: nil, title: title, content: content,
            status: .proposed, priority: priority, rankPosition: rank, rankedAt: now, createdAt: now, updatedAt: now, version: 1)
        try await ctx.journal.store.write { tx in
            try tx.recommendations.insert(space: ctx.space, id: recommendation.recommendationId,
                                          columns: .init(taskId: recommendation.taskId, goalId: nil, status: recommendation.status.rawValue,
                                                         priority: recommendation.priority.rawValue, version: 1),
                                          doc: recommendation.document)
        }
        return recommendation.recommendationId
    }

    static func pause(_ ctx: RunContext) async throws {
        try Task.checkCancellation()
        if ctx.settings.stepPauseSeconds > 0 { try await Task.sleep(for: .seconds(ctx.settings.stepPauseSeconds)) }
    }

    static func windowJSON(_ w: IncidentWindow) -> JSONValue {
        ["start": .rounded(w.start, 0), "end": .rounded(w.end, 0), "onset": .rounded(w.onset, 0), "reportedAt": .rounded(w.reportedAt, 0)]
    }

    /// String values of the task's metadata (labels, alert names), for matching resources.
    static func metadataTexts(_ metadata: JSONValue?) -> [String] {
        guard let metadata else { return [] }
        var out: [String] = []
        func walk(_ v: JSONValue, depth: Int) {
            guard depth < 6, out.count < 200 else { return }
            switch v {
            case .string(let s): out.append(s)
            case .array(let items): items.forEach { walk($0, depth: depth + 1) }
            case .object(let fields): fields.values.forEach { walk($0, depth: depth + 1) }
            default: break
            }
        }
        walk(metadata, depth: 0)
        return out
    }

    /// Resource names the metadata states outright: `resource`, `resources`, `entity`, `service`.
    static func explicitResources(_ metadata: JSONValue?) -> [String] {
        guard let metadata else { return [] }
        var out: [String] = []
        for key in ["resource", "entity", "service"] { if let s = metadata[key]?.stringValue { out.append(s) } }
        for item in metadata["resources"]?.arrayValue ?? [] { if let s = item.stringValue { out.append(s) } }
        return out
    }
}
