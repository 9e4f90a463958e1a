/// Runs `transform` over `items` with at most `limit` in flight (structured concurrency: every
/// child finishes or is cancelled before this returns). Results keep the input order.
func boundedMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], limit: Int, _ transform: @escaping @Sendable (Item) async throws -> Result
) async throws -> [Result] {
    guard !items.isEmpty else { return [] }
    let width = max(1, min(limit, items.count))
    return try await withThrowingTaskGroup(of: (Int, Result).self) { group in
        var results = [Result?](repeating: nil, count: items.count)
        var next = 0
        func start() {
            let index = next
            let item = items[index]
            group.addTask { (index, try await transform(item)) }
            next += 1
        }
        for _ in 0..<width { start() }
        while let (index, result) = try await group.next() {
            results[index] = result
            if next < items.count { start() }
        }
        return results.compactMap { $0 }
    }
}

/// Splits `items` into consecutive batches of at most `size` (Describe* calls that take N ids).
func batches<Item>(_ items: [Item], of size: Int) -> [[Item]] {
    stride(from: 0, to: items.count, by: max(1, size)).map { Array(items[$0..<min($0 + max(1, size), items.count)]) }
}

/// `boundedMap` for a body that cannot fail (the telemetry collectors turn failures into gaps).
/// Only a throwing body can make the group throw, so the `try?` never discards anything.
func concurrentMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async -> Result
) async -> [Result] {
    (try? await boundedMap(items, limit: limit) { await body($0) }) ?? []
}
