import Foundation
import Testing
import VigilAPIModel
import VigilAudit
import VigilStore
@testable import VigilInvestigation

@Suite struct RunnerTests {
    @Test func completedRunJournalsEveryStepAndProposesAPlan() async throws {
        let world = try TestWorld()
        try world.addSpace("s1")
        let audit = InMemoryAuditSink()
        let runner = world.runner(reasoner: DeterministicReasoner(), audit: audit)
        let id = try world.addTask(space: "s1", title: "api errors high")
        runner.taskChanged(space: "s1", taskId: id)
        try await world.waitUntil("task completed") { try world.status("s1", id) == .completed }

        let task = try world.task("s1", id)
        #expect(task.statusReason == "Root cause: bad-deployment on db; mitigation plan proposed")
        let executions = try world.executions("s1", id)
        #expect(executions.count == 1)
        #expect(executions[0].executionStatus == .stopped)
        #expect(task.executionId == executions[0].executionId)
        let records = try world.journal("s1", executions[0].executionId)
        #expect(records.map(\.recordType) == ["PLANNING", "SEARCHING", "SEARCHING", "ANALYSIS", "ANALYSIS", "FINDING", "FINDING",
                                              "ACTION", "SUMMARY", "SUGGESTION"])
        // Each record points at its data.
        let resolve = records[1].content
        #expect(resolve["matched"]?[0]?["entity"]?.stringValue == "api")
        #expect(records[2].content["series"]?.arrayValue == ["api:Errors"])
        let finding = records[5].content
        #expect(finding["entity"]?.stringValue == "db")
        #expect(finding["evidence"]?[0]?["changeReference"]?.stringValue == "deploy-42")
        #expect(records[4].content["changes"]?[0]?["reference"]?.stringValue == "deploy-42")

        let recs = try world.recommendations("s1", id)
        #expect(recs.count == 1)
        #expect(recs[0].status == .proposed)
        #expect(recs[0].content.summary.contains("1. Pause further deployments"))
        #expect(recs[0].content.summary.contains("Rollback:"))
        #expect(recs[0].content.spec?.contains("Revert deploy-42") == true)
        #expect(records[7].content["recommendationId"]?.stringValue == recs[0].recommendationId)
        #expect(records[7].content["executed"] == .bool(false))

        try await world.waitUntil("end audited") { await audit.entries.last?.action.hasPrefix("investigation:end") == true }
        let steps = await audit.entries.map(\.action)
        #expect(steps.contains("investigation:plan"))
        #expect(steps.contains("investigation:summary"))
        #expect(steps.last == "investigation:end:COMPLETED")
        let usage = try world.store.readNow { tx in try tx.investigationRuns.usageSeconds(from: .distantPast, to: .distantFuture, now: Date()) }
        #expect(usage["INVESTIGATION"] != nil)
    }

    @Test func fiveIncidentsInOneSpaceRunThreeAtATimeWithoutDelayingAnotherSpace() async throws {
        let world = try TestWorld()
        try world.addSpace("busy")
        try world.addSpace("other")
        let gate = Gate()
        let runner = world.runner(reasoner: GatedReasoner(gate: gate, blockPrefix: "busy"))
        let base = Date().addingTimeInterval(-100)
        let priorities: [Priority] = [.low, .critical, .medium, .high, .critical]
        var ids: [String] = []
        for (i, p) in priorities.enumerated() {
            ids.append(try world.addTask(space: "busy", title: "busy \(i)", priority: p, createdAt: base.addingTimeInterval(Double(i))))
        }
        let otherId = try world.addTask(space: "other", title: "other incident")
        for id in ids { runner.taskChanged(space: "busy", taskId: id) }
        runner.taskChanged(space: "other", taskId: otherId)

        try await world.waitUntil("three busy tasks held") { await gate.held == 3 }
        // The other space finished while all three of the busy space's slots were held.
        try await world.waitUntil("other space completed") { try world.status("other", otherId) == .completed }
        let statuses = try ids.map { try world.status("busy", $0) }
        #expect(statuses.filter { $0 == .inProgress }.count == 3)
        // Priority first (both CRITICAL, then HIGH), then age.
        #expect(statuses[1] == .inProgress && statuses[4] == .inProgress && statuses[3] == .inProgress)
        #expect(statuses[0] == .pendingStart && statuses[2] == .pendingStart)
        #expect(await runner.liveCount(space: "busy", taskType: .investigation) == 3)

        await gate.release()
        try await world.waitUntil("all busy tasks completed") { try ids.allSatisfy { try world.status("busy", $0) == .completed } }
        #expect(await gate.maxHeld == 3)
    }

    @Test func cancellationByAPersonStopsTheRun() async throws {
        let world = try TestWorld()
        try world.addSpace("s1")
        let gate = Gate()
        let runner = world.runner(reasoner: GatedReasoner(gate: gate, blockPrefix: "slow"))
        let id = try world.addTask(space: "s1", title: "slow api incident")
        runner.taskChanged(space: "s1", taskId: id)
        try await world.waitUntil("analysis held") { await gate.held == 1 }
        try world.cancel("s1", id)
        runner.taskChanged(space: "s1", taskId: id)
        try await world.waitUntil("execution canceled") { try world.executions("s1", id).first?.executionStatus == .canceled }
        #expect(await gate.canceled == 1)
        #expect(try world.status("s1", id) == .canceled)
        let records = try world.journal("s1", try world.executions("s1", id)[0].executionId)
        #expect(records.last?.content["reason"]?.stringValue == "Canceled by a person; work stopped")
        #expect(try world.recommendations("s1", id).isEmpty)
    }

    @Test func aRunPastItsTimeoutEndsTimedOut() async throws {
        let world = try TestWorld()
        try world.addSpace("s1")
        var settings = InvestigationSettings()
        settings.timeoutSeconds = 0.3
        let runner = world.runner(reasoner: GatedReasoner(gate: Gate(), blockPrefix: "stuck"), settings: settings)
        let id = try world.addTask(space: "s1", title: "stuck api")
        runner.taskChanged(space: "s1", taskId: id)
        try await world.waitUntil("timed out") { try world.status("s1", id) == .timedOut }
        #expect(try world.executions("s1", id)[0].executionStatus == .timedOut)
        #expect(try world.task("s1", id).statusReason?.hasPrefix("Timed out after 0 s") == true)
    }

    @Test func restartRequeuesInterruptedRunsThenFailsThemKeepingTheJournal() async throws {
        let world = try TestWorld()
        try world.addSpace("s1")
        let id = try world.addTask(space: "s1", title: "api incident")
        // A previous process claimed the task, wrote one record, and died.
        func crashMidRun() throws -> String {
            try world.store.writeNow { tx in
                let claim = try #require(try TaskLifecycle.claim(tx, space: "s1", taskId: id, now: Date()))
                try tx.journal.append(space: "s1", executionId: claim.executionId, id: "rec-\(claim.attempt)", recordType: "PLANNING",
                                      doc: JournalRecord(agentSpaceId: "s1", executionId: claim.executionId, recordId: "rec-\(claim.attempt)",
                                                         content: ["step": "plan"], createdAt: Date(), recordType: "PLANNING").document)
                return claim.executionId
            }
        }
        let first = try crashMidRun()
        try await world.runner(reasoner: DeterministicReasoner()).recover()
        #expect(try world.status("s1", id) == .pendingStart)
        #expect(try world.task("s1", id).statusReason?.contains("Re-queued") == true)
        let kept = try world.journal("s1", first)
        #expect(kept.map(\.recordId).first == "rec-1")
        #expect(kept.last?.content["status"]?.stringValue == "PENDING_START")
        #expect(try world.executions("s1", id).first?.executionStatus == .failed)

        _ = try crashMidRun()
        try await world.runner(reasoner: DeterministicReasoner()).recover()
        #expect(try world.status("s1", id) == .failed)
        #expect(try world.task("s1", id).statusReason?.contains("attempt 2 of 2") == true)
        #expect(try world.executions("s1", id).allSatisfy { $0.executionStatus == .failed })
    }

    @Test func aSpaceWithoutSourcesKeepsItsTasksWaitingUntouchedUntilItGetsOne() async throws {
        let world = try TestWorld()
        try world.addSpace("s1")
        let switchable = SwitchableSources()
        let runner = world.runner(reasoner: DeterministicReasoner(), sources: switchable)
        let investigation = try world.addTask(space: "s1", title: "api")
        let evaluation = try world.addTask(space: "s1", title: "evaluate", type: .evaluation)
        let before = try [world.task("s1", investigation), world.task("s1", evaluation)]
        runner.taskChanged(space: "s1", taskId: investigation)
        await runner.pumpAll()
        try await world.waitUntil("the provider was asked") { await switchable.asked > 0 }
        // Not started, not rewritten: same status, reason and version.
        #expect(try [world.task("s1", investigation), world.task("s1", evaluation)] == before)
        #expect(await runner.liveCount(space: "s1", taskType: .investigation) == 0)
        #expect(try world.executions("s1", investigation).isEmpty)

        await switchable.provide(TestSources.make())
        await runner.pumpAll()
        try await world.waitUntil("both completed") {
            try world.status("s1", investigation) == .completed && world.status("s1", evaluation) == .completed
        }
    }

    @Test func onDemandSlotsStopAtTheLimitPerSpace() async {
        let slots = OnDemandSlots(limit: 10)
        for _ in 0..<10 { #expect(await slots.acquire(space: "a")) }
        #expect(await slots.acquire(space: "a") == false)
        #expect(await slots.acquire(space: "b"))
        await slots.release(space: "a")
        #expect(await slots.acquire(space: "a"))
    }
}

/// A space's sources that appear later (an AWS account associated after the task was created).
actor SwitchableSources: SpaceSourceProvider {
    private var current: SpaceSources?
    private(set) var asked = 0
    func provide(_ sources: SpaceSources) { current = sources }
    func sources(forSpace space: String) async throws -> SpaceSources? {
        asked += 1
        return current
    }
}
