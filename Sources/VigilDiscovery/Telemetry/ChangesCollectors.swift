import Foundation
import VigilAWSClients
import VigilTelemetry

/// Management events that changed the entities, from CloudTrail's event history: one
/// account-wide read of the window's write events (`ReadOnly=false`), matched here to the
/// entities (CloudTrail filters on one attribute per call and allows 2 calls a second).
struct CloudTrailCollector {
    let context: CollectionContext

    func collect() async -> CollectorOutput {
        var output = CollectorOutput()
        guard context.allEntities || !context.entities.isEmpty else { return output }
        let cloudTrail = CloudTrailClient(context.client)
        var pages = 0
        do {
            for try await page in cloudTrail.lookupEvents(attribute: .readOnly(false), start: context.window.startDate,
                                                          end: context.window.endDate) {
                for event in page.items { output.changes += ChangeMapping.changes(of: event, entities: context.entities) }
                pages += 1
                if pages >= context.options.maxCloudTrailPages, page.nextToken != nil {
                    output.truncations.append("cloudtrail: read the latest \(pages) pages of write events; earlier ones were not read")
                    break
                }
            }
        } catch {
            output.gap("cloudtrail", "CloudTrail:LookupEvents", nil, error)
        }
        return output
    }
}

/// CodeDeploy deployments created in the window (all applications).
struct CodeDeployCollector {
    let context: CollectionContext

    func collect() async -> CollectorOutput {
        var output = CollectorOutput()
        let codeDeploy = CodeDeployClient(context.client)
        var ids: [String] = []
        do {
            for try await page in codeDeploy.listDeployments(createdFrom: context.window.startDate, to: context.window.endDate) {
                ids += page.items
                if ids.count >= context.options.maxDeployments, page.nextToken != nil {
                    output.truncations.append("codedeploy: described the first \(context.options.maxDeployments) deployments of the window")
                    break
                }
            }
        } catch {
            output.gap("codedeploy", "CodeDeploy:ListDeployments", nil, error)
            return output
        }
        ids = Array(ids.prefix(context.options.maxDeployments))
        let batches = stride(from: 0, to: ids.count, by: CodeDeployClient.maxDeploymentsPerBatch).map {
            Array(ids[$0..<min($0 + CodeDeployClient.maxDeploymentsPerBatch, ids.count)])
        }
        let described = await concurrentMap(batches, limit: context.options.maxConcurrentRequests) { batch in
            do {
                return Result<[CodeDeployDeployment], any Error>.success(try await codeDeploy.batchGetDeployments(ids: batch))
            } catch {
                return .failure(error)
            }
        }
        for result in described {
            switch result {
            case .success(let deployments):
                // ListDeployments already filters by creation time; checking again keeps an endpoint
                // that ignores the range (moto does) from widening the window.
                output.changes += deployments.compactMap {
                    ChangeMapping.change(of: $0, entities: context.entities, partition: context.partition,
                                         region: context.region, account: context.account)
                }.filter { $0.timestamp >= context.window.start && $0.timestamp < context.window.end }
            case .failure(let error):
                output.gap("codedeploy", "CodeDeploy:BatchGetDeployments", nil, error)
            }
        }
        return output
    }
}

/// CodePipeline runs that overlap the window, for every pipeline (up to `maxPipelines`).
struct CodePipelineCollector {
    let context: CollectionContext

    func collect() async -> CollectorOutput {
        var output = CollectorOutput()
        let codePipeline = CodePipelineClient(context.client)
        var pipelines: [CodePipelineSummary]
        do {
            pipelines = try await codePipeline.listPipelines().all(limit: context.options.maxPipelines + 1)
        } catch {
            output.gap("codepipeline", "CodePipeline:ListPipelines", nil, error)
            return output
        }
        if pipelines.count > context.options.maxPipelines {
            output.truncations.append("codepipeline: looked at the first \(context.options.maxPipelines) pipelines only")
            pipelines = Array(pipelines.prefix(context.options.maxPipelines))
        }
        let window = context.window
        let maxPages = context.options.maxPipelineExecutionPages
        let prefix = context.account.isEmpty ? nil : "arn:\(context.partition):codepipeline:\(context.region):\(context.account):"
        let parts = await concurrentMap(pipelines.map(\.name), limit: context.options.maxConcurrentRequests) { name -> CollectorOutput in
            var part = CollectorOutput()
            let entity = prefix.map { $0 + name } ?? name
            var pages = 0
            do {
                // Newest first: stop at the first page that ends before the window.
                for try await page in codePipeline.listPipelineExecutions(pipeline: name) {
                    part.changes += page.items.compactMap {
                        ChangeMapping.change(of: $0, pipeline: name, pipelineEntity: entity, start: window.start, end: window.end)
                    }
                    pages += 1
                    let oldest = page.items.compactMap { ($0.lastUpdateTime ?? $0.startTime)?.timeIntervalSince1970 }.min()
                    if let oldest, oldest < window.start { break }
                    if pages >= maxPages { break }
                }
            } catch {
                part.gap("codepipeline", "CodePipeline:ListPipelineExecutions", name, error)
            }
            return part
        }
        for part in parts { output.merge(part) }
        return output
    }
}
