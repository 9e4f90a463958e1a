import Foundation
import Logging
import Testing
import VigilAPIModel
import VigilCore
import VigilStore
@testable import VigilIntake

/// The processor's batching over a real store: repeats inside one transaction, batches cut by
/// the alert budget, counts over more alerts than a task shows, and rows applied exactly once
/// even when two processors race for them.
@Suite struct IntakeBatchingTests {
    typealias Harness = IntakeProcessorTests.Harness

    static func firing(_ names: [String], service: String = "checkout") -> [(name: String, service: String, status: String)] {
        names.map { ($0, service, "firing") }
    }

    static func occurrences(_ h: Harness) throws -> Int {
        try h.tasks().reduce(0) { total, task in
            guard case .int(let n)? = IntakeProcessorTests.intake(task)["occurrences"] else { return total }
            return total + Int(n)
        }
    }

    @Test func repeatsOfOneAlertInsideOneBatchAreEachCounted() async throws {
        let h = try Harness()
        // The same alert three times in one delivery, and again in the next: one transaction.
        try h.deliver(IntakeProcessorTests.amGroup("g", Self.firing(["Latency", "Latency", "Latency", "Errors"])))
        try h.deliver(IntakeProcessorTests.amGroup("g", Self.firing(["Latency", "Errors"])))
        #expect(try await h.processor.drain() == 2)
        let tasks = try h.tasks()
        #expect(tasks.count == 1)
        let alerts = try #require(IntakeProcessorTests.intake(tasks[0])["alerts"]?.arrayValue)
        let counts = Dictionary(uniqueKeysWithValues: alerts.compactMap { a -> (String, JSONValue)? in
            guard let name = a["alertName"]?.stringValue, let count = a["count"] else { return nil }
            return (name, count)
        })
        #expect(counts == ["Latency": .int(4), "Errors": .int(2)])
        #expect(IntakeProcessorTests.intake(tasks[0])["occurrences"] == .int(6))
        // The rows in the table agree with what the task shows (written back once, at the end).
        let space = h.space, taskId = tasks[0].taskId
        let stored = try h.store.readNow { tx in try tx.intakeAlerts.alerts(space: space, taskId: taskId) }
        #expect(stored.map(\.count).sorted() == [2, 4])
    }

    @Test func aResolveAndARefireInOneBatchEndFiringWithTheTaskCounts() async throws {
        let h = try Harness()
        try h.deliver(IntakeProcessorTests.amGroup("g", [("Latency", "checkout", "firing")]))
        try h.deliver(IntakeProcessorTests.amGroup("g", [("Latency", "checkout", "resolved")]))
        try h.deliver(IntakeProcessorTests.amGroup("g", [("Latency", "checkout", "firing")]))
        try await h.processor.drain()
        let tasks = try h.tasks()
        // The refire joins the still-open task's group (read after the resolve was written back).
        #expect(tasks.count == 1)
        let intake = IntakeProcessorTests.intake(tasks[0])
        #expect(intake["firingCount"] == .int(1) && intake["allResolved"] == .bool(false) && intake["alertCount"] == .int(1))
    }

    @Test func deliveriesBeyondOneBatchAreAllAppliedAndCountedBeyondTheShownAlerts() async throws {
        let h = try Harness()
        // 12 deliveries of 300 distinct alerts each (3,600 alerts): more than one batch's budget.
        let names = (0..<300).map { "Alert\($0)" }
        for _ in 0..<12 { try h.deliver(IntakeProcessorTests.amGroup("storm", Self.firing(names))) }
        #expect(IntakeProcessor.alertBudget < 3600)
        #expect(try await h.processor.drain() == 12)
        let tasks = try h.tasks()
        #expect(tasks.count == 1)
        let intake = IntakeProcessorTests.intake(tasks[0])
        #expect(intake["alertCount"] == .int(300) && intake["occurrences"] == .int(3600) && intake["firingCount"] == .int(300))
        #expect(intake["alerts"]?.arrayValue?.count == IntakeApplier.alertsShown)
        let space = h.space
        #expect(try h.store.readNow { tx in try tx.intakeInbox.pendingCount() } == 0)
        #expect(try h.store.readNow { tx in try tx.intakeInbox.counts(space: space, webhookId: "wh-1") } == (12, 12))
    }

    @Test func twoProcessorsRacingApplyEachRowOnce() async throws {
        let h = try Harness()
        let other = IntakeProcessor(store: h.store, account: h.account, taskEvents: h.events, logger: Logger(label: "test"))
        for i in 0..<40 { try h.deliver(IntakeProcessorTests.amGroup("g", Self.firing(["A\(i % 5)", "B\(i % 7)"]))) }
        async let first = h.processor.drain()
        async let second = other.drain()
        let applied = try await first + second
        // Both decode rows outside the write transaction; only one may mark and apply each row.
        #expect(applied == 40)
        #expect(try Self.occurrences(h) == 80)
        let space = h.space
        let outcomes = try h.store.readNow { tx in try tx.intakeInbox.outcomes(space: space, webhookId: "wh-1") }
        #expect(outcomes.count == 40 && outcomes.allSatisfy { $0?.hasPrefix("applied: 2 alert(s)") == true })
    }

    @Test func aRejectedRowIsMarkedAndTheRestOfItsBatchApplied() async throws {
        let h = try Harness()
        try h.deliver(IntakeProcessorTests.amGroup("g", [("A", "s", "firing")]))
        try h.deliver(.object(["unexpected": "shape"]))
        try h.deliver(IntakeProcessorTests.amGroup("g", [("A", "s", "firing")]))
        #expect(try await h.processor.drain() == 3)
        #expect(try Self.occurrences(h) == 2)
        let space = h.space
        let outcomes = try h.store.readNow { tx in try tx.intakeInbox.outcomes(space: space, webhookId: "wh-1") }
        #expect(outcomes.count == 3 && outcomes[1]?.hasPrefix("rejected: unrecognised payload") == true)
    }
}
