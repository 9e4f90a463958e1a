import Foundation
import Testing
import VigilAnalysis
import VigilAPIModel
import VigilTelemetry
import VigilTopology
@testable import VigilInvestigation

@Suite struct PlanningTests {
    func hypothesis(_ kind: String, _ entity: String = "orders-db") -> Hypothesis {
        Hypothesis(entity: entity, kind: kind, confidence: 0.7,
                   evidence: [Evidence(kind: "metric-anomaly", entity: entity, summary: "\(entity) DatabaseConnections up 3x", score: 0.8,
                                       metric: "DatabaseConnections")])
    }

    @Test(arguments: ["bad-deployment", "connection-exhaustion", "throttling", "memory-leak", "certificate-expiry",
                      "cpu-saturation", "latency", "errors", "config-change", "unknown"])
    func everyKindGetsNumberedStepsWithRiskVerificationRollbackAndSpec(_ kind: String) {
        let plan = MitigationPlanner.plan(for: hypothesis(kind), changes: [])
        #expect(plan.steps.count >= 2)
        #expect(plan.steps.map(\.number) == Array(1...plan.steps.count))
        #expect(plan.steps.allSatisfy { !$0.risk.isEmpty && !$0.verification.isEmpty })
        #expect(plan.summary.contains("Rollback: "))
        #expect(plan.spec.contains("orders-db"))
        #expect(plan.spec.contains("## "))
    }

    @Test func aDeploymentPlanNamesTheChangeToRevert() {
        let change = CorrelatedChange(change: ChangeEvent(timestamp: 0, entity: "checkout", kind: "deployment", description: "v2",
                                                          reference: "ecs-deployment/checkout/1"), leadSeconds: 50, relation: "same-resource")
        let plan = MitigationPlanner.plan(for: hypothesis("bad-deployment", "checkout"), changes: [change])
        #expect(plan.steps[1].action == "Roll checkout back to the version before ecs-deployment/checkout/1.")
        #expect(plan.spec.contains("Revert ecs-deployment/checkout/1 on `checkout`"))
    }

    @Test func changesOnImplicatedResourcesComeFirst() {
        let changes = [ChangeEvent(timestamp: 900, entity: "web", kind: "deployment", description: "web"),
                       ChangeEvent(timestamp: 700, entity: "db", kind: "deployment", description: "db"),
                       ChangeEvent(timestamp: 950, entity: "api", kind: "config", description: "api"),
                       ChangeEvent(timestamp: -5000, entity: "db", kind: "deployment", description: "too old")]
        let result = ChangeCorrelation.correlate(changes: changes, onset: 1000, hypotheses: [hypothesis("errors", "db")],
                                                 edges: [CallEdge(caller: "api", callee: "db")])
        #expect(result.map(\.change.description) == ["db", "api", "web"])
        #expect(result.map(\.relation) == ["same-resource", "neighbour", "elsewhere"])
        #expect(result[0].leadSeconds == 300)
    }

    @Test func resolverMatchesWholeWordsAndWalksNeighbours() {
        func r(_ name: String, _ calls: [String]) -> DiscoveredResource {
            DiscoveredResource(arn: "arn:\(name)", type: "T", name: name, account: "1", region: "r", identifiers: [name],
                               relations: calls.map { DeclaredRelation(kind: .invokes, target: $0, evidence: "cfg") })
        }
        let resources = [r("shop-api", ["checkout"]), r("checkout", ["orders-db"]), r("orders-db", []), r("orders", []), r("notify", ["orders"])]
        let scope = InventoryTopologyResolver.resolve(IncidentHints(texts: ["ALARM: \"checkout-5xx\" on checkout."]), in: resources, depth: 1)
        #expect(scope.matched.map(\.entity) == ["checkout"])
        #expect(Set(scope.neighbours.map(\.entity)) == ["shop-api", "orders-db"])
        #expect(Set(scope.edges) == [CallEdge(caller: "shop-api", callee: "checkout"), CallEdge(caller: "checkout", callee: "orders-db")])
        let none = InventoryTopologyResolver.resolve(IncidentHints(texts: ["something broke"]), in: resources, depth: 2)
        #expect(none.matched.isEmpty && none.entities.isEmpty)
        let explicit = InventoryTopologyResolver.resolve(IncidentHints(texts: [], explicitResources: ["ORDERS"]), in: resources, depth: 0)
        #expect(explicit.entities == ["orders"])
    }

    @Test func windowUsesStatedTimesElseTheOnsetLead() {
        let settings = InvestigationSettings()
        let created = Date(timeIntervalSince1970: 10_000)
        let plain = IncidentWindow.of(createdAt: created, metadata: nil, settings: settings, now: Date(timeIntervalSince1970: 10_030))
        #expect(plain == IncidentWindow(reportedAt: 10_000, onset: 9_820, start: 8_800, end: 10_030))
        let stated = IncidentWindow.of(createdAt: created, metadata: ["startsAt": "1970-01-01T02:40:00Z", "detectedAt": 9_900],
                                       settings: settings, now: Date(timeIntervalSince1970: 50_000))
        #expect(stated == IncidentWindow(reportedAt: 9_900, onset: 9_600, start: 8_700, end: 10_500))
        let garbage = IncidentWindow.of(createdAt: created, metadata: ["startsAt": "yesterday", "detectedAt": ["x"]], settings: settings,
                                        now: created)
        #expect(garbage.onset == 9_820)
    }

    @Test func summaryNamesCauseEvidenceChangeAndPlanOrSaysNothingIsDecisive() {
        let report = AnalysisReport(incident: IncidentInfo(detectedAt: 0, title: "t"), hypotheses: [hypothesis("connection-exhaustion")],
                                    timeline: [], decisive: true, verdict: "v")
        let plan = MitigationPlanner.plan(for: report.hypotheses[0], changes: [])
        let scope = ResolvedScope(matched: [ScopedResource(entity: "checkout", arn: "a", type: "t", reason: "r")], neighbours: [], edges: [])
        let text = IncidentSummary.write(title: "checkout 5xx", report: report, changes: [], plan: plan, scope: scope)
        #expect(text.contains("Likely root cause: connection-exhaustion on orders-db (confidence 0.70)"))
        #expect(text.contains("- orders-db DatabaseConnections up 3x"))
        #expect(text.contains("Proposed plan (awaiting approval): 1. "))
        var weak = report
        weak.decisive = false
        weak.verdict = "No data in the window."
        let none = IncidentSummary.write(title: "t", report: weak, changes: [], plan: nil, scope: scope)
        #expect(none.contains("Conclusion: no decisive root cause. No data in the window."))
        #expect(!none.contains("Likely root cause"))
    }
}
