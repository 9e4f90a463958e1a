import Foundation
import Testing
@testable import VigilAnalysis

@Suite struct LogTemplateMinerTests {
    @Test func sameEventWithDifferentVariablesIsOneCluster() {
        let miner = LogTemplateMiner()
        let a = miner.add("PacketResponder 1 for block blk_38865049064139660 terminating")
        let b = miner.add("PacketResponder 0 for block blk_-6952295868487656571 terminating")
        let c = miner.add("Received block blk_1 of size 67108864 from /10.251.74.134")
        let d = miner.add("Received block blk_2 of size 1024 from /10.251.109.236")
        #expect(a.clusterId == b.clusterId)
        #expect(c.clusterId == d.clusterId)
        #expect(a.clusterId != c.clusterId)
        #expect(b.template == "PacketResponder <*> for block <*> terminating")
        #expect(d.template == "Received block <*> of size <*> from <*>")
        #expect(a.change == .created && b.change == .none)
        #expect(d.clusterSize == 2)
        #expect(miner.clusterCount == 2)
    }

    @Test func differentEventsOfTheSameLengthStayApart() {
        let miner = LogTemplateMiner()
        let start = miner.add("cupsd startup succeeded")
        let stop = miner.add("cupsd shutdown succeeded")
        let start2 = miner.add("cupsd startup succeeded")
        #expect(start.clusterId != stop.clusterId)
        #expect(start2.clusterId == start.clusterId)
        #expect(stop.template == "cupsd shutdown succeeded")
        // A different first word never joins.
        let x = miner.add("session opened for user alice")
        let y = miner.add("connection opened for user alice")
        #expect(x.clusterId != y.clusterId)
        // Mostly different words: no join either.
        let p = miner.add("disk quota exceeded on volume")
        let q = miner.add("disk controller reset by driver")
        #expect(p.clusterId != q.clusterId)
    }

    @Test func templateGeneralisesWhenAWordPositionShowsManyValues() {
        let miner = LogTemplateMiner() // distinctValuesForVariable = 3
        let admin = miner.add("Invalid user admin from 1.2.3.4")
        let test = miner.add("Invalid user test from 5.6.7.8")
        #expect(admin.clusterId != test.clusterId) // two values: could still be two events
        let oracle = miner.add("Invalid user oracle from 9.9.9.9")
        #expect(oracle.template == "Invalid user <*> from <*>")
        #expect(oracle.change == .generalized)
        #expect(oracle.clusterId == admin.clusterId) // the oldest cluster survives
        #expect(oracle.merges == [LogClusterMerge(from: test.clusterId, into: admin.clusterId)])
        #expect(oracle.clusterSize == 3)
        #expect(miner.resolve(test.clusterId) == admin.clusterId)
        #expect(miner.cluster(id: test.clusterId)?.template == "Invalid user <*> from <*>")
        let later = miner.add("Invalid user zed from 1.1.1.1")
        #expect(later.clusterId == admin.clusterId && later.change == .none)
    }

    @Test func aMaskedValueMakesAVariableAtOnce() {
        let miner = LogTemplateMiner()
        let a = miner.add("Failed none for invalid user bob from 1.2.3.4 port 22 ssh2")
        let b = miner.add("Failed none for invalid user 0 from 1.2.3.4 port 22 ssh2")
        #expect(a.clusterId == b.clusterId)
        #expect(b.template == "Failed none for invalid user <*> from <*> port <*> ssh2")
    }

    @Test func classicDrainBehaviourWithTwoDistinctValues() {
        let miner = LogTemplateMiner(configuration: .init(distinctValuesForVariable: 2))
        let a = miner.add("cupsd startup succeeded")
        let b = miner.add("cupsd shutdown succeeded")
        #expect(a.clusterId == b.clusterId)
        #expect(b.template == "cupsd <*> succeeded")
    }

    @Test func shapesWithTheSameConstantWordsShareAnId() {
        let miner = LogTemplateMiner()
        let short = miner.add("host:80 close, 785 bytes sent, 145 bytes received, lifetime 00:12")
        let long = miner.add("host:80 close, 2034 bytes (1.98 KB) sent, 4206 bytes (4.10 KB) received, lifetime <1 sec")
        #expect(long.clusterId == short.clusterId)
        #expect(long.template == short.template)
        // Other words, other event.
        let other = miner.add("host:80 error, 785 bytes lost, 145 bytes dropped, lifetime 00:12")
        #expect(other.clusterId != short.clusterId)
    }

    @Test func deterministic() {
        let lines = sampleLines(seed: 7, count: 400)
        func run() -> [String] {
            let miner = LogTemplateMiner()
            return lines.map { let m = miner.add($0); return "\(m.clusterId)\t\(m.template)" }
        }
        let first = run()
        #expect(first == run())
        #expect(Set(first).count > 5)
    }

    @Test func lruCapEvictsTheLeastRecentlyUsedCluster() {
        let miner = LogTemplateMiner(configuration: .init(maxClusters: 3))
        let a = miner.add("alpha service started").clusterId
        let b = miner.add("bravo disk mounted").clusterId
        let c = miner.add("charlie link down").clusterId
        miner.add("alpha service started") // a is now the most recently used; b the least
        let d = miner.add("delta fan failed").clusterId
        #expect(miner.clusterCount == 3)
        #expect(miner.cluster(id: b) == nil)
        #expect(miner.cluster(id: a) != nil && miner.cluster(id: c) != nil && miner.cluster(id: d) != nil)
        // An evicted event comes back under a new id: ids are never reused.
        let b2 = miner.add("bravo disk mounted").clusterId
        #expect(b2 != b && b2 > d)
        #expect(miner.cluster(id: c) == nil)
        #expect(miner.clusterCount == 3)
        // Many distinct events stay within the cap.
        for i in 0..<200 { miner.add("event\(String(repeating: "x", count: i % 50)) kind\(String(repeating: "y", count: i / 50)) done") }
        #expect(miner.clusterCount == 3)
    }

    @Test func snapshotRoundTripKeepsIdsAndContinuesIdentically() throws {
        let lines = sampleLines(seed: 3, count: 600)
        let whole = LogTemplateMiner()
        let expected = lines.map { whole.add($0) }

        let first = LogTemplateMiner()
        var got = lines[..<300].map { first.add($0) }
        let data = try JSONEncoder().encode(first.snapshot())
        let snapshot = try JSONDecoder().decode(LogTemplateMinerSnapshot.self, from: data)
        #expect(snapshot == first.snapshot())
        #expect(snapshot.version == LogTemplateMinerSnapshot.formatVersion)
        let restored = try LogTemplateMiner(snapshot: snapshot)
        #expect(restored.clusters == first.clusters)
        #expect(restored.messageCount == 300)
        got += lines[300...].map { restored.add($0) }
        #expect(got == expected)
        #expect(restored.clusters == whole.clusters)
        #expect(restored.snapshot() == whole.snapshot())
    }

    @Test func snapshotRoundTripUnderTheLRUCap() throws {
        let lines = sampleLines(seed: 11, count: 500)
        let config = LogTemplateMinerConfiguration(maxClusters: 4)
        let whole = LogTemplateMiner(configuration: config)
        let expected = lines.map { whole.add($0).clusterId }
        let first = LogTemplateMiner(configuration: config)
        var got = lines[..<250].map { first.add($0).clusterId }
        let restored = try LogTemplateMiner(snapshot: first.snapshot())
        got += lines[250...].map { restored.add($0).clusterId }
        #expect(got == expected)
        #expect(Set(expected).count > 4) // evictions happened
    }

    @Test func snapshotVersionAndConsistencyAreChecked() throws {
        let miner = LogTemplateMiner()
        miner.add("a b c 1")
        var s = miner.snapshot()
        s.version = 99
        #expect(throws: LogTemplateMinerError.unsupportedSnapshotVersion(99)) { try LogTemplateMiner(snapshot: s) }
        let future = Data(#"{"version": 2, "format": "something else"}"#.utf8)
        #expect(throws: LogTemplateMinerError.unsupportedSnapshotVersion(2)) {
            try JSONDecoder().decode(LogTemplateMinerSnapshot.self, from: future)
        }
        s = miner.snapshot()
        s.clusters[0].family = 42
        #expect(throws: LogTemplateMinerError.self) { try LogTemplateMiner(snapshot: s) }
        s = miner.snapshot()
        s.families[0].kinds = "ww"
        #expect(throws: LogTemplateMinerError.self) { try LogTemplateMiner(snapshot: s) }
    }

    @Test func malformedUTF8AndEmptyMessages() {
        let miner = LogTemplateMiner()
        let bad: [UInt8] = Array("bad byte ".utf8) + [0xFF, 0xFE, 0x80] + Array(" here".utf8)
        let m1 = miner.add(bytes: bad)
        let m2 = miner.add(bytes: bad)
        #expect(m1.clusterId == m2.clusterId)
        #expect(m1.template.contains("\u{FFFD}"))
        #expect(m1.template.hasPrefix("bad byte "))
        let truncatedSequence = miner.add(bytes: Array("cut \u{00E9}".utf8).dropLast())
        #expect(truncatedSequence.template.hasPrefix("cut"))
        let e1 = miner.add("")
        let e2 = miner.add("   \t ")
        #expect(e1.template == "")
        #expect(e1.clusterId == e2.clusterId)
        #expect(e1.clusterId != m1.clusterId)
    }

    @Test func veryLongMessagesAreBounded() {
        let config = LogTemplateMinerConfiguration(maxTokens: 64, maxMessageBytes: 4096)
        let miner = LogTemplateMiner(configuration: config)
        let words = (0..<100_000).map { "w\(String(UnicodeScalar(UInt8(97 + $0 % 26))))" }.joined(separator: " ")
        let m = miner.add(words)
        #expect(LogTemplateMiner.maskedTokens(words, configuration: config).count <= 64)
        #expect(m.template.split(separator: " ").count <= 64)
        #expect(m.template.hasSuffix("<*>"))
        // Messages that differ only past the byte limit are the same message.
        let a = String(repeating: "abc ", count: 2000) + "tail one"
        let b = String(repeating: "abc ", count: 2000) + "tail two"
        #expect(miner.add(a).clusterId == miner.add(b).clusterId)
        // A single huge token is fine too.
        let huge = miner.add(String(repeating: "z", count: 1_000_000))
        #expect(huge.template.utf8.count <= 4096 + 4)
    }

    @Test func matchDoesNotLearn() {
        let miner = LogTemplateMiner()
        let a = miner.add("worker 7 finished job 42")
        #expect(miner.match("worker 9 finished job 1")?.clusterId == a.clusterId)
        #expect(miner.match("worker 9 crashed hard now") == nil)
        #expect(miner.clusterCount == 1)
        #expect(miner.cluster(id: a.clusterId)?.size == 1)
    }
}

/// A deterministic mix of events with variables (a small LCG, no randomness from the system).
func sampleLines(seed: UInt64, count: Int) -> [String] {
    var state = seed
    func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(n))
    }
    let users = ["root", "admin", "guest", "test", "oracle", "bob", "carol"]
    let states = ["NEW", "RUNNING", "DONE"]
    return (0..<count).map { _ in
        switch next(8) {
        case 0: return "Accepted password for \(users[next(users.count)]) from 10.0.\(next(255)).\(next(255)) port \(next(65535)) ssh2"
        case 1: return "Invalid user \(users[next(users.count)]) from 192.168.\(next(255)).\(next(255))"
        case 2: return "task_\(next(100000)) Transitioned from \(states[next(3)]) to \(states[next(3)])"
        case 3: return "Deleting block blk_\(next(1_000_000)) file /data/current/subdir\(next(64))/blk_\(next(1_000_000))"
        case 4: return "cache flush took \(next(900)) ms for \(next(100)) entries"
        case 5: return "worker-\(next(8)) heartbeat ok"
        case 6: return "link \(["up", "down"][next(2)]) on eth\(next(4))"
        default: return "request id=\(next(99999)) path=/api/v\(next(3))/items status=\(200 + next(3) * 100)"
        }
    }
}
