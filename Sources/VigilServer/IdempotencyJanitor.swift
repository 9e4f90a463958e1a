import Foundation
import Logging
import ServiceLifecycle
import VigilStore

/// Forgets client tokens older than the idempotency window, every ten minutes.
struct IdempotencyJanitor: Service {
    let store: Store
    let window: TimeInterval
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let cutoff = Date().addingTimeInterval(-window)
            do {
                let removed = try await store.write { tx in try tx.idempotency.purge(olderThan: cutoff) }
                if removed > 0 { logger.debug("purged expired client tokens", metadata: ["count": .stringConvertible(removed)]) }
            } catch {
                logger.error("purging client tokens failed", metadata: ["error": .string(String(describing: error))])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(600)) }
        }
    }
}
