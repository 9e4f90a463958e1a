import Foundation

/// Recently resolved access keys, so a burst of signed requests does not unseal the same secret
/// from the database on every call. Entries live for a short time; anything that disables or
/// deletes a key in this process calls `invalidate`; changes made by another process (`vigil iam`)
/// take effect when the entry expires, within five seconds.
final class CredentialCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (value: AccessKeys.Resolved, expires: ContinuousClock.Instant)] = [:]
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration = .seconds(5), capacity: Int = 4096) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func get(_ accessKeyId: String) -> AccessKeys.Resolved? {
        let now = ContinuousClock.now
        return lock.withLock {
            guard let entry = entries[accessKeyId] else { return nil }
            guard entry.expires > now else {
                entries[accessKeyId] = nil
                return nil
            }
            return entry.value
        }
    }

    func put(_ accessKeyId: String, _ value: AccessKeys.Resolved) {
        let expires = ContinuousClock.now + lifetime
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[accessKeyId] = (value, expires)
        }
    }

    func invalidate(_ accessKeyId: String) {
        lock.withLock { entries[accessKeyId] = nil }
    }
}
