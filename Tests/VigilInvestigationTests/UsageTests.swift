import Foundation
import Testing
import VigilStore
@testable import VigilInvestigation

@Suite struct UsageTests {
    @Test func runTimeIsCountedPerTypeInsideThePeriodAndLiveRunsUpToNow() throws {
        let world = try TestWorld()
        try world.addSpace("a")
        try world.addSpace("b")
        let at = { (s: Double) in Date(timeIntervalSince1970: s) }
        try world.store.writeNow { tx in
            let runs = tx.investigationRuns
            try runs.start(space: "a", executionId: "e1", taskId: "t1", taskType: "INVESTIGATION", attempt: 1, at: at(1_000))
            try runs.finish(space: "a", executionId: "e1", outcome: "COMPLETED", at: at(1_600))
            // Straddles the period's start: only the part inside counts.
            try runs.start(space: "b", executionId: "e2", taskId: "t2", taskType: "INVESTIGATION", attempt: 1, at: at(400))
            try runs.finish(space: "b", executionId: "e2", outcome: "FAILED", at: at(700))
            try runs.start(space: "b", executionId: "e3", taskId: "t3", taskType: "EVALUATION", attempt: 1, at: at(2_000))
            // Still live: counts up to now.
            try runs.start(space: "a", executionId: "e4", taskId: "t4", taskType: "INVESTIGATION", attempt: 1, at: at(2_500))
            // Outside the period.
            try runs.start(space: "a", executionId: "e5", taskId: "t5", taskType: "INVESTIGATION", attempt: 1, at: at(9_000))
            try runs.finish(space: "a", executionId: "e5", outcome: "COMPLETED", at: at(9_100))
        }
        let usage = try world.store.readNow { tx in try tx.investigationRuns.usageSeconds(from: at(500), to: at(5_000), now: at(3_000)) }
        // Seconds are summed as doubles: compare to within a microsecond.
        #expect(abs((usage["INVESTIGATION"] ?? 0) - (600 + 200 + 500)) < 1e-6)
        #expect(abs((usage["EVALUATION"] ?? 0) - 1_000) < 1e-6)
        let unfinished = try world.store.readNow { tx in try tx.investigationRuns.unfinished().map(\.executionId) }
        #expect(unfinished == ["e3", "e4"])
    }
}
