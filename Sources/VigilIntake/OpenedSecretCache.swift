import Foundation

/// Webhook secrets already opened, keyed by webhook id and the exact sealed bytes they came from,
/// so a delivery does not pay for key derivation and decryption each time, while a rotation (new
/// sealed bytes) or a removal (no record found, nothing looked up) takes effect on the next
/// delivery. Bounded: when full it starts over.
final class OpenedSecretCache: @unchecked Sendable {
    private struct Entry {
        var sealed: [UInt8]
        var secret: String
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// The secret opened from `sealed` for `webhookId`, opening it (outside the lock) when not known.
    func secret(webhookId: String, sealed: [UInt8], open: () throws -> String) rethrows -> String {
        if let known = lock.withLock({ entries[webhookId] }), known.sealed == sealed { return known.secret }
        let secret = try open()
        lock.withLock {
            if entries.count >= capacity, entries[webhookId] == nil { entries.removeAll(keepingCapacity: true) }
            entries[webhookId] = Entry(sealed: sealed, secret: secret)
        }
        return secret
    }

    var count: Int { lock.withLock { entries.count } }
}
