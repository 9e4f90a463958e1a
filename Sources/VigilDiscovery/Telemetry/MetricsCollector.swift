import VigilAWSClients

/// CloudWatch metrics of each entity (`MetricCatalog`), read with GetMetricData in batches of
/// 500 queries, every page of each batch.
struct MetricsCollector {
    let context: CollectionContext

    func collect() async -> CollectorOutput {
        var output = CollectorOutput()
        var specs: [MetricSpec] = []
        for entity in context.entities {
            if case .apiGatewayRestAPI(let id) = entity.kind, context.options.apiGatewayNames[entity.arn] == nil {
                output.gaps.append(TelemetryGap(collector: "metrics", operation: "CloudWatch:GetMetricData", subject: entity.arn,
                                                reason: "REST API \(id): its metrics are keyed by ApiName; set apiGatewayNames for it"))
                continue
            }
            specs += MetricCatalog.specs(for: entity, apiName: context.options.apiGatewayNames[entity.arn])
        }
        guard !specs.isEmpty else { return output }
        let plan = MetricQueryPlan(specs: specs)
        let cloudWatch = CloudWatchClient(context.client)
        let window = context.window
        let batches = await concurrentMap(plan.batches(), limit: context.options.maxConcurrentRequests) { batch in
            do {
                return Result<[CloudWatchMetricDataResult], any Error>.success(
                    try await cloudWatch.getMetricData(queries: batch, start: window.startDate, end: window.endDate).all())
            } catch {
                return .failure(error)
            }
        }
        var results: [CloudWatchMetricDataResult] = []
        for batch in batches {
            switch batch {
            case .success(let part): results += part
            case .failure(let error): output.gap("metrics", "CloudWatch:GetMetricData", nil, error)
            }
        }
        for result in results where result.statusCode == "Forbidden" || result.statusCode == "InternalError" {
            let message = result.messages.compactMap(\.value).joined(separator: "; ")
            output.gaps.append(TelemetryGap(collector: "metrics", operation: "CloudWatch:GetMetricData", subject: result.label ?? result.id,
                                            reason: "\(result.statusCode ?? "")\(message.isEmpty ? "" : ": \(message)")"))
        }
        output.metrics = plan.series(from: results)
        return output
    }
}

/// Metric alarms watching the entities, with their state changes in the window.
struct AlarmsCollector {
    let context: CollectionContext

    func collect() async -> CollectorOutput {
        var output = CollectorOutput()
        let identities = context.entities.compactMap { entity in
            MetricCatalog.identity(of: entity, apiName: context.options.apiGatewayNames[entity.arn]).map {
                (entity: entity.arn, namespace: $0.namespace, dimensions: $0.dimensions)
            }
        }
        guard !identities.isEmpty else { return output }
        let cloudWatch = CloudWatchClient(context.client)
        let alarms: [CloudWatchMetricAlarm]
        do {
            alarms = try await cloudWatch.describeAlarms().all()
        } catch {
            output.gap("alarms", "CloudWatch:DescribeAlarms", nil, error)
            return output
        }
        let watching = alarms.compactMap { alarm -> (alarm: CloudWatchMetricAlarm, entities: [String])? in
            let entities = AlarmMapping.entities(of: alarm, among: identities)
            return entities.isEmpty ? nil : (alarm, entities)
        }
        guard !watching.isEmpty else { return output }
        var history: [CloudWatchAlarmHistoryItem] = []
        do {
            // One account-wide read of the window's state changes, filtered here: fewer calls
            // than one per alarm.
            history = try await cloudWatch.describeAlarmHistory(start: context.window.startDate, end: context.window.endDate).all()
        } catch {
            output.gap("alarms", "CloudWatch:DescribeAlarmHistory", nil, error)
        }
        output.alarms = AlarmMapping.events(alarms: watching, history: history, start: context.window.start, end: context.window.end)
        return output
    }
}
