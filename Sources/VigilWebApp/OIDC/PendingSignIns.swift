import Foundation
import VigilOAuth

/// Sign-ins between the redirect to the issuer and the callback, keyed by `state`: kept on the
/// server, used at most once, forgotten after `lifetime`. A restart forgets them (start again).
public actor PendingSignIns {
    public struct Pending: Sendable, Equatable {
        public var space: String
        public var nonce: String
        public var pkce: PKCE
        public var redirectURI: String
        public var expiresAt: Date
    }

    public let lifetime: TimeInterval
    /// Bounds memory against a flood of unfinished starts; the oldest are dropped first.
    public let capacity: Int
    private var pending: [String: Pending] = [:]

    public init(lifetime: TimeInterval = 600, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    public func remember(state: String, space: String, nonce: String, pkce: PKCE, redirectURI: String, now: Date = Date()) {
        pending = pending.filter { $0.value.expiresAt > now }
        if pending.count >= capacity, let oldest = pending.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
            pending[oldest.key] = nil
        }
        pending[state] = Pending(space: space, nonce: nonce, pkce: pkce, redirectURI: redirectURI, expiresAt: now.addingTimeInterval(lifetime))
    }

    /// The sign-in `state` belongs to, removed so it cannot be used twice; nil if unknown or expired.
    public func take(state: String, now: Date = Date()) -> Pending? {
        guard let found = pending.removeValue(forKey: state), found.expiresAt > now else { return nil }
        return found
    }
}
