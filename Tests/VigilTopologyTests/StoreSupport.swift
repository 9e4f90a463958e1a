import Foundation
import VigilStore
import VigilTopology

/// A fresh store in a temporary directory with one agent space, removed when released.
final class TemporaryStore: @unchecked Sendable {
    let directory: String
    let store: Store
    static let space = "space-1"

    init() throws {
        directory = NSTemporaryDirectory() + "vigil-topology-\(UUID().uuidString)"
        store = try Store(directory: directory)
        try store.writeNow { tx in
            try tx.agentSpaces.insert(id: Self.space, createdAt: Date(), doc: Array("{}".utf8))
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// An inventory source that answers from a list, one snapshot per call, or fails as told.
actor ScriptedSource: InventorySource {
    enum Step: Sendable {
        case snapshot(InventorySnapshot)
        case fail(String)
        case hang
    }

    private var steps: [Step]
    init(_ steps: [Step]) { self.steps = steps }

    func readInventory() async throws -> InventorySnapshot {
        let step = steps.isEmpty ? .fail("no more scripted answers") : steps.removeFirst()
        switch step {
        case .snapshot(let snapshot): return snapshot
        case .fail(let message): throw ScriptedError(message: message)
        case .hang:
            try await Task.sleep(for: .seconds(3600))
            throw ScriptedError(message: "woke up")
        }
    }
}

struct ScriptedError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A settable clock for lastSeen / staleness expectations.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
