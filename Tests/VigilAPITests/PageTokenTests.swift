import Crypto
import Testing
import VigilCore
import VigilStore
@testable import VigilAPI

@Suite struct PageTokenTests {
    let tokens = PageTokens(key: SymmetricKey(size: .bits256))
    let cursor = PageCursor(sortKey: 4, seq: 42)

    @Test func roundTripsForTheSameRequest() throws {
        let token = try #require(tokens.make(cursor, operation: "ListBacklogTasks", scope: "s1", query: "q"))
        #expect(try tokens.read(token, operation: "ListBacklogTasks", scope: "s1", query: "q") == cursor)
        #expect(tokens.make(nil, operation: "ListBacklogTasks", scope: "s1", query: "q") == nil)
    }

    @Test func refusesAnotherSpaceOperationQueryOrKey() throws {
        let token = try #require(tokens.make(cursor, operation: "ListBacklogTasks", scope: "s1", query: "q"))
        for (operation, scope, query) in [("ListBacklogTasks", "s2", "q"), ("ListGoals", "s1", "q"), ("ListBacklogTasks", "s1", "other")] {
            #expect(throws: APIError.self) { try tokens.read(token, operation: operation, scope: scope, query: query) }
        }
        let other = PageTokens(key: SymmetricKey(size: .bits256))
        #expect(throws: APIError.self) { try other.read(token, operation: "ListBacklogTasks", scope: "s1", query: "q") }
    }

    @Test func refusesTamperedAndGarbageTokens() throws {
        let token = try #require(tokens.make(cursor, operation: "Op", scope: "s", query: ""))
        var chars = Array(token)
        chars[5] = chars[5] == "A" ? "B" : "A"
        for bad in [String(chars), "garbage", "", String(repeating: "x", count: 3000)] {
            do {
                _ = try tokens.read(bad, operation: "Op", scope: "s", query: "")
                Issue.record("accepted \(bad.prefix(20))")
            } catch {
                #expect(error.code == "ValidationException")
                #expect(error.fieldList?.first?.path == "nextToken")
            }
        }
    }
}
