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

    /// Asks the processor to look at the inbox soon. Never blocks.
    public nonisolated func wake() { Task { await self.signal() } }

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
            self?.wake()
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
        let account = account, topology = topology, batchSize = batchSize
        let now = Date().timeIntervalSince1970
        do {
            return try await store.write { tx in
                var applier = IntakeApplier(tx: tx, topology: topology, account: account)
                let rows = try tx.intakeInbox.pending(limit: batchSize)
                // Short transactions: the receiver's inbox writes wait for this one, so a batch
                // stops after ~20 ms of work (the rest follows in the next transaction).
                let started = DispatchTime.now().uptimeNanoseconds
                var applied = 0
                for row in rows {
                    let outcome = try Self.apply(row, applier: &applier)
                    try tx.intakeInbox.markProcessed(seq: row.seq, at: now, outcome: outcome)
                    applied += 1
                    if DispatchTime.now().uptimeNanoseconds - started > 20_000_000 { break }
                }
                try applier.releaseDueGroups(now: now)
                try applier.finish(now: now)
                return (applied, applier.notify)
            }
        } catch {
            // One bad row must not hold up the rest: apply rows one at a time, and mark a row that
            // still fails as failed (with the error) in a transaction of its own.
            logger.warning("intake batch failed; retrying row by row", metadata: ["error": "\(error)"])
            let rows = try await store.read { tx in try tx.intakeInbox.pending(limit: batchSize) }
            var notify: Set<IntakeApplier.TaskRef> = []
            for row in rows {
                do {
                    notify.formUnion(try await store.write { tx in
                        var applier = IntakeApplier(tx: tx, topology: topology, account: account)
                        let outcome = try Self.apply(row, applier: &applier)
                        try tx.intakeInbox.markProcessed(seq: row.seq, at: now, outcome: outcome)
                        try applier.finish(now: now)
                        return applier.notify
                    })
                } catch {
                    logger.error("intake delivery failed", metadata: ["seq": "\(row.seq)", "error": "\(error)"])
                    try await store.write { tx in
                        try tx.intakeInbox.markProcessed(seq: row.seq, at: now, outcome: "failed: \(error)")
                    }
                }
            }
            return (rows.count, notify)
        }
    }

    /// Re-reads a stored delivery exactly as the receiver did and applies its alerts.
    static func apply(_ row: IntakeInboxTable.Row, applier: inout IntakeApplier) throws -> String {
        if PollerDelivery.isPoller(webhookId: row.webhookId) {
            let delivery: AdaptedDelivery
            do { delivery = try PollerDelivery.decode(row.body) } catch { return "rejected: \(error)" }
            try applier.apply(space: row.space, sourceIdentity: row.webhookId, delivery: delivery, now: row.receivedAt)
            return "applied: \(delivery.alerts.count) alert(s) from \(row.webhookId)"
        }
        let headers = InboxHeaders.decode(row.headers)
        let delivery: AdaptedDelivery
        do {
            delivery = try PayloadAdapters.adapt(try JSONParser.parse(row.body), headers: headers)
        } catch {
            return "rejected: \(error)"
        }
        if case .nothingToDo(let reason)? = delivery.control { return "ignored: \(reason)" }
        try applier.apply(space: row.space, sourceIdentity: "webhook:\(row.webhookId)", delivery: delivery, now: row.receivedAt)
        return "applied: \(delivery.alerts.count) alert(s) from \(delivery.sender.rawValue)"
    }
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
