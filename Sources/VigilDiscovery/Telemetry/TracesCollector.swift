import VigilAWSClients
import VigilTelemetry

/// X-Ray traces of the window that touch the entities: summaries first, the faulty and erroneous
/// ones and then the latest fetched in full (`maxTraces`), as spans (`maxSpans`).
struct TracesCollector {
    let context: CollectionContext

    func touches(_ summary: XRayTraceSummary) -> Bool {
        if context.allEntities { return true }
        return context.entities.contains { entity in
            summary.resourceARNs.contains { $0 == entity.arn || $0.hasPrefix(entity.arn + ":") }
                || summary.serviceIds.contains { $0.name == entity.name || $0.names.contains(entity.name) }
        }
    }

    func collect() async -> CollectorOutput {
        var output = CollectorOutput()
        guard context.allEntities || !context.entities.isEmpty else { return output }
        let xray = XRayClient(context.client)
        let options = context.options
        var selected: [XRayTraceSummary] = []
        var pages = 0
        do {
            for try await page in xray.getTraceSummaries(start: context.window.startDate, end: context.window.endDate) {
                selected += page.items.filter(touches)
                pages += 1
                if pages >= options.maxTraceSummaryPages, page.nextToken != nil {
                    output.truncations.append("traces: read \(pages) pages of trace summaries; later ones were not read")
                    break
                }
            }
        } catch {
            output.gap("traces", "XRay:GetTraceSummaries", nil, error)
            return output
        }
        // Faults, then errors, then the latest.
        selected.sort { lhs, rhs in
            let l = (lhs.hasFault ? 2 : 0) + (lhs.hasError ? 1 : 0), r = (rhs.hasFault ? 2 : 0) + (rhs.hasError ? 1 : 0)
            if l != r { return l > r }
            return (lhs.startTime?.timeIntervalSince1970 ?? 0) > (rhs.startTime?.timeIntervalSince1970 ?? 0)
        }
        if selected.count > options.maxTraces {
            output.truncations.append("traces: fetched \(options.maxTraces) of \(selected.count) matching traces")
            selected = Array(selected.prefix(options.maxTraces))
        }
        let ids = selected.map(\.id)
        let batches = stride(from: 0, to: ids.count, by: XRayClient.maxTraceIdsPerBatch).map {
            Array(ids[$0..<min($0 + XRayClient.maxTraceIdsPerBatch, ids.count)])
        }
        let fetched = await concurrentMap(batches, limit: options.maxConcurrentRequests) { batch in
            do {
                return Result<(traces: [XRayTrace], unprocessed: [String]), any Error>.success(try await xray.batchGetTraces(ids: batch))
            } catch {
                return .failure(error)
            }
        }
        var unreadable = 0
        var dropped = 0
        for result in fetched {
            switch result {
            case .failure(let error):
                output.gap("traces", "XRay:BatchGetTraces", nil, error)
            case .success(let batch):
                if !batch.unprocessed.isEmpty {
                    output.gaps.append(TelemetryGap(collector: "traces", operation: "XRay:BatchGetTraces", subject: nil,
                                                    reason: "unprocessed trace ids: \(batch.unprocessed.joined(separator: ", "))"))
                }
                for trace in batch.traces {
                    let mapped = XRayMapping.spans(of: trace)
                    unreadable += mapped.unreadable
                    if output.spans.count + mapped.spans.count > options.maxSpans {
                        dropped += 1
                        continue
                    }
                    output.spans += mapped.spans
                }
            }
        }
        if unreadable > 0 {
            output.gaps.append(TelemetryGap(collector: "traces", operation: "XRay:BatchGetTraces", subject: nil,
                                            reason: "\(unreadable) segment documents could not be read"))
        }
        if dropped > 0 {
            output.truncations.append("traces: \(dropped) traces dropped to keep at most \(options.maxSpans) spans")
        }
        return output
    }
}

/// The X-Ray service graph of the window as call edges.
struct ServiceGraphCollector {
    let context: CollectionContext

    func collect() async -> CollectorOutput {
        var output = CollectorOutput()
        do {
            let services = try await XRayClient(context.client).getServiceGraph(start: context.window.startDate, end: context.window.endDate).all()
            output.edges = XRayMapping.edges(of: services, region: context.region).map { CallEdge(caller: $0.from, callee: $0.to) }
        } catch {
            output.gap("service-graph", "XRay:GetServiceGraph", nil, error)
        }
        return output
    }
}
