/// Which open task a new task should be linked to. Pure: topology arrives as a neighbour set.
public enum TaskLinker {
    public struct Candidate: Sendable, Equatable {
        public var taskId: String
        /// The resources of the task's alerts.
        public var resources: [String]
        public var createdAt: Double
        public var open: Bool
        public var linked: Bool
        public init(taskId: String, resources: [String], createdAt: Double, open: Bool, linked: Bool) {
            self.taskId = taskId
            self.resources = resources
            self.createdAt = createdAt
            self.open = open
            self.linked = linked
        }
    }

    public struct Link: Sendable, Equatable {
        public var primaryTaskId: String
        public var reason: String
    }

    /// The earliest open, unlinked task within the window one of whose resources is the new
    /// task's own resource or one of its topology neighbours. Linked tasks are never primaries,
    /// so links form stars, not chains.
    public static func primary(for resource: String?, now: Double, candidates: [Candidate], neighbours: Set<String>,
                               window: Double) -> Link? {
        guard let resource, window > 0 else { return nil }
        func match(_ c: Candidate) -> String? {
            c.resources.contains(resource) ? resource : c.resources.sorted().first { neighbours.contains($0) }
        }
        let eligible = candidates
            .filter { $0.open && !$0.linked && now - $0.createdAt <= window && now >= $0.createdAt - 1 && match($0) != nil }
            .sorted { ($0.createdAt, $0.taskId) < ($1.createdAt, $1.taskId) }
        guard let first = eligible.first, let matched = match(first) else { return nil }
        let relation = matched == resource ? "the same resource (\(resource))" : "\(matched), a topology neighbour of \(resource)"
        return Link(primaryTaskId: first.taskId,
                    reason: "Linked to task \(first.taskId): it is open, was created \(Int(now - first.createdAt)) s earlier (window \(Int(window)) s), and is about \(relation)")
    }
}
