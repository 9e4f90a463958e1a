import Testing
import VigilPolicy

/// Runs every corpus row through `decide` and `explain` (which must agree).
@Suite struct DecisionCorpusTests {
    static let allCases = DecisionCorpus.actionsAndResources + DecisionCorpus.policyCombination
        + DecisionCorpus.conditions + DecisionCorpus.variables

    @Test func corpusIsLargeEnough() {
        #expect(Self.allCases.count >= 80)
        #expect(Set(Self.allCases.map(\.name)).count == Self.allCases.count, "case names are unique")
        #expect(Self.allCases.allSatisfy { !$0.rule.isEmpty })
    }

    @Test(arguments: allCases)
    func decision(_ row: DecisionCase) throws {
        let set = try row.policySet()
        let context = row.requestContext
        let decision = set.decide(action: row.action, resource: row.resource, context: context)
        #expect(decision.effect == row.expected, "\(row.rule)")
        let report = set.explain(action: row.action, resource: row.resource, context: context)
        #expect(report.effect == decision.effect, "explain agrees with decide: \(report.reason)")
        #expect(report.implicitDenyReason == decision.implicitDenyReason)
        if decision.effect == .implicitDeny {
            #expect(decision.statement == nil)
        } else {
            #expect(decision.statement != nil)
            #expect(report.decidingStatements.contains { $0 == decision.statement })
        }
        if let sid = row.decidedBy {
            #expect(decision.statement?.sid == sid)
        }
    }
}
