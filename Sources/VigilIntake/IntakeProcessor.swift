import Foundation
import Logging
import ServiceLifecycle
import VigilAPIModel
import VigilCore
import VigilStore

/// Turns inbox rows into tasks. Each batch runs in one store transaction that applies the
/// alerts and marks the rows processed, so a crash at any point leaves every accepted delivery
/// either fully applied or still pending: applied exactly once. Runs as a background service; the
/// receiver wakes it after each accepted delivery.
public actor IntakeProcessor: ServiceLifecycle.Service {
    let store: Store
    let account: AccountContext
    let topology: any TopologyNeighbours
    let taskEvents: any TaskEvents
    let logger: Logger
    let batchSize: Int
    private var wakePending = false
    private var waiter: CheckedContinuation<Void, Never>?

    public init(store: Store, account: AccountContext, topology: any TopologyNeighbours = NoTopology(),
                taskEvents: any TaskEvents = NoTaskEvents(), logger: Logger, batchSize: Int = 64) {
        self.store = store
        self.account = account
        self.topology = topology
        self.taskEvents = taskEvents
        self.logger = logger
        self.batchSize = batchSize
    }

    /// Set by `wake()` until the processor starts its next pass: while a wake is pending, further
    /// ones need no task of their own (at an alert storm's rate, one per delivery would be many).
    private nonisolated let wakeRequested = WakeFlag()

    /// Asks the processor to look at the inbox soon. Never blocks.
    public nonisolated func wake() {
        guard wakeRequested.raise() else { return }
        Task { await self.signal() }
    }

    private func signal() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            wakePending = true
        }
    }

    /// Returns when woken or after `seconds`, whichever is first.
    private func waitForWake(seconds: Double) async {
        if wakePending {
            wakePending = false
            return
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
            await self?.signal()
        }
        await withCheckedContinuation { waiter = $0 }
        timer.cancel()
        wakePending = false
    }

    public func run() async throws {
        logger.info("intake processor started")
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                // Lowered before the pass reads the inbox: a delivery committed after this point
                // raises it again and so is seen by this pass or causes the next one.
                wakeRequested.lower()
                do {
                    _ = try await drain()
                    try await purgeIfDue()
                } catch {
                    logger.error("intake processing failed; will retry", metadata: ["error": "\(error)"])
                }
                // Sleep until woken, or until the next group_wait release, or 1 s at most.
                await waitForWake(seconds: await nextWait())
            }
        } onGracefulShutdown: { [weak self] in
            guard let self else { return }
            Task { await self.signal() }
        }
        logger.info("intake processor stopped")
    }

    private var lastPurge = 0.0

    /// Forgets processed inbox rows older than an hour, every ten minutes; replay detection only
    /// needs the 5-minute signature window.
    private func purgeIfDue() async throws {
        let now = Date().timeIntervalSince1970
        guard now - lastPurge >= 600 else { return }
        lastPurge = now
        let removed = try await store.write { tx in try tx.intakeInbox.purgeProcessed(before: now - 3600) }
        if removed > 0 { logger.debug("purged processed inbox rows", metadata: ["count": "\(removed)"]) }
    }

    private func nextWait() async -> Double {
        let found = try? await store.read { tx in try tx.intakeAlerts.nextRelease() }
        guard let next = found else { return 1 }
        return min(1, max(0.01, next - Date().timeIntervalSince1970))
    }

    /// Processes every pending row (and due group releases); returns how many rows were applied.
    @discardableResult
    public func drain() async throws -> Int {
        var total = 0
        while true {
            let (count, notify) = try await processBatch()
            for ref in notify { taskEvents.taskChanged(space: ref.space, taskId: ref.taskId) }
            total += count
            if count == 0 { return total }
            if count < batchSize, try await store.read({ tx in try tx.intakeInbox.pendingCount() }) == 0 { return total }
        }
    }

    private func processBatch() async throws -> (Int, Set<IntakeApplier.TaskRef>) {
        let account = account, topology = topology
        let prepared = try await prepareBatch()
        let now = Date().timeIntervalSince1970
        do {
            return try await store.write { tx in
                var applier = IntakeApplier(tx: tx, topology: topology, account: account)
                // Short transactions: the receivers' inbox writes wait for this one, so it ends
                // after the prepared rows or `transactionTimeLimit`, whichever comes first (the
                // rest follows in the next transaction).
                let started = DispatchTime.now().uptimeNanoseconds
                var processed = 0
                for delivery in prepared {
                    if try delivery.process(at: now, applier: &applier, tx: tx) { processed += 1 }
                    if DispatchTime.now().uptimeNanoseconds - started > Self.transactionTimeLimit { break }
                }
                try applier.releaseDueGroups(now: now)
                try applier.finish(now: now)
                return (processed, applier.notify)
            }
        } catch {
            // One bad row must not hold up the rest: apply rows one at a time, and mark a row that
            // still fails as failed (with the error) in a transaction of its own.
            logger.warning("intake batch failed; retrying row by row", metadata: ["error": "\(error)"])
            var notify: Set<IntakeApplier.TaskRef> = []
            for delivery in prepared {
                do {
                    notify.formUnion(try await store.write { tx in
                        var applier = IntakeApplier(tx: tx, topology: topology, account: account)
                        _ = try delivery.process(at: now, applier: &applier, tx: tx)
                        try applier.finish(now: now)
                        return applier.notify
                    })
                } catch {
                    logger.error("intake delivery failed", metadata: ["seq": "\(delivery.seq)", "error": "\(error)"])
                    _ = try await store.write { tx in
                        try tx.intakeInbox.markProcessed(seq: delivery.seq, at: now, outcome: "failed: \(error)")
                    }
                }
            }
            return (prepared.count, notify)
        }
    }

    /// Reads and decodes the oldest pending rows outside any write transaction: up to `batchSize`
    /// rows, stopping once they carry `alertBudget` alerts (a few rows per read, so that a batch
    /// of large deliveries does not load bodies it will not get to).
    private func prepareBatch() async throws -> [PreparedDelivery] {
        var prepared: [PreparedDelivery] = []
        var alerts = 0
        var after: Int64 = 0
        while prepared.count < batchSize, alerts < Self.alertBudget {
            let limit = min(Self.readAhead, batchSize - prepared.count), from = after
            let rows = try await store.read { tx in try tx.intakeInbox.pending(after: from, limit: limit) }
            guard let last = rows.last else { break }
            after = last.seq
            for row in rows {
                let delivery = PreparedDelivery(row)
                prepared.append(delivery)
                alerts += delivery.alertCount
            }
        }
        return prepared
    }

    /// Deliveries read from the inbox per query while preparing a batch.
    static let readAhead = 4
    /// Alerts after which a batch stops taking rows: enough to amortise the per-transaction work
    /// (rewriting each touched task once), few enough that receivers are not kept waiting.
    static let alertBudget = 2000
    /// Longest a batch's write transaction goes on taking rows (nanoseconds).
    static let transactionTimeLimit: UInt64 = 10_000_000
}

/// Whether a wake-up is already on its way to the processor.
final class WakeFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    /// Raises the flag; true when it was down (the caller then delivers the wake-up).
    func raise() -> Bool {
        lock.withLock {
            defer { raised = true }
            return !raised
        }
    }

    func lower() { lock.withLock { raised = false } }
}

/// The retained headers as stored in the inbox (a JSON object).
enum InboxHeaders {
    static func encode(_ headers: DeliveryHeaders) -> [UInt8] {
        JSONWriter.write(.object(headers.retainedSubset.mapValues { .string($0) }))
    }

    static func decode(_ bytes: [UInt8]) -> DeliveryHeaders {
        guard let object = (try? JSONParser.parse(bytes))?.objectValue else { return DeliveryHeaders() }
        return DeliveryHeaders(object.compactMap { k, v in v.stringValue.map { (k, $0) } })
    }
}
