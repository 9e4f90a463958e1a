import Foundation
import Testing
@testable import VigilStore

/// A store in a fresh temporary directory, removed when the test ends.
final class TemporaryStore {
    let directory: String
    let store: Store

    init() throws {
        directory = NSTemporaryDirectory() + "vigil-store-\(UUID().uuidString)"
        store = try Store(directory: directory)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

private func doc(_ text: String) -> [UInt8] { Array("{\"v\":\"\(text)\"}".utf8) }

private func columns(_ status: String = "PENDING_START", rank: Int = 3, version: Int = 1) -> TaskTable.Columns {
    .init(status: status, priorityRank: rank, taskType: "INVESTIGATION", primaryTaskId: nil, version: version)
}

@Suite struct StoreTests {
    @Test func tasksOfOneSpaceAreInvisibleFromAnother() throws {
        let t = try TemporaryStore()
        try t.store.writeNow { tx throws in
            for space in ["a", "b"] { try tx.agentSpaces.insert(id: space, createdAt: Date(), doc: doc(space)) }
            try tx.tasks.insert(space: "a", id: "t1", createdAt: Date(), columns: columns(), doc: doc("t1"))
        }
        try t.store.readNow { tx throws in
            #expect(try tx.tasks.get(space: "a", id: "t1") != nil)
            #expect(try tx.tasks.get(space: "b", id: "t1") == nil)
            #expect(try tx.tasks.list(space: "b", filter: .init(), sortByPriority: false, order: .ascending, after: nil, limit: 10).items.isEmpty)
        }
    }

    @Test func keysetPaginationVisitsEveryRowOnceInBothOrders() throws {
        let t = try TemporaryStore()
        try t.store.writeNow { tx throws in
            try tx.agentSpaces.insert(id: "s", createdAt: Date(), doc: doc("s"))
            for i in 0..<23 {
                try tx.tasks.insert(space: "s", id: "t\(i)", createdAt: Date(), columns: columns(rank: i % 5 + 1), doc: doc("t\(i)"))
            }
        }
        for (byPriority, order) in [(false, ListOrder.ascending), (false, .descending), (true, .descending), (true, .ascending)] {
            var seen: [String] = []
            var cursor: PageCursor?
            repeat {
                let page = try t.store.readNow { tx throws in
                    try tx.tasks.list(space: "s", filter: .init(), sortByPriority: byPriority, order: order, after: cursor, limit: 5)
                }
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.count == 23)
            #expect(Set(seen).count == 23)
            if !byPriority {
                let expected = (0..<23).map { "t\($0)" }
                #expect(seen == (order == .ascending ? expected : expected.reversed()))
            }
        }
    }

    @Test func compareAndSetRefusesAStaleVersion() throws {
        let t = try TemporaryStore()
        try t.store.writeNow { tx throws in
            try tx.agentSpaces.insert(id: "s", createdAt: Date(), doc: doc("s"))
            try tx.tasks.insert(space: "s", id: "t", createdAt: Date(), columns: columns(), doc: doc("1"))
            #expect(try tx.tasks.update(space: "s", id: "t", expectedVersion: 1, columns: columns(version: 2), doc: doc("2")))
            #expect(try !tx.tasks.update(space: "s", id: "t", expectedVersion: 1, columns: columns(version: 2), doc: doc("x")))
            #expect(try tx.tasks.get(space: "s", id: "t")?.doc == doc("2"))
        }
    }

    @Test func deletingASpaceRemovesItsRowsAndLeavesATombstone() throws {
        let t = try TemporaryStore()
        try t.store.writeNow { tx throws in
            try tx.agentSpaces.insert(id: "s", createdAt: Date(), doc: doc("s"))
            try tx.tasks.insert(space: "s", id: "t", createdAt: Date(), columns: columns(), doc: doc("t"))
            try tx.tags.put("arn:s", ["k": "v"])
            #expect(try tx.agentSpaces.liveCount() == 1)
            try tx.agentSpaces.delete("s", at: Date(), arn: "arn:s")
            #expect(try tx.agentSpaces.get("s") == nil)
            #expect(try tx.agentSpaces.isTombstone("s"))
            #expect(try !tx.agentSpaces.isTombstone("never"))
            #expect(try tx.agentSpaces.liveCount() == 0)
            #expect(try tx.tasks.get(space: "s", id: "t") == nil)
            #expect(try tx.tags.get("arn:s").isEmpty)
        }
    }

    @Test func idempotencyRecordsExpireAfterTheWindow() throws {
        let t = try TemporaryStore()
        let start = Date(timeIntervalSince1970: 1_000_000)
        try t.store.writeNow { tx throws in
            try tx.idempotency.save(scope: "s", operation: "Op", token: "tok",
                                    record: .init(fingerprint: [1], status: 201, body: [2]), now: start)
            #expect(try tx.idempotency.find(scope: "s", operation: "Op", token: "tok", now: start.addingTimeInterval(100), window: 3600)?.status == 201)
            #expect(try tx.idempotency.find(scope: "other", operation: "Op", token: "tok", now: start, window: 3600) == nil)
            #expect(try tx.idempotency.find(scope: "s", operation: "Op", token: "tok", now: start.addingTimeInterval(3601), window: 3600) == nil)
        }
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        struct Boom: Error {}
        let t = try TemporaryStore()
        #expect(throws: Boom.self) {
            try t.store.writeNow { tx throws in
                try tx.agentSpaces.insert(id: "s", createdAt: Date(), doc: doc("s"))
                throw Boom()
            }
        }
        #expect(try t.store.readNow { tx in try tx.agentSpaces.get("s") } == nil)
    }

    @Test func expiredRoleSessionsArePurgedAndLiveOnesKept() throws {
        let t = try TemporaryStore()
        let now = Date(timeIntervalSince1970: 2_000_000)
        func session(_ id: String, expires: Date) -> SessionTable.Session {
            .init(accessKeyId: id, roleArn: "arn:aws:iam::123456789012:role/r", sessionName: "s", secretSealed: [1],
                  tokenHash: [2], sessionPolicy: nil, tags: ["k": "v"], expiresAt: expires, createdAt: now)
        }
        try t.store.writeNow { tx throws in
            try tx.sessions.insert(session("ASIAOLD", expires: now.addingTimeInterval(-1)))
            try tx.sessions.insert(session("ASIALIVE", expires: now.addingTimeInterval(60)))
            #expect(try tx.sessions.purge(expiredBefore: now) == 1)
            #expect(try tx.sessions.get("ASIAOLD") == nil)
            #expect(try tx.sessions.get("ASIALIVE")?.tags == ["k": "v"])
        }
    }
}
