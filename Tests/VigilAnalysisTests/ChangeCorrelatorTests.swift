import Testing
import VigilTelemetry
@testable import VigilAnalysis

@Suite struct ChangeCorrelatorTests {
    @Test func changesShortlyBeforeOnsetCountAndCloserIsStronger() {
        let changes = [
            ChangeEvent(timestamp: 1000 - 3600, entity: "old", kind: "deployment", description: "too early"),
            ChangeEvent(timestamp: 1000 - 1500, entity: "far", kind: "deployment", description: "v1"),
            ChangeEvent(timestamp: 1000 - 60, entity: "near", kind: "config", description: "flag"),
            ChangeEvent(timestamp: 1100, entity: "after-onset", kind: "deployment", description: "rollback"),
        ]
        let found = ChangeCorrelator().correlate(changes, detectedAt: 1000, onset: 1000)
        #expect(found.map(\.entity) == ["far", "near"])
        #expect(found[1].score > found[0].score)
        #expect(found.allSatisfy { $0.score > 0.5 && $0.score <= 1 })
        // An onset after detectedAt extends the window up to it.
        #expect(ChangeCorrelator().correlate(changes, detectedAt: 1000, onset: 1200).map(\.entity) == ["far", "near", "after-onset"])
    }

    @Test func onlyTransitionsIntoAlarmCount() {
        let alarms = [AlarmEvent(timestamp: 5, entity: "a", name: "x", state: "OK"),
                      AlarmEvent(timestamp: 6, entity: "a", name: "x", state: "ALARM"),
                      AlarmEvent(timestamp: 50, entity: "b", name: "y", state: "firing")]
        #expect(AlarmDetector().detect(alarms, windowStart: 0, windowEnd: 10).map(\.timestamp) == [6])
    }
}
