/// One earlier investigation of a space as an evaluation reads it back: its task and what its
/// journal recorded (resources resolved, telemetry collected, the root cause).
public struct PastInvestigation: Sendable, Equatable, Codable {
    public struct Cause: Sendable, Equatable, Codable {
        public var entity: String
        public var kind: String
        public var confidence: Double

        public init(entity: String, kind: String, confidence: Double) {
            self.entity = entity
            self.kind = kind
            self.confidence = confidence
        }
    }

    /// What the run's `collect-telemetry` record counted; nil when the run never got that far.
    public struct Collected: Sendable, Equatable, Codable {
        public var metricSeries: Int
        public var logEvents: Int
        public var spans: Int
        public var changes: Int

        public init(metricSeries: Int, logEvents: Int, spans: Int, changes: Int) {
            self.metricSeries = metricSeries
            self.logEvents = logEvents
            self.spans = spans
            self.changes = changes
        }
    }

    public var taskId: String
    public var executionId: String?
    public var title: String
    /// The task's final status: COMPLETED, FAILED or TIMED_OUT.
    public var status: String
    public var statusReason: String?
    public var createdAt: Double
    /// The root cause when the analysis was decisive.
    public var rootCause: Cause?
    /// Resources the incident named (the `resolve-resources` record's `matched`).
    public var matched: [String]
    public var collected: Collected?

    public init(taskId: String, executionId: String?, title: String, status: String, statusReason: String?, createdAt: Double,
                rootCause: Cause?, matched: [String], collected: Collected?) {
        self.taskId = taskId
        self.executionId = executionId
        self.title = title
        self.status = status
        self.statusReason = statusReason
        self.createdAt = createdAt
        self.rootCause = rootCause
        self.matched = matched
        self.collected = collected
    }

    public var completed: Bool { status == "COMPLETED" }
}
