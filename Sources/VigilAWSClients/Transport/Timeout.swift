/// Runs `operation`, and throws `HTTPExecutorError.timedOut` (cancelling it) if it has not
/// finished within `duration`.
func withTimeout<T: Sendable>(
    _ duration: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: duration)
            throw HTTPExecutorError.timedOut
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw HTTPExecutorError.timedOut }
        return first
    }
}
