import Foundation

/// A small thread-safe map whose entries expire after a fixed lifetime; when full it starts over.
///
/// Vigil caches resolved access keys and compiled policy sets this way. Changes made by another
/// process (`vigil iam`) take effect when the entry expires, so lifetimes are a few seconds.
public final class ExpiringCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (value: Value, expires: ContinuousClock.Instant)] = [:]
    private let lifetime: Duration
    private let capacity: Int

    public init(lifetime: Duration, capacity: Int = 4096) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    public func get(_ key: String) -> Value? {
        let now = ContinuousClock.now
        return lock.withLock {
            guard let entry = entries[key] else { return nil }
            guard entry.expires > now else {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    public func put(_ key: String, _ value: Value) {
        let expires = ContinuousClock.now + lifetime
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (value, expires)
        }
    }
}
