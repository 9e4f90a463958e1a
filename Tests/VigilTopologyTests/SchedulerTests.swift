import Foundation
import Testing
import VigilDiscovery
import VigilStore
import VigilTopology

@Suite struct SchedulerTests {
    typealias F = Fixture

    /// Targets of the one test space, counting how often each scope was asked for.
    final class Targets: DiscoveryTargetProvider, @unchecked Sendable {
        private let lock = NSLock()
        private var asked: [String?] = []
        var requests: [String?] { lock.withLock { asked } }

        func targets(space: String?) async throws -> [DiscoveryTarget] {
            lock.withLock { asked.append(space) }
            if let space, space != TemporaryStore.space { return [] }
            return [DiscoveryTarget(space: TemporaryStore.space, account: F.account, region: F.region,
                                    source: ScriptedSource([.snapshot(DiscoveryRunnerTests.shop())]))]
        }
    }

    /// Polls the store until `count` runs finished; the bound only keeps a broken scheduler from hanging the suite.
    func finishedRuns(_ store: Store, atLeast count: Int) async throws -> [DiscoveryRunRow] {
        for _ in 0..<600 {
            let runs = try await store.read { tx in try tx.topology.runs(space: TemporaryStore.space, limit: 50) }
                .filter { $0.status != "running" }
            if runs.count >= count { return runs }
            try await Task.sleep(for: .milliseconds(50))
        }
        return []
    }

    @Test func runsAtStartThenOnRequestAndMarksInterruptedRunsFailed() async throws {
        let temp = try TemporaryStore()
        // A run the previous process left open.
        try await temp.store.write { tx in
            try tx.topology.startRun(space: TemporaryStore.space, id: "left-open", account: F.account, region: F.region,
                                     trigger: "schedule", at: Date(timeIntervalSince1970: 1))
        }
        let targets = Targets()
        let scheduler = DiscoveryScheduler(runner: DiscoveryRunner(store: temp.store), provider: targets, interval: .seconds(3600))
        let task = Task { try await scheduler.run() }
        let first = try await finishedRuns(temp.store, atLeast: 2)
        #expect(first.map(\.trigger).sorted() == ["schedule", "schedule"])
        let interrupted = try #require(first.first { $0.id == "left-open" })
        #expect(interrupted.status == "failed" && interrupted.error == "interrupted: Vigil stopped during the run")

        scheduler.requestDiscovery(space: TemporaryStore.space)
        let second = try await finishedRuns(temp.store, atLeast: 3)
        #expect(second.first?.trigger == "association" && second.first?.status == "succeeded")
        task.cancel()
        _ = await task.result
        #expect(targets.requests == [nil, TemporaryStore.space])
    }
}
