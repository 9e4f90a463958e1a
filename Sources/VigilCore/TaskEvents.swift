/// Told when a backlog task needs the investigation runner's attention (created by the API or by
/// intake, re-queued by a person, canceled). The runner implements it; writers call it after their
/// transaction commits. A missed notification only delays work: the runner also scans the store.
public protocol TaskEvents: Sendable {
    func taskChanged(space: String, taskId: String)
}

/// For tools and tests that write tasks with no runner attached.
public struct NoTaskEvents: TaskEvents {
    public init() {}
    public func taskChanged(space: String, taskId: String) {}
}
