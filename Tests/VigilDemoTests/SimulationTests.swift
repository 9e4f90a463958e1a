import Foundation
import Testing
import VigilTelemetry
import VigilTopology
@testable import VigilDemo

@Suite struct SimulationTests {
    let onset: Double = 1_795_516_500

    func collect(_ scenario: DemoScenario?, entities: [String] = [], seed: UInt64 = 7) async throws -> IncidentTelemetry {
        let sim = ShopSimulation(scenario: scenario, seed: seed, onset: onset)
        let source = DemoTelemetrySource(simulation: sim, clock: { self.onset + 600 })
        return try await source.collect(TelemetryRequest(incident: IncidentInfo(detectedAt: onset, title: "t"), entities: entities,
                                                         windowStart: onset - 900, windowEnd: onset + 3600))
    }

    func values(_ t: IncidentTelemetry, _ entity: String, _ metric: String, after: Bool) -> [Double] {
        guard let s = t.metrics.first(where: { $0.entity == entity && $0.metric == metric }) else { return [] }
        return zip(s.timestamps, s.values).filter { after ? $0.0 >= onset + 180 : $0.0 < onset }.map(\.1)
    }

    func mean(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count) }

    @Test func sameSeedSameTelemetryAndDataStopsAtTheClock() async throws {
        let a = try await collect(.memoryLeak)
        let b = try await collect(.memoryLeak)
        #expect(a.metrics == b.metrics && a.logs == b.logs && a.spans == b.spans)
        let c = try await collect(.memoryLeak, seed: 8)
        #expect(a.metrics != c.metrics)
        #expect(a.windowEnd == onset + 600)
        #expect(a.metrics.allSatisfy { ($0.timestamps.last ?? 0) < onset + 600 })
        #expect(a.logs.allSatisfy { $0.timestamp < onset + 600 })
    }

    @Test func entitiesRestrictWhatIsReturned() async throws {
        let t = try await collect(.badDeployment, entities: ["checkout", "payments"])
        #expect(Set(t.metrics.map(\.entity)) == ["checkout", "payments"])
        #expect(Set(t.spans.map(\.entity)).isSubset(of: ["checkout", "payments"]))
        #expect(t.edges == [CallEdge(caller: "checkout", callee: "payments")])
    }

    @Test func eachScenarioShowsInItsOwnSignalsOnlyAfterOnset() async throws {
        let healthy = try await collect(nil)
        #expect(healthy.alarms.isEmpty)
        // Fewer than one error line per service and minute when nothing is wrong.
        let healthyErrors = healthy.logs.filter { $0.level == "ERROR" }.count
        #expect(healthyErrors < 13 * 25)

        let db = try await collect(.dbConnectionExhaustion)
        #expect(mean(values(db, "orders-db", "DatabaseConnections", after: false)) < 80)
        #expect(mean(values(db, "orders-db", "DatabaseConnections", after: true)) > 180)
        #expect(db.logs.contains { $0.entity == "checkout" && $0.message.contains("Connection is not available") })

        let throttled = try await collect(.throttledDependency)
        #expect(mean(values(throttled, "carts-table", "ThrottledRequests", after: false)) == 0)
        #expect(mean(values(throttled, "carts-table", "ThrottledRequests", after: true)) > 100)

        let leak = try await collect(.memoryLeak)
        #expect(mean(values(leak, "catalog", "MemoryUtilization", after: true)) > mean(values(leak, "catalog", "MemoryUtilization", after: false)) + 20)

        let deploy = try await collect(.badDeployment)
        #expect(deploy.changes.contains { $0.entity == "checkout" && $0.kind == "deployment" && $0.timestamp < onset })
        #expect(!healthy.changes.contains { $0.entity == "checkout" })
        #expect(mean(values(deploy, "shop-api", "5XXError", after: true)) > 1)
        #expect(deploy.alarms.first?.entity == "shop-api")
    }

    @Test func nothingInTheTelemetryNamesTheScenario() async throws {
        for scenario in DemoScenario.allCases {
            let t = try await collect(scenario)
            let text = t.logs.map(\.message).joined() + t.changes.map(\.description).joined() + t.alarms.map { $0.name + ($0.reason ?? "") }.joined()
                + t.metrics.map(\.metric).joined() + t.spans.map(\.operation).joined()
            for word in ["inject", "scenario", "fault", scenario.rawValue, scenario.injected.kind] {
                #expect(!text.lowercased().contains(word), "\(scenario.rawValue) telemetry contains '\(word)'")
            }
        }
    }

    @Test func inventoryDescribesTheShopWithTypedRelations() async throws {
        let snapshot = try await DemoInventorySource(model: .make()).readInventory()
        #expect(snapshot.resources.count == 13)
        let checkout = try #require(snapshot.resources.first { $0.name == "checkout" })
        #expect(checkout.type == "AWS::ECS::Service")
        #expect(checkout.relations.contains { $0.kind == .dependsOn && $0.target == "orders-db" })
        #expect(checkout.relations.contains { $0.kind == .writesTo && $0.target == "order-events" })
        #expect(Set(snapshot.resources.map(\.type)).count == 6)
        #expect(ShopModel.make(serviceCount: 100).services.count == 100)
    }

    @Test func theAlarmIsAnchoredToFireWhenAsked() {
        for scenario in DemoScenario.allCases {
            let env = DemoEnvironment.anchored(scenario: scenario, alarmAt: 1_795_516_800, clock: { 0 })
            let firing = env.alarmFiring
            #expect(firing != nil)
            if let firing {
                #expect(abs(firing.firesAt - 1_795_516_800) <= 60, "\(scenario.rawValue) fires at \(firing.firesAt)")
                #expect(firing.breachStart >= env.simulation.onset - 30)
            }
        }
    }
}
