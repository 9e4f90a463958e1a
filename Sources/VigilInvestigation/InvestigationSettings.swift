/// How the runner schedules and bounds investigations. Defaults follow the DevOps Agent quotas:
/// 3 concurrent investigations per agent space (adjustable), 1 evaluation (not adjustable),
/// 10 on-demand invocations (adjustable).
public struct InvestigationSettings: Sendable, Equatable {
    /// Concurrent INVESTIGATION tasks per agent space; more wait in PENDING_START.
    public var maxConcurrentInvestigations = 3
    /// Concurrent EVALUATION tasks per agent space. Fixed by the quota.
    public let maxConcurrentEvaluations = 1
    /// Concurrent on-demand invocations (chat) per agent space, for callers that take a slot.
    public var maxConcurrentOnDemand = 10
    /// Wall-clock limit of one run; beyond it the task ends TIMED_OUT.
    public var timeoutSeconds: Double = 900
    /// How far before the incident the telemetry window starts.
    public var lookbackSeconds: Double = 20 * 60
    /// How far after the incident's time the window may extend (when the run happens later).
    public var followUpSeconds: Double = 10 * 60
    /// When a task gives no explicit start time, the incident is taken to have begun this long
    /// before the alert (an alarm needs several breaching periods before it fires).
    public var onsetLeadSeconds: Double = 180
    /// Runs a task may have; a task interrupted by restarts this often ends FAILED.
    public var maxAttempts = 2
    /// How often the store is scanned for work a missed notification left waiting.
    public var scanIntervalSeconds: Double = 2
    /// Pause between steps, so a person can watch the journal fill (`vigil demo`); 0 in service.
    public var stepPauseSeconds: Double = 0
    /// Hypotheses written as FINDING records.
    public var findingsToJournal = 3

    public init() {}
}
