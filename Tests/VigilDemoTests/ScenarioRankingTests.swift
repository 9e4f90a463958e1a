import Foundation
import Testing
import VigilAnalysis
import VigilAPIModel
import VigilInvestigation
@testable import VigilDemo

/// `vigil demo --scenario NAME --run-once`: for every scenario, the investigation — the real
/// analysis core reading only what the demo's sources return — ranks the injected resource first,
/// with the injected kind.
@Suite struct ScenarioRankingTests {
    @Test(arguments: DemoScenario.allCases)
    func runOnceRanksTheInjectedFaultFirst(_ scenario: DemoScenario) async throws {
        let result = try await DemoRunOnce.run(scenario: scenario, reasoner: RootCauseReasoner())
        #expect(result["status"]?.stringValue == "COMPLETED")
        let top = try #require(result["hypotheses"]?[0], "no hypothesis: \(result["verdict"] ?? .null)")
        let ranking = (result["hypotheses"]?.arrayValue ?? []).prefix(4).map {
            "\($0["kind"]?.stringValue ?? "?")@\($0["entity"]?.stringValue ?? "?") \($0["confidence"]?.doubleValue ?? 0)"
        }
        #expect(top["entity"]?.stringValue == scenario.injected.entity, "ranking: \(ranking)")
        #expect(top["kind"]?.stringValue == scenario.injected.kind, "ranking: \(ranking)")
        // Every step is journaled; a plan is proposed exactly when the analysis is decisive.
        let journal = result["journal"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for type in ["PLANNING", "SEARCHING", "ANALYSIS", "FINDING", "SUMMARY", "SUGGESTION"] {
            #expect(journal.contains(type), "journal lacks \(type): \(journal)")
        }
        let decisive = result["decisive"] == .bool(true)
        #expect(journal.contains("ACTION") == decisive)
        #expect(result["recommendations"]?.arrayValue?.count == (decisive ? 1 : 0))
    }

    @Test func aBadDeploymentIsDecisiveAndGetsARollbackPlan() async throws {
        let result = try await DemoRunOnce.run(scenario: .badDeployment, reasoner: RootCauseReasoner())
        #expect(result["decisive"] == .bool(true))
        #expect(result["statusReason"]?.stringValue == "Root cause: bad-deployment on checkout; mitigation plan proposed")
        #expect(result["recommendations"]?[0]?["title"]?.stringValue == "Mitigate bad-deployment on checkout")
        #expect(result["summary"]?.stringValue?.contains("Related change: deployment of checkout") == true)
        #expect((result["acceptedToRecommendationSeconds"]?.doubleValue ?? -1) > 0)
    }
}
