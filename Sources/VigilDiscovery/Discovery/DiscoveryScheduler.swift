import Foundation
import Logging
import ServiceLifecycle

/// Runs discovery for every agent space's AWS associations on an interval (default one hour,
/// first pass at start) and whenever asked (`requestDiscovery(space:)`, after an association is
/// created or updated). Runs one discovery at a time, so a large account does not starve the
/// server; a request for a space already queued is not queued twice. Stops at graceful shutdown.
public final class DiscoveryScheduler: Service, Sendable {
    enum Request: Sendable, Hashable {
        case all
        case space(String)
    }

    public let interval: Duration
    let runner: DiscoveryRunner
    let provider: any DiscoveryTargetProvider
    let logger: Logger
    private let requests: AsyncStream<Request>
    private let continuation: AsyncStream<Request>.Continuation
    private let pending = PendingRequests()

    public init(runner: DiscoveryRunner, provider: any DiscoveryTargetProvider, interval: Duration = .seconds(3600),
                logger: Logger = Logger(label: "vigil.discovery")) {
        self.runner = runner
        self.provider = provider
        self.interval = interval
        self.logger = logger
        (requests, continuation) = AsyncStream.makeStream(of: Request.self, bufferingPolicy: .bufferingNewest(256))
    }

    /// Asks for a discovery of `space` soon (after the one running, if any).
    public func requestDiscovery(space: String) {
        if pending.insert(.space(space)) { continuation.yield(.space(space)) }
    }

    public func run() async throws {
        if let abandoned = try? await runner.store.write({ tx in try tx.topology.abandonRunningRuns(at: Date()) }), abandoned > 0 {
            logger.notice("discovery runs interrupted by the last stop marked failed", metadata: ["count": .stringConvertible(abandoned)])
        }
        await cancelWhenGracefulShutdown { [self] in
            await withDiscardingTaskGroup { group in
                group.addTask { [self] in
                    while !Task.isCancelled {
                        if pending.insert(.all) { continuation.yield(.all) }
                        try? await Task.sleep(for: interval)
                    }
                }
                for await request in requests {
                    if Task.isCancelled { break }
                    pending.remove(request)
                    await perform(request)
                }
                group.cancelAll()
            }
        }
        continuation.finish()
    }

    /// Runs every target of the request, one after another; a failure of one does not stop the rest.
    func perform(_ request: Request) async {
        let space: String? = if case .space(let id) = request { id } else { nil }
        let trigger = space == nil ? "schedule" : "association"
        let targets: [DiscoveryTarget]
        do {
            targets = try await provider.targets(space: space)
        } catch {
            logger.error("listing discovery targets failed", metadata: ["agentSpaceId": .string(space ?? "*"), "error": .string("\(error)")])
            return
        }
        for target in targets {
            if Task.isCancelled { return }
            do {
                try await runner.run(space: target.space, account: target.account, region: target.region, source: target.source,
                                     observed: target.observed, trigger: trigger)
            } catch {
                logger.error("discovery could not be recorded", metadata: [
                    "agentSpaceId": .string(target.space), "account": .string(target.account), "error": .string("\(error)")])
            }
        }
    }
}

/// Requests queued and not yet started, so a burst of the same request queues it once.
final class PendingRequests: @unchecked Sendable {
    // Guarded by `lock`.
    private var queued = Set<DiscoveryScheduler.Request>()
    private let lock = NSLock()

    func insert(_ request: DiscoveryScheduler.Request) -> Bool {
        lock.withLock { queued.insert(request).inserted }
    }

    func remove(_ request: DiscoveryScheduler.Request) {
        lock.withLock { _ = queued.remove(request) }
    }
}
