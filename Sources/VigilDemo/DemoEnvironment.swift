import Foundation
import VigilAPIModel
import VigilCore
import VigilInvestigation
import VigilStore
import VigilTelemetry

/// One running demo: the simulated shop with a scenario injected, the sources an investigation
/// reads it through, and the alarm that reports it.
public struct DemoEnvironment: Sendable {
    public let simulation: ShopSimulation
    public let clock: @Sendable () -> Double

    public init(simulation: ShopSimulation, clock: @escaping @Sendable () -> Double) {
        self.simulation = simulation
        self.clock = clock
    }

    /// The investigation's view: telemetry and topology only.
    public var sources: SpaceSources {
        SpaceSources(name: "demo (simulated shop, \(simulation.model.services.count) services)",
                     telemetry: DemoTelemetrySource(simulation: simulation, clock: clock),
                     topology: InventoryTopologyResolver(source: DemoInventorySource(model: simulation.model)))
    }

    /// When the scenario's alarm fires and the first breaching datapoint, if it fires within an hour of onset.
    public var alarmFiring: (firesAt: Double, breachStart: Double)? {
        simulation.alarmFiring(from: simulation.onset, until: simulation.onset + 3600)
    }

    /// Places the onset so that the scenario's alarm fires at `firesAt` (to within one sample).
    public static func anchored(scenario: DemoScenario, model: ShopModel = .make(), seed: UInt64 = 7, alarmAt firesAt: Double,
                                clock: @escaping @Sendable () -> Double) -> DemoEnvironment {
        let step = 30.0
        var onset = (firesAt / step).rounded(.down) * step - 300
        for _ in 0..<3 {
            let sim = ShopSimulation(model: model, scenario: scenario, seed: seed, onset: onset, step: step)
            guard let firing = sim.alarmFiring(from: onset, until: onset + 3600) else { break }
            onset -= ((firing.firesAt - firesAt) / step).rounded() * step
        }
        return DemoEnvironment(simulation: ShopSimulation(model: model, scenario: scenario, seed: seed, onset: onset, step: step), clock: clock)
    }

    /// Writes the backlog task the alarm raises, as intake does for a CloudWatch alarm: the alarm's
    /// name, resource and times, no more. Returns the task id.
    public func raiseAlarmTask(store: Store, space: String, firing: (firesAt: Double, breachStart: Double), priority: Priority = .high) throws -> String {
        guard let alarm = simulation.alarm else { throw ConfigurationError("the demo has no scenario, so no alarm") }
        let created = Date(timeIntervalSince1970: firing.firesAt)
        let iso = ISO8601DateFormatter()
        let task = TaskShape(
            agentSpaceId: space, taskId: Identifier.make(), title: "ALARM: \"\(alarm.name)\" on \(alarm.entity)",
            description: "Threshold crossed: \(alarm.datapoints) datapoints of \(alarm.metric) were greater than the threshold (\(alarm.threshold)).",
            taskType: .investigation, priority: priority, status: .pendingStart, createdAt: created, updatedAt: created, version: 1,
            metadata: ["source": "cloudwatch-alarm", "alarmName": .string(alarm.name), "resource": .string(alarm.entity),
                       "metric": .string(alarm.metric), "startsAt": .string(iso.string(from: Date(timeIntervalSince1970: firing.breachStart))),
                       "detectedAt": .string(iso.string(from: created))],
            statusReason: "Raised by alarm \(alarm.name)")
        try store.writeNow { tx in
            try tx.tasks.insert(space: space, id: task.taskId, createdAt: created,
                                columns: TaskTable.Columns(status: task.status.rawValue, priorityRank: TaskTable.rank(ofPriorityNamed: priority.rawValue),
                                                           taskType: task.taskType.rawValue, primaryTaskId: nil, version: 1),
                                doc: task.document)
        }
        return task.taskId
    }

    /// Creates an agent space for the demo directly in the store; returns its id.
    public static func createSpace(store: Store, name: String, now: Date) throws -> String {
        let id = Identifier.make()
        let space = AgentSpace(name: name, description: "Vigil demo: a simulated shop", createdAt: now, updatedAt: now, agentSpaceId: id)
        try store.writeNow { tx in try tx.agentSpaces.insert(id: id, createdAt: now, doc: space.document) }
        return id
    }
}
