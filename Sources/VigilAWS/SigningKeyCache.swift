import Crypto
import Foundation

/// Derived SigV4 signing keys, keyed by (SHA-256 of the secret, date, region, service), kept
/// as an HMAC already keyed with the signing key (so a verification only hashes the string to
/// sign). Thread-safe; holds at most `capacity` keys and evicts the oldest first. A capacity of
/// 0 disables caching. Secrets themselves are never stored.
final class SigningKeyCache: @unchecked Sendable {
    private struct Key: Hashable {
        var secretHash: SHA256Digest
        var date: String
        var region: String
        var service: String
    }

    let capacity: Int
    private let lock = NSLock()
    private var entries: [Key: HMAC<SHA256>] = [:]
    private var insertionOrder: [Key] = []
    private var oldest = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    func keyedHMAC(secretAccessKey: String, date: String, region: String, service: String) -> HMAC<SHA256> {
        guard capacity > 0 else {
            return HMAC<SHA256>(key: SigV4.signingKey(secretAccessKey: secretAccessKey, date: date, region: region, service: service))
        }
        let key = Key(secretHash: SHA256.hash(data: Array(secretAccessKey.utf8)), date: date, region: region, service: service)
        if let cached = lock.withLock({ entries[key] }) {
            return cached
        }
        let derived = HMAC<SHA256>(key: SigV4.signingKey(secretAccessKey: secretAccessKey, date: date, region: region, service: service))
        lock.withLock {
            guard entries[key] == nil else { return }
            if insertionOrder.count < capacity {
                insertionOrder.append(key)
            } else {
                entries[insertionOrder[oldest]] = nil
                insertionOrder[oldest] = key
                oldest = (oldest + 1) % capacity
            }
            entries[key] = derived
        }
        return derived
    }

    var count: Int { lock.withLock { entries.count } }

    func removeAll() {
        lock.withLock {
            entries.removeAll()
            insertionOrder.removeAll()
            oldest = 0
        }
    }
}
