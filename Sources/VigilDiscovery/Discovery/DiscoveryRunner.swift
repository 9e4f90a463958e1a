import Foundation
import Logging
import VigilStore
import VigilTopology

/// Why a discovery ended without merging anything.
public struct DiscoveryFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One discovery of one account and region into one agent space's stored graph:
///
/// 1. records the run as `running` (its own transaction, so a crash leaves a trace);
/// 2. reads the inventory, then the observed edges of the last `observedWindow`, both within
///    `deadline` (a reader that hangs fails the run instead of hanging it);
/// 3. infers the graph, then merges it and finishes the run record in ONE transaction.
///
/// A read that throws, times out or is cancelled, or that found no resource while some reads
/// failed, finishes the run as `failed` and writes nothing to the graph. Gaps in the inventory (a service that could not be read) or a failed observed-edge
/// read make the run `partial`: what was seen is merged, nothing is marked stale.
public struct DiscoveryRunner: Sendable {
    public struct Options: Sendable {
        /// How long stale nodes and edges are kept before they are deleted (default 7 days).
        public var staleRetention: TimeInterval
        /// The window of the observed (X-Ray) service graph read with each run (default 1 h).
        public var observedWindow: TimeInterval
        /// Longest a run's reads may take, together (default 15 min).
        public var deadline: Duration
        /// At most this many unresolved-reference notes are kept with the run record.
        public var maxNotes: Int

        public init(staleRetention: TimeInterval = 7 * 86_400, observedWindow: TimeInterval = 3_600,
                    deadline: Duration = .seconds(900), maxNotes: Int = 200) {
            self.staleRetention = staleRetention
            self.observedWindow = observedWindow
            self.deadline = deadline
            self.maxNotes = maxNotes
        }
    }

    public let store: Store
    public let options: Options
    let logger: Logger
    let now: @Sendable () -> Date

    public init(store: Store, options: Options = Options(), logger: Logger = Logger(label: "vigil.discovery"),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.options = options
        self.logger = logger
        self.now = now
    }

    /// Runs one discovery and returns its finished record. Throws only when the store itself fails
    /// (for example the agent space does not exist); reader failures are recorded in the run.
    @discardableResult
    public func run(space: String, account: String, region: String, source: any InventorySource,
                    observed: (any ObservedEdgeSource)? = nil, trigger: String = "manual") async throws -> DiscoveryRunRow {
        let runId = UUID().uuidString.lowercased()
        let started = now()
        try await store.write { tx in
            try tx.topology.startRun(space: space, id: runId, account: account, region: region, trigger: trigger, at: started)
        }
        let result: (snapshot: InventorySnapshot, graph: EdgeInference.Result)
        do {
            result = try await read(account: account, region: region, source: source, observed: observed)
        } catch {
            let reason = Task.isCancelled ? "cancelled" : String(describing: error)
            return try await fail(space: space, runId: runId, reason: reason)
        }
        let snapshot = result.snapshot
        if snapshot.resources.isEmpty, let first = snapshot.gaps.first {
            // Every read failed (credentials refused, endpoint down): say so rather than report an
            // empty account. Merging nothing would change nothing either way.
            return try await fail(space: space, runId: runId, reason: Self.nothingRead(first: first, count: snapshot.gaps.count),
                                  gaps: snapshot.gaps)
        }
        let complete = snapshot.gaps.isEmpty
        let merge = StoredTopology.merge(result.graph.graph, runId: runId, account: account, region: region, seenAt: started,
                                         complete: complete, staleRetention: options.staleRetention)
        let notes = Array(result.graph.unresolved.prefix(options.maxNotes))
        let finished = now()
        do {
            let record = try await store.write { tx -> DiscoveryRunRow? in
                let counts = try tx.topology.merge(space: space, merge)
                try tx.topology.finishRun(space: space, id: runId, status: complete ? "succeeded" : "partial", at: finished,
                                          counts: counts, gaps: snapshot.gaps, notes: notes, error: nil)
                return try tx.topology.run(space: space, id: runId)
            }
            guard let record else { throw DiscoveryFailure("the run record \(runId) disappeared") }
            logger.info("discovery finished", metadata: [
                "agentSpaceId": .string(space), "account": .string(account), "region": .string(region),
                "runId": .string(runId), "status": .string(record.status),
                "nodes": .stringConvertible(record.counts.nodesSeen), "edges": .stringConvertible(record.counts.edgesSeen),
                "gaps": .stringConvertible(record.gaps.count)])
            return record
        } catch {
            return try await fail(space: space, runId: runId, reason: "merging the graph failed: \(error)")
        }
    }

    /// The inventory and observed edges, checked to be of the account and region asked for.
    func read(account: String, region: String, source: any InventorySource,
              observed: (any ObservedEdgeSource)?) async throws -> (snapshot: InventorySnapshot, graph: EdgeInference.Result) {
        let window = options.observedWindow
        let clock = now
        var snapshot = try await withDeadline(options.deadline, what: "the inventory read") {
            try await source.readInventory()
        }
        guard snapshot.account == account, snapshot.region == region else {
            throw DiscoveryFailure("the inventory source answered for account \(snapshot.account) region \(snapshot.region), not \(account) \(region)")
        }
        if let observed {
            let end = clock()
            do {
                snapshot.observedEdges += try await withDeadline(options.deadline, what: "the X-Ray service graph read") {
                    try await observed.edges(start: end.addingTimeInterval(-window), end: end)
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                snapshot.gaps.append("XRay:GetServiceGraph: \(error)")
            }
        }
        try Task.checkCancellation()
        return (snapshot, EdgeInference.infer(snapshot))
    }

    /// The error of a run that read no resource and has gaps.
    public static func nothingRead(first: String, count: Int) -> String {
        "no resource could be read (\(count) failed read\(count == 1 ? "" : "s")); first: \(first)"
    }

    private func fail(space: String, runId: String, reason: String, gaps: [String] = []) async throws -> DiscoveryRunRow {
        logger.warning("discovery failed", metadata: ["agentSpaceId": .string(space), "runId": .string(runId), "error": .string(reason)])
        let finished = now()
        let record = try await store.write { tx in
            try tx.topology.finishRun(space: space, id: runId, status: "failed", at: finished, counts: TopologyMergeCounts(),
                                      gaps: gaps, notes: [], error: reason)
            return try tx.topology.run(space: space, id: runId)
        }
        guard let record else { throw DiscoveryFailure("the run record \(runId) disappeared") }
        return record
    }
}

/// Runs `body`, or throws when it has not finished within `limit` (the body is cancelled).
public func withDeadline<T: Sendable>(_ limit: Duration, what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw DiscoveryFailure("\(what) did not finish within \(limit)")
        }
        return value
    }
}
