import Foundation
import Logging
import ServiceLifecycle
import VigilStore

/// Every ten minutes, forgets client tokens older than the idempotency window and removes expired
/// role sessions (their credentials are refused from expiry on; this only reclaims the rows).
struct StoreJanitor: Service {
    let store: Store
    let idempotencyWindow: TimeInterval
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = Date()
            let cutoff = now.addingTimeInterval(-idempotencyWindow)
            do {
                let (tokens, sessions) = try await store.write { tx in
                    (try tx.idempotency.purge(olderThan: cutoff), try tx.sessions.purge(expiredBefore: now))
                }
                if tokens + sessions > 0 {
                    logger.debug("store purged", metadata: ["clientTokens": .stringConvertible(tokens),
                                                            "expiredSessions": .stringConvertible(sessions)])
                }
            } catch {
                logger.error("purging the store failed", metadata: ["error": .string(String(describing: error))])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(600)) }
        }
    }
}
