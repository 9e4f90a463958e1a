import Foundation
import Testing
@testable import VigilIntake

/// The small pieces that keep the per-delivery and per-alert work cheap, tested directly.
@Suite struct IntakeHotPathTests {
    @Test func prioritySpellingsAreTrimmedAndUpperCasedLikeFoundationWould() {
        let spellings = ["critical", " P1 ", "\tsev-2", "Warning\t", "info", "sev5", "", "  ", "bogus", "Ｐ１", "\u{00A0}high\u{00A0}", "crème"]
        for raw in spellings {
            #expect(PriorityName.key(raw) == raw.uppercased().trimmingCharacters(in: .whitespaces), "\(raw)")
        }
        #expect(PriorityName.normalize(" p1 ") == "CRITICAL" && PriorityName.normalize("Major") == "HIGH")
        #expect(PriorityName.normalize("\u{00A0}high\u{00A0}") == "HIGH")
        #expect(PriorityName.normalize(nil) == "MEDIUM" && PriorityName.normalize("whatever") == "MEDIUM")
    }

    @Test func anOpenedSecretIsReusedUntilItsSealedBytesChange() throws {
        let cache = OpenedSecretCache()
        var opened = 0
        let open = { (value: String) -> () throws -> String in { opened += 1; return value } }
        #expect(try cache.secret(webhookId: "wh-1", sealed: [1, 2, 3], open: open("first")) == "first")
        #expect(try cache.secret(webhookId: "wh-1", sealed: [1, 2, 3], open: open("not opened")) == "first")
        #expect(opened == 1)
        // Rotation stores new sealed bytes: the next delivery opens them, never the old secret.
        #expect(try cache.secret(webhookId: "wh-1", sealed: [9, 9], open: open("rotated")) == "rotated")
        #expect(try cache.secret(webhookId: "wh-2", sealed: [1, 2, 3], open: open("other webhook")) == "other webhook")
        #expect(opened == 3)
    }

    @Test func aSecretThatFailsToOpenIsNotRemembered() throws {
        struct Broken: Error {}
        let cache = OpenedSecretCache()
        #expect(throws: Broken.self) { try cache.secret(webhookId: "wh-1", sealed: [1]) { throw Broken() } }
        #expect(try cache.secret(webhookId: "wh-1", sealed: [1]) { "opened" } == "opened")
    }

    @Test func theSecretCacheStaysWithinItsCapacity() throws {
        let cache = OpenedSecretCache(capacity: 3)
        for i in 0..<10 { _ = try cache.secret(webhookId: "wh-\(i)", sealed: [UInt8(i)]) { "s\(i)" } }
        #expect(cache.count <= 3)
        #expect(try cache.secret(webhookId: "wh-9", sealed: [9]) { "reopened" } == "s9")
    }

    @Test func aWakeFlagRaisedTwiceAsksForOneWakeUpUntilLowered() {
        let flag = WakeFlag()
        #expect(flag.raise())
        #expect(!flag.raise())
        flag.lower()
        #expect(flag.raise())
    }
}
