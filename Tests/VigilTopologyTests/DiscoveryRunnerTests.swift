import Foundation
import Testing
import VigilDiscovery
import VigilStore
import VigilTopology

@Suite struct DiscoveryRunnerTests {
    typealias F = Fixture
    let space = TemporaryStore.space

    static func shop(withWorker: Bool = true, gaps: [String] = []) -> InventorySnapshot {
        var resources = [
            F.resource(F.apiFn, "AWS::Lambda::Function", "api", references: ["env:Q": F.queueURL]),
            F.resource(F.queueArn, "AWS::SQS::Queue", "orders", identifiers: [F.queueURL]),
        ]
        if withWorker {
            resources.append(F.resource(F.workerFn, "AWS::Lambda::Function", "worker", relations: [
                DeclaredRelation(kind: .readsFrom, target: F.queueArn, evidence: "event source mapping m1")]))
        }
        var snapshot = F.snapshot(resources)
        snapshot.gaps = gaps
        return snapshot
    }

    func runner(_ store: Store, _ clock: TestClock, deadline: Duration = .seconds(60)) -> DiscoveryRunner {
        DiscoveryRunner(store: store, options: .init(staleRetention: 86_400, deadline: deadline), now: { clock.now })
    }

    @Test func aSuccessfulRunStoresTheGraphAndItsRecord() async throws {
        let temp = try TemporaryStore()
        let clock = TestClock()
        let record = try await runner(temp.store, clock).run(space: space, account: F.account, region: F.region,
                                                             source: ScriptedSource([.snapshot(Self.shop())]))
        #expect(record.status == "succeeded")
        #expect(record.counts.nodesSeen == 3 && record.counts.nodesAdded == 3)
        #expect(record.counts.edgesSeen == 2 && record.counts.edgesAdded == 2)
        #expect(record.finishedAt == clock.now)
        let graph = try await temp.store.read { tx in try StoredTopology.load(tx, space: space) }
        #expect(graph.nodes.map(\.arn) == [F.apiFn, F.workerFn, F.queueArn])
        #expect(graph.edges.map(\.key) == [.init(from: F.apiFn, to: F.queueArn, kind: .writesTo),
                                           .init(from: F.workerFn, to: F.queueArn, kind: .readsFrom)])
        #expect(graph.edges.allSatisfy { $0.firstSeen == clock.now && $0.lastSeen == clock.now && $0.staleSince == nil })
        #expect(graph.edges.last?.evidence == ["event source mapping m1"])
    }

    @Test func aRepeatedRunUpdatesLastSeenAndMarksTheMissingStaleThenPurgesThem() async throws {
        let temp = try TemporaryStore()
        let clock = TestClock()
        let start = clock.now
        let runner = runner(temp.store, clock)
        try await runner.run(space: space, account: F.account, region: F.region, source: ScriptedSource([.snapshot(Self.shop())]))
        clock.advance(3600)
        let second = try await runner.run(space: space, account: F.account, region: F.region,
                                          source: ScriptedSource([.snapshot(Self.shop(withWorker: false))]))
        #expect(second.counts == {
            var c = TopologyMergeCounts()
            c.nodesSeen = 2; c.edgesSeen = 1; c.nodesStaled = 1; c.edgesStaled = 1
            return c
        }())
        let graph = try await temp.store.read { tx in try StoredTopology.load(tx, space: space) }
        let api = try #require(graph.node(F.apiFn))
        #expect(api.firstSeen == start && api.lastSeen == clock.now && api.staleSince == nil)
        let worker = try #require(graph.node(F.workerFn))
        #expect(worker.lastSeen == start && worker.staleSince == clock.now)
        let live = try await temp.store.read { tx in try StoredTopology.load(tx, space: space, includeStale: false) }
        #expect(live.nodes.map(\.arn) == [F.apiFn, F.queueArn])

        // Seen again: no longer stale.
        clock.advance(3600)
        try await runner.run(space: space, account: F.account, region: F.region, source: ScriptedSource([.snapshot(Self.shop())]))
        let back = try await temp.store.read { tx in try tx.topology.node(space: space, arn: F.workerFn) }
        #expect(back?.staleSince == nil && back?.firstSeen == start)

        // Missing for longer than the retention (1 day here): deleted.
        clock.advance(3600)
        try await runner.run(space: space, account: F.account, region: F.region, source: ScriptedSource([.snapshot(Self.shop(withWorker: false))]))
        clock.advance(86_400 + 1)
        let purge = try await runner.run(space: space, account: F.account, region: F.region, source: ScriptedSource([.snapshot(Self.shop(withWorker: false))]))
        #expect(purge.counts.nodesPurged == 1 && purge.counts.edgesPurged == 1)
        #expect(try await temp.store.read { tx in try tx.topology.node(space: space, arn: F.workerFn) } == nil)
    }

    @Test func aRunWithGapsIsPartialAndMarksNothingStale() async throws {
        let temp = try TemporaryStore()
        let clock = TestClock()
        let runner = runner(temp.store, clock)
        try await runner.run(space: space, account: F.account, region: F.region, source: ScriptedSource([.snapshot(Self.shop())]))
        clock.advance(60)
        let partial = try await runner.run(space: space, account: F.account, region: F.region, source: ScriptedSource([
            .snapshot(Self.shop(withWorker: false, gaps: ["Lambda:ListEventSourceMappings: AccessDenied: not allowed"]))]))
        #expect(partial.status == "partial")
        #expect(partial.gaps == ["Lambda:ListEventSourceMappings: AccessDenied: not allowed"])
        #expect(partial.counts.nodesStaled == 0 && partial.counts.edgesStaled == 0)
        let graph = try await temp.store.read { tx in try StoredTopology.load(tx, space: space, includeStale: false) }
        #expect(graph.nodes.count == 3 && graph.edges.count == 2)
    }

    @Test func aSourceThatFailsWritesNothingButTheRunRecord() async throws {
        let temp = try TemporaryStore()
        let clock = TestClock()
        let runner = runner(temp.store, clock)
        try await runner.run(space: space, account: F.account, region: F.region, source: ScriptedSource([.snapshot(Self.shop())]))
        let before = try await temp.store.read { tx in try StoredTopology.load(tx, space: space) }
        clock.advance(60)
        let failed = try await runner.run(space: space, account: F.account, region: F.region,
                                          source: ScriptedSource([.fail("SQS:ListQueues failed after 4 attempts: HTTP 500")]))
        #expect(failed.status == "failed")
        #expect(failed.error == "SQS:ListQueues failed after 4 attempts: HTTP 500")
        #expect(failed.counts == TopologyMergeCounts())
        let after = try await temp.store.read { tx in try StoredTopology.load(tx, space: space) }
        #expect(after == before)
        let runs = try await temp.store.read { tx in try tx.topology.runs(space: space, limit: 10) }
        #expect(runs.map(\.status) == ["failed", "succeeded"])
    }

    @Test func aHangingSourceFailsAtTheDeadline() async throws {
        let temp = try TemporaryStore()
        let record = try await runner(temp.store, TestClock(), deadline: .milliseconds(200)).run(
            space: space, account: F.account, region: F.region, source: ScriptedSource([.hang]))
        #expect(record.status == "failed")
        #expect(record.error?.contains("the inventory read did not finish within") == true)
        #expect(try await temp.store.read { tx in try tx.topology.nodes(space: space) }.isEmpty)
    }

    @Test func aRunThatReadNothingButGapsFailsAndKeepsTheGraph() async throws {
        let temp = try TemporaryStore()
        let clock = TestClock()
        let runner = runner(temp.store, clock)
        try await runner.run(space: space, account: F.account, region: F.region, source: ScriptedSource([.snapshot(Self.shop())]))
        var nothing = F.snapshot([])
        nothing.gaps = ["SQS:ListQueues: STS AssumeRole failed: AccessDenied", "SNS:ListTopics: STS AssumeRole failed: AccessDenied"]
        let record = try await runner.run(space: space, account: F.account, region: F.region, source: ScriptedSource([.snapshot(nothing)]))
        #expect(record.status == "failed")
        #expect(record.error == "no resource could be read (2 failed reads); first: SQS:ListQueues: STS AssumeRole failed: AccessDenied")
        #expect(record.gaps == nothing.gaps)
        let live = try await temp.store.read { tx in try StoredTopology.load(tx, space: space, includeStale: false) }
        #expect(live.nodes.count == 3 && live.edges.count == 2)
    }

    @Test func anInventoryOfAnotherAccountIsRefused() async throws {
        let temp = try TemporaryStore()
        let record = try await runner(temp.store, TestClock()).run(
            space: space, account: "999999999999", region: F.region, source: ScriptedSource([.snapshot(Self.shop())]))
        #expect(record.status == "failed")
        #expect(record.error == "the inventory source answered for account \(F.account) region \(F.region), not 999999999999 \(F.region)")
        #expect(try await temp.store.read { tx in try tx.topology.nodes(space: space) }.isEmpty)
    }

    @Test func aFailedObservedEdgeReadIsAGapNotAFailure() async throws {
        struct BrokenXRay: ObservedEdgeSource {
            func edges(start: Date, end: Date) async throws -> [ObservedEdge] { throw ScriptedError(message: "ThrottlingException") }
        }
        struct XRay: ObservedEdgeSource {
            func edges(start: Date, end: Date) async throws -> [ObservedEdge] {
                [ObservedEdge(from: "api", to: F.workerFn, evidence: "X-Ray service graph \(Int(start.timeIntervalSince1970))..\(Int(end.timeIntervalSince1970))")]
            }
        }
        let temp = try TemporaryStore()
        let clock = TestClock()
        var shop = Self.shop()
        shop.resources[0].identifiers = ["api"]
        let broken = try await runner(temp.store, clock).run(space: space, account: F.account, region: F.region,
                                                             source: ScriptedSource([.snapshot(shop)]), observed: BrokenXRay())
        #expect(broken.status == "partial" && broken.gaps == ["XRay:GetServiceGraph: ThrottlingException"])
        let observed = try await runner(temp.store, clock).run(space: space, account: F.account, region: F.region,
                                                               source: ScriptedSource([.snapshot(shop)]), observed: XRay())
        #expect(observed.status == "succeeded")
        let end = Int(clock.now.timeIntervalSince1970)
        let edge = try await temp.store.read { tx in try StoredTopology.load(tx, space: space) }.outgoing(F.apiFn).first { $0.kind == .invokes }
        #expect(edge?.evidence == ["X-Ray service graph \(end - 3600)..\(end)"])
    }

    @Test func anUnknownSpaceIsAStoreErrorNotARun() async throws {
        let temp = try TemporaryStore()
        await #expect(throws: (any Error).self) {
            try await runner(temp.store, TestClock()).run(space: "no-such-space", account: F.account, region: F.region,
                                                         source: ScriptedSource([.snapshot(Self.shop())]))
        }
    }

    @Test func spacesAreIsolated() async throws {
        let temp = try TemporaryStore()
        try await temp.store.write { tx in try tx.agentSpaces.insert(id: "space-2", createdAt: Date(), doc: Array("{}".utf8)) }
        try await runner(temp.store, TestClock()).run(space: space, account: F.account, region: F.region,
                                                     source: ScriptedSource([.snapshot(Self.shop())]))
        let other = try await temp.store.read { tx in try StoredTopology.load(tx, space: "space-2") }
        #expect(other.nodes.isEmpty && other.edges.isEmpty)
    }
}
