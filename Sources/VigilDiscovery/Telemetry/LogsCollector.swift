import VigilAWSClients
import VigilTelemetry

/// Log events of each entity's log groups (`/aws/lambda/<name>` for a function unless
/// `logGroups` names others), the latest `maxLogEventsPerGroup` of each group and
/// `maxLogEvents` in all.
struct LogsCollector {
    let context: CollectionContext

    func collect() async -> CollectorOutput {
        var output = CollectorOutput()
        var work: [(entity: String, group: String)] = []
        for entity in context.entities {
            let groups: [String]
            if let configured = context.options.logGroups[entity.arn] {
                groups = configured
            } else if case .lambdaFunction(let name) = entity.kind {
                groups = ["/aws/lambda/\(name)"]
            } else {
                groups = []
            }
            work += groups.map { (entity.arn, $0) }
        }
        let logs = CloudWatchLogsClient(context.client)
        let options = context.options
        let startMillis = Int64(context.window.start * 1000)
        let endMillis = Int64(context.window.end * 1000)
        let parts = await concurrentMap(work, limit: options.maxConcurrentRequests) { item -> CollectorOutput in
            var part = CollectorOutput()
            var latest = LatestEvents(capacity: options.maxLogEventsPerGroup)
            var pages = 0
            var moreThanRead = false
            do {
                for try await page in logs.filterLogEvents(logGroup: item.group, startMillis: startMillis, endMillis: endMillis) {
                    for event in page.items { latest.append(LogEventMapping.logEvent(event, entity: item.entity)) }
                    pages += 1
                    if pages >= options.maxLogPagesPerGroup, page.nextToken != nil {
                        moreThanRead = true
                        break
                    }
                }
            } catch {
                part.gap("logs", "CloudWatchLogs:FilterLogEvents", item.group, error)
            }
            if latest.dropped > 0 {
                part.truncations.append("logs [\(item.group)]: kept the latest \(latest.events.count) of \(latest.seen) events read")
            }
            if moreThanRead {
                part.truncations.append("logs [\(item.group)]: stopped after \(pages) pages; later events of the window were not read")
            }
            part.logs = latest.events
            return part
        }
        var all: [LogEvent] = []
        for part in parts {
            all += part.logs
            output.gaps += part.gaps
            output.truncations += part.truncations
        }
        if all.count > options.maxLogEvents {
            all.sort { $0.timestamp < $1.timestamp }
            output.truncations.append("logs: kept the latest \(options.maxLogEvents) of \(all.count) events in all")
            all = Array(all.suffix(options.maxLogEvents))
        }
        output.logs = all
        return output
    }
}
