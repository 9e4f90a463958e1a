import Foundation
import Logging
import ServiceLifecycle
import VigilAPIModel
import VigilAudit
import VigilCore
import VigilStore

/// Runs backlog tasks as investigations. Per agent space, at most
/// `maxConcurrentInvestigations` INVESTIGATION and one EVALUATION task run at once; the rest wait
/// in PENDING_START and start highest priority first, then oldest. Spaces have separate slots, so
/// one space's queue never delays another's. The store is the queue: the runner is told about
/// changes (`TaskEvents`) and also rescans it, so a missed notification only delays work.
///
/// Restart safety: on start, runs the previous process left open are closed (execution FAILED,
/// a journal record saying why) and their tasks re-queued, or failed once `maxAttempts` is used up.
public actor InvestigationRunner: TaskEvents, OnDemandSlotOwner, ServiceLifecycle.Service {
    /// Why a run was stopped from outside.
    enum StopReason: Sendable { case canceledByPerson, shutdown }

    struct Key: Hashable, Sendable { var space: String; var taskId: String }
    struct Live { var taskType: TaskType; var executionId: String; var handle: Task<Void, Never>; var stop: StopReason? }

    let store: Store
    let sources: any SpaceSourceProvider
    let reasoner: any Reasoner
    let audit: any AuditSink
    let account: AccountContext
    let settings: InvestigationSettings
    let logger: Logger
    let now: @Sendable () -> Date
    /// The space's concurrent on-demand invocations (chat), `settings.maxConcurrentOnDemand` each.
    public nonisolated let onDemandSlots: OnDemandSlots
    private var live: [Key: Live] = [:]
    private var pumping: Set<String> = []
    private var repump: Set<String> = []
    private var recovered = false
    /// Spaces whose waiting tasks have no source, logged once until they get one.
    private var unsourced: Set<String> = []

    public init(store: Store, sources: any SpaceSourceProvider, reasoner: any Reasoner, audit: any AuditSink,
                account: AccountContext, settings: InvestigationSettings = InvestigationSettings(), logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.sources = sources
        self.reasoner = reasoner
        self.audit = audit
        self.account = account
        self.settings = settings
        self.logger = logger
        self.now = now
        self.onDemandSlots = OnDemandSlots(limit: settings.maxConcurrentOnDemand)
    }

    // MARK: TaskEvents

    public nonisolated func taskChanged(space: String, taskId: String) {
        Task { await self.handleChange(space: space, taskId: taskId) }
    }

    func handleChange(space: String, taskId: String) async {
        let key = Key(space: space, taskId: taskId)
        if var run = live[key] {
            let status = try? await store.read { tx in try tx.tasks.get(space: space, id: taskId).map { try TaskShape(document: $0.doc).status } }
            if status.flatMap({ $0 }) == .canceled {
                run.stop = .canceledByPerson
                live[key] = run
                run.handle.cancel()
            }
        }
        await pump(space)
    }

    // MARK: Service

    /// Recovers, then scans the store every `scanIntervalSeconds` until shutdown; on shutdown the
    /// live runs are stopped and their tasks re-queued for the next start.
    public func run() async throws {
        try await recover()
        await pumpAll()
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(self.settings.scanIntervalSeconds))
                if Task.isCancelled { break }
                await self.pumpAll()
            }
        }
        await stopAll()
    }

    /// Stops every live run (re-queuing its task) and waits for them to end.
    public func stopAll() async {
        for (key, var run) in live {
            run.stop = .shutdown
            live[key] = run
            run.handle.cancel()
        }
        for run in live.values { await run.handle.value }
    }

    /// How many runs are live in a space, by task type (for tests and status pages).
    public func liveCount(space: String, taskType: TaskType) -> Int {
        live.filter { $0.key.space == space && $0.value.taskType == taskType }.count
    }

    /// Closes the runs a previous process left open. Idempotent; `run()` calls it first.
    public func recover() async throws {
        guard !recovered else { return }
        recovered = true
        let at = now()
        let maxAttempts = settings.maxAttempts
        let requeued = try await store.write { tx -> [(String, String)] in
            var touched: [(String, String)] = []
            for run in try tx.investigationRuns.unfinished() {
                let retry = run.attempt < maxAttempts
                let reason = retry
                    ? "Re-queued: the server stopped during execution \(run.executionId) (attempt \(run.attempt)); its journal is kept"
                    : "Failed: the server stopped during execution \(run.executionId), attempt \(run.attempt) of \(maxAttempts); not retried"
                try TaskLifecycle.finish(tx, space: run.space, taskId: run.taskId, executionId: run.executionId,
                                         taskStatus: retry ? .pendingStart : .failed, executionStatus: .failed,
                                         reason: reason, closingRecord: true, now: at)
                touched.append((run.space, run.taskId))
            }
            // A task IN_PROGRESS with no open run cannot make progress: end it with a reason.
            for (space, taskId) in try tx.investigationRuns.tasksInProgress() {
                guard let stored = try tx.tasks.get(space: space, id: taskId) else { continue }
                var task = try TaskShape(document: stored.doc)
                let expected = task.version
                task.status = .failed
                task.statusReason = "Failed: marked IN_PROGRESS without a running execution after a restart"
                task.updatedAt = at
                task.version += 1
                _ = try tx.tasks.update(space: space, id: taskId, expectedVersion: expected, columns: TaskLifecycle.columns(task), doc: task.document)
                touched.append((space, taskId))
            }
            return touched
        }
        for (space, taskId) in requeued {
            await audit.record(AuditEntry(kind: .reasoningStep, agentSpaceId: space, principal: "agent", action: "investigation:recover",
                                          resource: taskArn(space, taskId), decision: .allow, time: at))
        }
        if !requeued.isEmpty { logger.info("recovered interrupted investigations", metadata: ["count": "\(requeued.count)"]) }
    }

    // MARK: Scheduling

    func pumpAll() async {
        let spaces = (try? await store.read { tx in try tx.investigationRuns.spacesWithPendingTasks() }) ?? []
        for space in spaces { await pump(space) }
    }

    /// Starts as many waiting tasks of `space` as its free slots allow. Serialised per space so
    /// two concurrent pumps cannot both fill the same slot.
    func pump(_ space: String) async {
        if pumping.contains(space) { repump.insert(space); return }
        pumping.insert(space)
        repeat {
            repump.remove(space)
            for type in [TaskType.investigation, .evaluation] { await fill(space, type) }
        } while repump.contains(space)
        pumping.remove(space)
    }

    private func fill(_ space: String, _ type: TaskType) async {
        let limit = type == .evaluation ? settings.maxConcurrentEvaluations : settings.maxConcurrentInvestigations
        let free = limit - liveCount(space: space, taskType: type)
        guard free > 0 else { return }
        do {
            let waiting = try await store.read { tx in try tx.investigationRuns.pending(space: space, taskType: type.rawValue, limit: 1) }
            guard !waiting.isEmpty else { return }
        } catch {
            logger.error("could not read waiting tasks", metadata: ["space": "\(space)", "error": "\(error)"])
            return
        }
        // A space with no source (no AWS association, no configured bundle or demo) has nothing to
        // investigate or review: its tasks keep waiting, untouched, until it gets one.
        let resolved: Result<SpaceSources, any Error>
        do {
            guard let found = try await sources.sources(forSpace: space) else {
                if unsourced.insert(space).inserted {
                    logger.notice("tasks wait: the agent space has no AWS association and no telemetry source is configured",
                                  metadata: ["space": "\(space)"])
                }
                return
            }
            resolved = .success(found)
        } catch {
            resolved = .failure(error)
        }
        unsourced.remove(space)
        let at = now()
        do {
            let claims = try await store.write { tx -> [TaskLifecycle.Claim] in
                var claims: [TaskLifecycle.Claim] = []
                for stored in try tx.investigationRuns.pending(space: space, taskType: type.rawValue, limit: free) {
                    if let claim = try TaskLifecycle.claim(tx, space: space, taskId: stored.id, now: at) { claims.append(claim) }
                }
                return claims
            }
            for claim in claims { launch(space: space, claim: claim, sources: resolved) }
        } catch {
            logger.error("could not start waiting tasks", metadata: ["space": "\(space)", "error": "\(error)"])
        }
    }

    private func launch(space: String, claim: TaskLifecycle.Claim, sources: Result<SpaceSources, any Error>) {
        let key = Key(space: space, taskId: claim.task.taskId)
        let journal = JournalWriter(store: store, audit: audit, space: space, executionId: claim.executionId,
                                    taskId: claim.task.taskId, taskArn: taskArn(space, claim.task.taskId), now: now)
        let handle = Task.detached { [self] in
            let ending = await self.execute(space: space, claim: claim, sources: sources, journal: journal)
            await self.finished(key, claim: claim, ending: ending, journal: journal)
        }
        live[key] = Live(taskType: claim.task.taskType, executionId: claim.executionId, handle: handle, stop: nil)
    }

    /// How a run ended, before it is written.
    enum Ending: Sendable {
        case completed(RunOutcome)
        case timedOut
        case stopped
        case failed(String)
    }

    /// Runs the steps under the timeout. Not actor-isolated: the analysis runs off the actor.
    private nonisolated func execute(space: String, claim: TaskLifecycle.Claim, sources: Result<SpaceSources, any Error>,
                                     journal: JournalWriter) async -> Ending {
        await journal.auditStep("start", recordId: nil, type: nil)
        let spaceSources: SpaceSources
        switch sources {
        case .success(let found): spaceSources = found
        case .failure(let error): return .failed("Could not open the agent space's sources: \(error)")
        }
        let context = RunContext(space: space, task: claim.task, executionId: claim.executionId, attempt: claim.attempt,
                                 settings: settings, sources: spaceSources, reasoner: reasoner, journal: journal,
                                 account: account, now: now)
        let steps: @Sendable (RunContext) async throws -> RunOutcome = claim.task.taskType == .evaluation
            ? EvaluationSteps.run : InvestigationSteps.run
        let timeout = settings.timeoutSeconds
        return await withTaskGroup(of: Ending?.self) { group in
            group.addTask {
                do { return .completed(try await steps(context)) } catch is CancellationError {
                    return .stopped
                } catch {
                    return Task.isCancelled ? .stopped : .failed("\(claim.task.taskType == .evaluation ? "Evaluation" : "Investigation") step failed: \(error)")
                }
            }
            group.addTask {
                do { try await Task.sleep(for: .seconds(timeout)) } catch { return nil }
                return .timedOut
            }
            var ending: Ending = .stopped
            for await result in group {
                if let result { ending = result; break }
            }
            group.cancelAll()
            return ending
        }
    }

    private func finished(_ key: Key, claim: TaskLifecycle.Claim, ending: Ending, journal: JournalWriter) async {
        let stop = live[key]?.stop
        live.removeValue(forKey: key)
        let at = now()
        let (taskStatus, executionStatus, reason): (TaskStatus, ExecutionStatus, String)
        switch (ending, stop) {
        case (.completed(let outcome), _): (taskStatus, executionStatus, reason) = (.completed, .stopped, outcome.reason)
        case (.timedOut, _):
            (taskStatus, executionStatus, reason) = (.timedOut, .timedOut, "Timed out after \(Int(settings.timeoutSeconds)) s; the journal holds the steps completed")
        case (_, .shutdown?):
            (taskStatus, executionStatus, reason) = (.pendingStart, .canceled, "Re-queued: the server shut down during execution \(claim.executionId)")
        case (.stopped, _):
            (taskStatus, executionStatus, reason) = (.canceled, .canceled, "Canceled by a person; work stopped")
        case (.failed(let why), _): (taskStatus, executionStatus, reason) = (.failed, .failed, why)
        }
        let space = key.space, taskId = key.taskId, executionId = claim.executionId
        let closing: Bool = { if case .completed = ending { return false }; return true }()
        // Written from a fresh task: this one may be canceled, and the ending must still be stored.
        let write = Task { [store] in
            try await store.write { tx in
                try TaskLifecycle.finish(tx, space: space, taskId: taskId, executionId: executionId, taskStatus: taskStatus,
                                         executionStatus: executionStatus, reason: reason, closingRecord: closing, now: at)
            }
        }
        switch await write.result {
        case .success(let status):
            await journal.auditStep("end:\(status?.rawValue ?? taskStatus.rawValue)", recordId: nil, type: nil,
                                    decision: taskStatus == .failed || taskStatus == .timedOut ? .error : .allow)
        case .failure(let error):
            logger.error("could not record the end of an investigation", metadata: ["task": "\(taskId)", "error": "\(error)"])
        }
        // From a fresh task: this run's task may be canceled, and the next waiting task must still start.
        if stop != .shutdown { Task { await self.pump(space) } }
    }

    nonisolated func taskArn(_ space: String, _ taskId: String) -> String {
        "\(account.agentSpaceArn(space))/task/\(taskId)"
    }
}
