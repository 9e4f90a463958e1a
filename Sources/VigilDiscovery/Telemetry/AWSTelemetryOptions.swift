/// What `AWSTelemetrySource` reads, for how long, and the caps that bound its memory and calls.
public struct AWSTelemetryOptions: Sendable {
    /// The collectors a source runs.
    public enum Collector: String, Sendable, CaseIterable, Hashable {
        case metrics, alarms, logs, traces, serviceGraph = "service-graph", cloudTrail = "cloudtrail"
        case codeDeploy = "codedeploy", codePipeline = "codepipeline"
    }

    public var collectors: Set<Collector> = Set(Collector.allCases)
    /// Used when a request has no window of its own: [detectedAt - lookBack, detectedAt].
    public var lookBack: Double = 20 * 60
    /// Longest window accepted (X-Ray's GetTraceSummaries covers at most 6 hours).
    public var maxWindow: Double = 6 * 3600
    /// Log groups per entity ARN; replaces the default (`/aws/lambda/<name>` for functions, none
    /// for other kinds).
    public var logGroups: [String: [String]] = [:]
    /// `ApiName` of REST APIs by ARN: their CloudWatch metrics are keyed by name, not id.
    public var apiGatewayNames: [String: String] = [:]
    /// The latest events kept per log group, and in all.
    public var maxLogEventsPerGroup = 2_000
    public var maxLogEvents = 10_000
    /// FilterLogEvents pages read per log group at most (each holds up to 10,000 events / 1 MB).
    public var maxLogPagesPerGroup = 20
    /// GetTraceSummaries pages read at most, and the traces fetched in full at most.
    public var maxTraceSummaryPages = 10
    public var maxTraces = 50
    /// Spans kept at most (whole traces are dropped beyond it).
    public var maxSpans = 20_000
    /// LookupEvents pages (50 events each) read at most.
    public var maxCloudTrailPages = 20
    /// Deployments described at most, pipelines looked at at most, and execution pages per pipeline.
    public var maxDeployments = 200
    public var maxPipelines = 100
    public var maxPipelineExecutionPages = 5
    /// Requests each collector has in flight at most (collectors themselves run side by side).
    public var maxConcurrentRequests = 4

    public init() {}
}
