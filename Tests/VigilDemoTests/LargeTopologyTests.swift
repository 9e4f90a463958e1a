import Foundation
import Testing
import VigilAnalysis
import VigilInvestigation
@testable import VigilDemo

/// The 100-service shop of the benchmark: alarms keep their margin over the larger topology's
/// normal levels, so they fire on the fault and not on normal operation, and the investigation
/// still ranks the injected fault first.
@Suite struct LargeTopologyTests {
    @Test func alarmThresholdsKeepTheirMarginOverNormalOperation() {
        let onset = DemoRunOnce.defaultAlarmTime - 600
        for scenario in DemoScenario.allCases {
            let reference = ShopSimulation(scenario: scenario, onset: onset)
            #expect(reference.alarm == scenario.alarm, "the reference shop keeps the written threshold")
            let large = ShopSimulation(model: .make(serviceCount: 100), scenario: scenario, onset: onset)
            let alarm = try! #require(large.alarm)
            #expect(alarm.threshold >= scenario.alarm.threshold)
            // Normal operation (the hour before the fault) never breaches; the fault does.
            #expect(large.alarmFiring(from: onset - 3600, until: onset) == nil, "\(scenario) alarm fires before its fault")
            #expect(large.alarmFiring(from: onset, until: onset + 3600) != nil, "\(scenario) alarm never fires")
        }
        // Latency adds up over callees: the storefront's alarm moves up on the larger shop.
        let leak = ShopSimulation(model: .make(serviceCount: 100), scenario: .memoryLeak, onset: onset)
        #expect((leak.alarm?.threshold ?? 0) > DemoScenario.memoryLeak.alarm.threshold)
    }

    @Test(arguments: DemoScenario.allCases)
    func runOnceAt100ServicesRanksTheInjectedFaultFirst(_ scenario: DemoScenario) async throws {
        let result = try await DemoRunOnce.run(scenario: scenario, reasoner: RootCauseReasoner(), serviceCount: 100)
        let top = try #require(result["hypotheses"]?[0])
        let ranking = (result["hypotheses"]?.arrayValue ?? []).prefix(3).map {
            "\($0["kind"]?.stringValue ?? "?")@\($0["entity"]?.stringValue ?? "?")"
        }
        #expect(top["entity"]?.stringValue == scenario.injected.entity, "ranking: \(ranking)")
        #expect(top["kind"]?.stringValue == scenario.injected.kind, "ranking: \(ranking)")
    }
}
