import Foundation
import Logging
import VigilAPIModel
import VigilAudit
import VigilCore
import VigilInvestigation
import VigilStore

/// `vigil demo --scenario NAME --run-once`: inject one scenario into the simulated shop, let its
/// alarm raise a task, run the investigation on a fresh store, and report what the investigation
/// wrote. The clock is simulated (the run starts 30 s after the alarm), so a run is reproducible.
public enum DemoRunOnce {
    /// A fixed instant for the simulated incident (2026-11-18 10:40 UTC).
    public static let defaultAlarmTime: Double = 1_795_516_800

    public static func run(scenario: DemoScenario, reasoner: any Reasoner, seed: UInt64 = 7, serviceCount: Int = 13,
                           dataDirectory: String? = nil, alarmAt: Double = defaultAlarmTime) async throws -> JSONValue {
        let directory = dataDirectory ?? (NSTemporaryDirectory() + "vigil-demo-\(UUID().uuidString)")
        let store = try Store(directory: directory)
        let account = try AccountContext(accountId: "000000000000", region: "us-east-1")
        let runAt = ManagedClock()
        let environment = DemoEnvironment.anchored(scenario: scenario, model: .make(serviceCount: serviceCount), seed: seed,
                                                   alarmAt: alarmAt, clock: { runAt.now })
        guard let firing = environment.alarmFiring else {
            throw ConfigurationError("scenario \(scenario.rawValue): its alarm never fires in the simulation")
        }
        runAt.now = firing.firesAt + 30
        let space = try DemoEnvironment.createSpace(store: store, name: "demo", now: Date(timeIntervalSince1970: firing.firesAt))
        let taskId = try environment.raiseAlarmTask(store: store, space: space, firing: firing)
        var logger = Logger(label: "vigil-demo")
        logger.logLevel = .warning
        // The telemetry stops at the simulated instant; the runner's clock starts there and then follows
        // real time, so the stored records' times measure the run.
        let started = Date()
        let base = runAt.now
        let runner = InvestigationRunner(store: store, sources: SharedSources(environment.sources), reasoner: reasoner,
                                         audit: DiscardingAuditSink(), account: account, logger: logger,
                                         now: { Date(timeIntervalSince1970: base + Date().timeIntervalSince(started)) })
        runner.taskChanged(space: space, taskId: taskId)
        let task = try await waitForEnd(store: store, space: space, taskId: taskId)
        let elapsed = Date().timeIntervalSince(started)
        return try report(store: store, space: space, task: task, scenario: scenario, elapsed: elapsed, acceptedAt: base,
                          dataDirectory: dataDirectory)
    }

    static func waitForEnd(store: Store, space: String, taskId: String) async throws -> TaskShape {
        let finals: Set<TaskStatus> = [.completed, .failed, .timedOut, .canceled]
        while true {
            let task = try await store.read { tx in try TaskShape(document: tx.tasks.get(space: space, id: taskId)!.doc) }
            if finals.contains(task.status) { return task }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// What the investigation stored, read back from the journal and recommendations.
    static func report(store: Store, space: String, task: TaskShape, scenario: DemoScenario, elapsed: Double, acceptedAt: Double,
                       dataDirectory: String?) throws -> JSONValue {
        let (records, recommendations) = try store.readNow { tx -> ([JournalRecord], [Recommendation]) in
            var records: [JournalRecord] = []
            if let execution = task.executionId {
                records = try tx.journal.list(space: space, executionId: execution, recordType: nil, order: .ascending, after: nil, limit: 100)
                    .items.map { try JournalRecord(document: $0.doc) }
            }
            var filter = RecommendationTable.Filter()
            filter.taskId = task.taskId
            let recs = try tx.recommendations.list(space: space, filter: filter, after: nil, limit: 10).items.map { try Recommendation(document: $0.doc) }
            return (records, recs)
        }
        let ranking = records.first { $0.content["step"]?.stringValue == "rank-hypotheses" }?.content
        let summary = records.first { $0.content["step"]?.stringValue == "summary" }?.content["text"] ?? .null
        let injected = scenario.injected
        var out: [String: JSONValue] = [
            "scenario": .string(scenario.rawValue),
            "injected": ["entity": .string(injected.entity), "kind": .string(injected.kind)],
            "hypotheses": ranking?["hypotheses"] ?? .array([]),
            "decisive": ranking?["decisive"] ?? .bool(false),
            "verdict": ranking?["verdict"] ?? .null,
            "taskId": .string(task.taskId), "status": .string(task.status.rawValue),
            "statusReason": task.statusReason.map(JSONValue.string) ?? .null,
            "journal": .array(records.map { .string($0.recordType) }),
            "summary": summary,
            "recommendations": .array(recommendations.map { ["recommendationId": .string($0.recommendationId), "title": .string($0.title),
                                                            "status": .string($0.status.rawValue)] }),
            "elapsedSeconds": .double((elapsed * 1000).rounded() / 1000),
        ]
        if let stored = recommendations.first?.createdAt {
            out["acceptedToRecommendationSeconds"] = .double(((stored.timeIntervalSince1970 - acceptedAt) * 10_000).rounded() / 10_000)
        }
        if let dataDirectory { out["dataDirectory"] = .string(dataDirectory) }
        return .object(out)
    }
}

/// A settable clock shared by the simulation and the runner.
final class ManagedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Double = 0
    var now: Double {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
