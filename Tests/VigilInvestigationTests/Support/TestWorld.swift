import Foundation
import Logging
import VigilAnalysis
import VigilAPIModel
import VigilAudit
import VigilCore
import VigilStore
import VigilTelemetry
@testable import VigilInvestigation

/// A temporary store with agent spaces, and helpers to add tasks and read their state back.
struct TestWorld {
    let store: Store
    let directory: String
    let account = try! AccountContext(accountId: "123456789012", region: "us-east-1")

    init() throws {
        directory = NSTemporaryDirectory() + "vigil-inv-\(UUID().uuidString)"
        store = try Store(directory: directory)
    }

    func addSpace(_ id: String) throws {
        try store.writeNow { tx in try tx.agentSpaces.insert(id: id, createdAt: Date(), doc: Array(#"{"name":"\#(id)"}"#.utf8)) }
    }

    @discardableResult
    func addTask(space: String, title: String, priority: Priority = .high, type: TaskType = .investigation,
                 metadata: JSONValue? = nil, createdAt: Date = Date()) throws -> String {
        let task = TaskShape(agentSpaceId: space, taskId: Identifier.make(), title: title, taskType: type, priority: priority,
                             status: .pendingStart, createdAt: createdAt, updatedAt: createdAt, version: 1, metadata: metadata)
        try store.writeNow { tx in
            try tx.tasks.insert(space: space, id: task.taskId, createdAt: createdAt, columns: TaskLifecycle.columns(task), doc: task.document)
        }
        return task.taskId
    }

    func task(_ space: String, _ id: String) throws -> TaskShape {
        try store.readNow { tx in try TaskShape(document: tx.tasks.get(space: space, id: id)!.doc) }
    }

    func status(_ space: String, _ id: String) throws -> TaskStatus { try task(space, id).status }

    /// A person's UpdateBacklogTask to CANCELED, as the API handler writes it.
    func cancel(_ space: String, _ id: String) throws {
        try store.writeNow { tx in
            var task = try TaskShape(document: tx.tasks.get(space: space, id: id)!.doc)
            let expected = task.version
            task.status = .canceled
            task.version += 1
            _ = try tx.tasks.update(space: space, id: id, expectedVersion: expected, columns: TaskLifecycle.columns(task), doc: task.document)
        }
    }

    func executions(_ space: String, _ taskId: String) throws -> [Execution] {
        try store.readNow { tx in try tx.executions.list(space: space, taskId: taskId, after: nil, limit: 100).items.map { try Execution(document: $0.doc) } }
    }

    func journal(_ space: String, _ executionId: String) throws -> [JournalRecord] {
        try store.readNow { tx in
            try tx.journal.list(space: space, executionId: executionId, recordType: nil, order: .ascending, after: nil, limit: 100)
                .items.map { try JournalRecord(document: $0.doc) }
        }
    }

    func recommendations(_ space: String, _ taskId: String) throws -> [Recommendation] {
        var filter = RecommendationTable.Filter()
        filter.taskId = taskId
        return try store.readNow { tx in try tx.recommendations.list(space: space, filter: filter, after: nil, limit: 100).items.map { try Recommendation(document: $0.doc) } }
    }

    func runner(reasoner: any Reasoner, sources: (any SpaceSourceProvider)? = nil, settings: InvestigationSettings = InvestigationSettings(),
                audit: any AuditSink = DiscardingAuditSink()) -> InvestigationRunner {
        InvestigationRunner(store: store, sources: sources ?? SharedSources(TestSources.make()), reasoner: reasoner, audit: audit,
                            account: account, settings: settings, logger: Logger(label: "test"))
    }

    /// Waits (polling the store) until `condition` holds; fails the wait after `limit` seconds.
    /// A bound on waiting, not a timing assertion: the conditions are about state, never speed.
    func waitUntil(_ what: String, limit: Double = 30, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(limit)
        while try await !condition() {
            guard Date() < deadline else { throw WaitFailed(what: what) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    struct WaitFailed: Error, CustomStringConvertible { var what: String; var description: String { "never happened: \(what)" } }
}

/// Two services, a little telemetry, and a topology that names them.
enum TestSources {
    struct Fixed: TelemetrySource {
        func collect(_ request: TelemetryRequest) async throws -> IncidentTelemetry {
            let times = stride(from: request.windowStart, to: request.windowEnd, by: 60).map { $0 }
            return IncidentTelemetry(incident: request.incident, windowStart: request.windowStart, windowEnd: request.windowEnd,
                                     metrics: [MetricSeries(entity: "api", metric: "Errors", timestamps: times, values: times.map { _ in 1 })],
                                     changes: [ChangeEvent(timestamp: request.incident.detectedAt - 120, entity: "db", kind: "deployment",
                                                           description: "db 1.2", reference: "deploy-42")],
                                     edges: [CallEdge(caller: "api", callee: "db")])
        }
    }

    struct Topology: TopologyResolver {
        func resolve(_ hints: IncidentHints) async throws -> ResolvedScope {
            let named = hints.texts.joined(separator: " ").contains("api")
            return ResolvedScope(matched: named ? [ScopedResource(entity: "api", arn: "arn:api", type: "AWS::ECS::Service", reason: "named")] : [],
                                 neighbours: named ? [ScopedResource(entity: "db", arn: "arn:db", type: "AWS::RDS::DBInstance", reason: "neighbour")] : [],
                                 edges: [CallEdge(caller: "api", callee: "db")])
        }
    }

    static func make() -> SpaceSources { SpaceSources(name: "test", telemetry: Fixed(), topology: Topology()) }
}
