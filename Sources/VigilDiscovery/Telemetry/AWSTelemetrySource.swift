import Logging
import VigilAWSClients
import VigilTelemetry

/// Collects an incident window's telemetry from one AWS account and region: CloudWatch metrics
/// and alarms, CloudWatch Logs events, X-Ray traces and service graph, CloudTrail changes,
/// CodeDeploy deployments and CodePipeline runs (docs/aws-telemetry.md).
///
/// Request entities are resource ARNs. Collectors run side by side; one that fails leaves a
/// `TelemetryGap` in the report (and a warning in the log) and the others go on. `collect` throws
/// only for a request it cannot serve at all (a bad window) or when cancelled.
public struct AWSTelemetrySource: TelemetrySource {
    public let client: AWSClient
    public let options: AWSTelemetryOptions
    private let logger: Logger

    public init(client: AWSClient, options: AWSTelemetryOptions = AWSTelemetryOptions(),
                logger: Logger = Logger(label: "vigil.telemetry.aws")) {
        self.client = client
        self.options = options
        self.logger = logger
    }

    public func collect(_ request: TelemetryRequest) async throws -> IncidentTelemetry {
        let report = try await collectReport(request)
        for gap in report.gaps {
            logger.warning("telemetry gap", metadata: ["collector": "\(gap.collector)", "gap": "\(gap.description)"])
        }
        for truncation in report.truncations {
            logger.info("telemetry truncated", metadata: ["detail": "\(truncation)"])
        }
        return report.telemetry
    }

    /// The telemetry with the reads that failed and the caps that were reached.
    public func collectReport(_ request: TelemetryRequest) async throws -> TelemetryCollectionReport {
        let window = try TelemetryWindow.resolve(request, lookBack: options.lookBack, maxLength: options.maxWindow)
        var output = CollectorOutput()
        var entities: [TelemetryEntity] = []
        for name in request.entities {
            if let entity = TelemetryEntity(arn: name) {
                // A client reads one account and region; telemetry of another is not here to read.
                if !entity.region.isEmpty, entity.region != client.region {
                    output.gaps.append(TelemetryGap(collector: "request", operation: "-", subject: name,
                                                    reason: "in region \(entity.region); this source reads \(client.region)"))
                } else if !entity.account.isEmpty, let account = client.accountId, entity.account != account {
                    output.gaps.append(TelemetryGap(collector: "request", operation: "-", subject: name,
                                                    reason: "in account \(entity.account); this source reads \(account)"))
                } else {
                    entities.append(entity)
                }
            } else {
                output.gaps.append(TelemetryGap(collector: "request", operation: "-", subject: name,
                                                reason: "not an ARN: no telemetry is collected for it"))
            }
        }
        let context = CollectionContext(client: client, options: options, window: window, entities: entities,
                                        allEntities: request.entities.isEmpty)
        let collectors = AWSTelemetryOptions.Collector.allCases.filter(options.collectors.contains)
        let outputs = await concurrentMap(collectors, limit: collectors.count) { collector in
            await context.run(collector)
        }
        try Task.checkCancellation()
        for part in outputs { output.merge(part) }
        let telemetry = IncidentTelemetry(
            incident: request.incident, windowStart: window.start, windowEnd: window.end,
            metrics: output.metrics,
            logs: output.logs.sorted { $0.timestamp < $1.timestamp },
            spans: output.spans.sorted { ($0.start, $0.traceId) < ($1.start, $1.traceId) },
            changes: output.changes.sorted { $0.timestamp < $1.timestamp },
            alarms: output.alarms.sorted { $0.timestamp < $1.timestamp },
            edges: output.edges)
        return TelemetryCollectionReport(telemetry: telemetry, gaps: output.gaps, truncations: output.truncations)
    }
}

/// Everything a collector needs for one collection.
struct CollectionContext: Sendable {
    let client: AWSClient
    let options: AWSTelemetryOptions
    let window: TelemetryWindow
    let entities: [TelemetryEntity]
    /// The request named no entities: collectors that can read account-wide do.
    let allEntities: Bool

    var region: String { client.region }
    var partition: String { entities.first?.partition ?? (region.hasPrefix("cn-") ? "aws-cn" : region.hasPrefix("us-gov-") ? "aws-us-gov" : "aws") }
    var account: String { client.accountId ?? entities.first { !$0.account.isEmpty }?.account ?? "" }

    func run(_ collector: AWSTelemetryOptions.Collector) async -> CollectorOutput {
        switch collector {
        case .metrics: await MetricsCollector(context: self).collect()
        case .alarms: await AlarmsCollector(context: self).collect()
        case .logs: await LogsCollector(context: self).collect()
        case .traces: await TracesCollector(context: self).collect()
        case .serviceGraph: await ServiceGraphCollector(context: self).collect()
        case .cloudTrail: await CloudTrailCollector(context: self).collect()
        case .codeDeploy: await CodeDeployCollector(context: self).collect()
        case .codePipeline: await CodePipelineCollector(context: self).collect()
        }
    }
}
