/// The per-space quota of concurrent on-demand invocations (chat): 10 by default. A caller takes
/// a slot before the work and gives it back after; when none is free it is told so at once.
public actor OnDemandSlots {
    public let limit: Int
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
}
