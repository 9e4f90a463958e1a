import Foundation
import Logging
import Testing
import VigilAPIModel
import VigilCore
import VigilStore
@testable import VigilIntake

/// The processor over a real store: inbox rows in, tasks out, each row applied once.
@Suite struct IntakeProcessorTests {
    final class RecordingEvents: TaskEvents, @unchecked Sendable {
        let lock = NSLock()
        var seen: [String] = []
        func taskChanged(space: String, taskId: String) { lock.withLock { seen.append(taskId) } }
        var all: [String] { lock.withLock { seen } }
    }

    struct Harness {
        let store: Store
        let processor: IntakeProcessor
        let events: RecordingEvents
        let account: AccountContext
        let space = "space-1"

        init(topology: any TopologyNeighbours = NoTopology(), tags: [String: String] = [:]) throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-intake-\(UUID().uuidString)").path
            store = try Store(directory: dir)
            account = try AccountContext(accountId: "123456789012", region: "us-east-1")
            events = RecordingEvents()
            processor = IntakeProcessor(store: store, account: account, topology: topology, taskEvents: events,
                                        logger: Logger(label: "test"))
            let space = space, account = account
            try store.writeNow { tx in
                try tx.agentSpaces.insert(id: space, createdAt: Date(), doc: Array("{}".utf8))
                if !tags.isEmpty { try tx.tags.put(account.agentSpaceArn(space), tags) }
            }
        }

        @discardableResult
        func deliver(_ json: JSONValue, key: String = UUID().uuidString, at time: Double = Date().timeIntervalSince1970,
                     webhook: String = "wh-1") throws -> Bool {
            let space = space
            return try store.writeNow { tx in
                try tx.intakeInbox.insert(space: space, webhookId: webhook, receivedAt: time, headers: Array("{}".utf8),
                                          body: JSONWriter.write(json), deliveryKey: key)
            }
        }

        func tasks() throws -> [TaskShape] {
            let space = space
            return try store.readNow { tx in
                try tx.tasks.list(space: space, filter: .init(), sortByPriority: false, order: .ascending, after: nil, limit: 100)
                    .items.map { try TaskShape(document: $0.doc) }
            }
        }
    }

    static func amGroup(_ key: String, _ alerts: [(name: String, service: String, status: String)]) -> JSONValue {
        .object([
            "version": "4", "groupKey": .string(key), "status": "firing", "receiver": "vigil",
            "alerts": .array(alerts.map { a in
                .object(["status": .string(a.status), "labels": .object(["alertname": .string(a.name), "service": .string(a.service)]),
                         "annotations": .object(["summary": .string("\(a.name) on \(a.service)")]), "startsAt": "2026-11-27T06:00:00Z",
                         "fingerprint": .string("\(a.name)-\(a.service)")])
            }),
        ])
    }

    static func intake(_ task: TaskShape) -> [String: JSONValue] { task.metadata?["intake"]?.objectValue ?? [:] }

    @Test func groupedRepeatedAndResolvedAlertsBecomeOneTaskWithCounts() async throws {
        let h = try Harness()
        try h.deliver(Self.amGroup("g1", [("HighErrorRate", "checkout", "firing"), ("HighErrorRate", "cart", "firing")]))
        try h.deliver(Self.amGroup("g1", [("HighErrorRate", "checkout", "firing"), ("HighErrorRate", "cart", "firing")]))
        #expect(try await h.processor.drain() == 2)
        var tasks = try h.tasks()
        #expect(tasks.count == 1)
        let task = try #require(tasks.first)
        #expect(task.taskType == .investigation && task.status == .pendingStart && task.priority == .medium)
        #expect(task.statusReason?.contains("alertmanager alert 'HighErrorRate'") == true)
        #expect(Self.intake(task)["alertCount"] == .int(2) && Self.intake(task)["occurrences"] == .int(4))
        #expect(h.events.all == [task.taskId])
        // Resolve both: the task stays, marked all resolved.
        try h.deliver(Self.amGroup("g1", [("HighErrorRate", "checkout", "resolved"), ("HighErrorRate", "cart", "resolved")]))
        try await h.processor.drain()
        tasks = try h.tasks()
        #expect(tasks.count == 1 && Self.intake(tasks[0])["allResolved"] == .bool(true) && Self.intake(tasks[0])["firingCount"] == .int(0))
        // Draining again applies nothing twice.
        #expect(try await h.processor.drain() == 0)
        #expect(try h.tasks()[0].version == tasks[0].version)
    }

    @Test func aReplayedDeliveryKeyIsStoredOnce() throws {
        let h = try Harness()
        #expect(try h.deliver(Self.amGroup("g", [("A", "s", "firing")]), key: "sig:abc"))
        #expect(try !h.deliver(Self.amGroup("g", [("A", "s", "firing")]), key: "sig:abc"))
        let space = h.space
        #expect(try h.store.readNow { tx in try tx.intakeInbox.counts(space: space, webhookId: "wh-1") }.total == 1)
    }

    @Test func newTaskOnANeighbourIsLinkedToTheOpenPrimary() async throws {
        let h = try Harness(topology: EdgeListNeighbours(edges: [("checkout", "checkout-db")]))
        try h.deliver(Self.amGroup("db", [("DBConnections", "checkout-db", "firing")]))
        try await h.processor.drain()
        try h.deliver(Self.amGroup("app", [("HighErrorRate", "checkout", "firing")]))
        try h.deliver(Self.amGroup("other", [("DiskFull", "search", "firing")]))
        try await h.processor.drain()
        let tasks = try h.tasks()
        #expect(tasks.count == 3)
        let primary = tasks[0], linked = tasks[1], unrelated = tasks[2]
        #expect(primary.hasLinkedTasks == true && primary.status == .pendingStart)
        #expect(Self.intake(primary)["linkedTaskIds"] == .array([.string(linked.taskId)]))
        #expect(linked.status == .linked && linked.primaryTaskId == primary.taskId)
        #expect(Self.intake(linked)["link"]?.stringValue?.contains("checkout-db, a topology neighbour of checkout") == true)
        #expect(unrelated.status == .pendingStart && unrelated.primaryTaskId == nil)
        // The runner hears about tasks it must start, not about linked ones.
        #expect(Set(h.events.all) == [primary.taskId, unrelated.taskId])
    }

    @Test func groupByRulesAndGroupWaitFromSpaceTags() async throws {
        let h = try Harness(tags: ["vigil:intake:group-by": "alertname", "vigil:intake:group-wait": "60", "vigil:intake:link-window": "0"])
        let t0 = Date().timeIntervalSince1970 - 120
        try h.deliver(Self.amGroup("a", [("HighErrorRate", "checkout", "firing")]), at: t0)
        try h.deliver(Self.amGroup("b", [("HighErrorRate", "cart", "firing")]), at: t0 + 1)
        try h.deliver(Self.amGroup("c", [("Other", "cart", "firing")]), at: t0 + 2)
        try await h.processor.drain()
        let tasks = try h.tasks()
        #expect(tasks.count == 2)
        // Received two minutes ago with a 60 s group_wait: released to PENDING_START in the same pass.
        #expect(tasks.allSatisfy { $0.status == .pendingStart })
        #expect(Self.intake(tasks[0])["alertCount"] == .int(2))
        #expect(Self.intake(tasks[0])["groupLabels"] == .object(["alertname": "HighErrorRate"]))
        #expect(Self.intake(tasks[0])["rules"]?.stringValue?.contains("group_wait 60 s") == true)
    }

    @Test func groupWaitHoldsANewTaskInTriage() async throws {
        let h = try Harness(tags: ["vigil:intake:group-wait": "600"])
        try h.deliver(Self.amGroup("a", [("HighErrorRate", "checkout", "firing")]))
        try await h.processor.drain()
        let task = try #require(try h.tasks().first)
        #expect(task.status == .pendingTriage && h.events.all.isEmpty)
    }

    @Test func aMalformedRulesTagFallsBackToDefaultsAndSaysSo() async throws {
        let h = try Harness(tags: ["vigil:intake:group-wait": "soon"])
        try h.deliver(Self.amGroup("a", [("X", "y", "firing")]))
        try await h.processor.drain()
        let task = try #require(try h.tasks().first)
        #expect(Self.intake(task)["rulesProblem"]?.stringValue?.contains("vigil:intake:group-wait") == true)
        #expect(task.status == .pendingStart)
    }
}
