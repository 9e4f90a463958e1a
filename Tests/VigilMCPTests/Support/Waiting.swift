import Foundation

/// Waits until `condition` holds, checking every 20 ms, for at most `limit` (a safety net against a
/// hung test, not a timing assertion: tests assert on what happened, not on how fast).
func waitUntil(_ limit: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + limit
    while clock.now < end {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}
