/// The per-space quota of concurrent on-demand invocations (chat): 10 by default. A caller takes
/// a slot before the work and gives it back after; when none is free it is told so at once.
public actor OnDemandSlots {
    public nonisolated let limit: Int
    private var taken: [String: Int] = [:]

    public init(limit: Int = 10) { self.limit = limit }

    /// True when a slot was taken; false when the space already has `limit` invocations running.
    public func acquire(space: String) -> Bool {
        let current = taken[space, default: 0]
        guard current < limit else { return false }
        taken[space] = current + 1
        return true
    }

    public func release(space: String) {
        let current = taken[space, default: 0]
        taken[space] = current > 1 ? current - 1 : nil
    }

    public func inUse(space: String) -> Int { taken[space, default: 0] }

    /// Runs `work` holding one of the space's slots, given back however `work` ends; nil without
    /// running it when the space has no free slot.
    public nonisolated func holding<T: Sendable>(space: String, _ work: () async throws -> T) async rethrows -> T? {
        guard await acquire(space: space) else { return nil }
        do {
            let result = try await work()
            await release(space: space)
            return result
        } catch {
            await release(space: space)
            throw error
        }
    }
}

/// Whoever holds a server's on-demand slots (the investigation runner), so the chat operations
/// share one quota per space with everything else on-demand.
public protocol OnDemandSlotOwner: Sendable {
    var onDemandSlots: OnDemandSlots { get }
}
