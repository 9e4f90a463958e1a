import Foundation
import VigilTelemetry
import VigilTopology

/// The simulation behind `TelemetrySource`: what an investigation can see of the shop. Data ends
/// at the simulation's clock; nothing says which fault (if any) was injected.
public struct DemoTelemetrySource: TelemetrySource {
    public let simulation: ShopSimulation
    public let clock: @Sendable () -> Double
    /// Traces sampled per entry point and period.
    public let tracesPerEntry: Int

    public init(simulation: ShopSimulation, tracesPerEntry: Int = 2, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.simulation = simulation
        self.clock = clock
        self.tracesPerEntry = tracesPerEntry
    }

    public func collect(_ request: TelemetryRequest) async throws -> IncidentTelemetry {
        let sim = simulation
        let end = min(request.windowEnd, clock())
        let wanted: Set<String>? = request.entities.isEmpty ? nil : Set(request.entities)
        func included(_ name: String) -> Bool { wanted?.contains(name) ?? true }
        var metricSeries: [String: MetricSeries] = [:]
        var order: [String] = []
        var logs: [LogEvent] = []
        var spans: [Span] = []
        var t = (request.windowStart / sim.step).rounded(.up) * sim.step
        while t < end {
            try Task.checkCancellation()
            let states = sim.states(at: t)
            let bucket = Int(t / sim.step)
            for service in sim.model.services where included(service.name) {
                guard let state = states[service.name] else { continue }
                for (metric, value, unit) in sim.metrics(service, state) {
                    let key = "\(service.name):\(metric)"
                    if metricSeries[key] == nil {
                        metricSeries[key] = MetricSeries(entity: service.name, metric: metric, timestamps: [], values: [], unit: unit)
                        order.append(key)
                    }
                    metricSeries[key]?.timestamps.append(t)
                    metricSeries[key]?.values.append((value * 1000).rounded() / 1000)
                }
                var rng = SeededRandom.derived(sim.seed, "logs-\(service.name)-\(bucket)")
                logs += sim.logs(service, state, all: states, at: t, rng: &rng).filter { $0.timestamp < end }
            }
            var traceRng = SeededRandom.derived(sim.seed, "traces-\(bucket)")
            let bucketSpans = sim.traces(at: t, states: states, perEntry: tracesPerEntry, rng: &traceRng)
            spans += bucketSpans.filter { included($0.entity) && $0.start < end }
            t += sim.step
        }
        logs.sort { $0.timestamp < $1.timestamp }
        let changes = sim.changes().filter { $0.timestamp >= request.windowStart && $0.timestamp < end && included($0.entity) }
        var alarms: [AlarmEvent] = []
        if let alarm = sim.alarm, included(alarm.entity),
           let firing = sim.alarmFiring(from: request.windowStart, until: end) {
            alarms.append(AlarmEvent(timestamp: firing.firesAt, entity: alarm.entity, name: alarm.name, state: "ALARM",
                                     reason: "Threshold crossed: \(alarm.datapoints) datapoints of \(alarm.metric) were greater than the threshold (\(alarm.threshold))"))
        }
        var edges: [CallEdge] = []
        for service in sim.model.services where included(service.name) {
            for callee in service.calls where included(callee) { edges.append(CallEdge(caller: service.name, callee: callee)) }
        }
        return IncidentTelemetry(incident: request.incident, windowStart: request.windowStart, windowEnd: end,
                                 metrics: order.compactMap { metricSeries[$0] }, logs: logs, spans: spans,
                                 changes: changes, alarms: alarms, edges: edges)
    }
}

/// The shop's resources as discovery would read them from an account.
public struct DemoInventorySource: InventorySource {
    public let model: ShopModel
    public let account: String
    public let region: String

    public init(model: ShopModel, account: String = "111122223333", region: String = "us-east-1") {
        self.model = model
        self.account = account
        self.region = region
    }

    public func readInventory() async throws -> InventorySnapshot {
        InventorySnapshot(account: account, region: region, resources: model.services.map(resource))
    }

    func resource(_ s: ShopService) -> DiscoveredResource {
        let arn: String
        switch s.platform {
        case .apiGateway: arn = "arn:aws:apigateway:\(region)::/restapis/\(s.name)"
        case .lambda: arn = "arn:aws:lambda:\(region):\(account):function:\(s.name)"
        case .ecs: arn = "arn:aws:ecs:\(region):\(account):service/shop/\(s.name)"
        case .rds: arn = "arn:aws:rds:\(region):\(account):db:\(s.name)"
        case .dynamodb: arn = "arn:aws:dynamodb:\(region):\(account):table/\(s.name)"
        case .sqs: arn = "arn:aws:sqs:\(region):\(account):\(s.name)"
        }
        let relations = s.calls.compactMap { callee -> DeclaredRelation? in
            guard let target = model.service(callee) else { return nil }
            let kind: EdgeKind = switch target.platform {
            case .rds: .dependsOn
            case .dynamodb: .readsFrom
            case .sqs: s.platform == .lambda ? .readsFrom : .writesTo
            default: s.platform == .apiGateway ? .routesTo : .invokes
            }
            return DeclaredRelation(kind: kind, target: callee, evidence: "configuration of \(s.name)")
        }
        return DiscoveredResource(arn: arn, type: s.platform.rawValue, name: s.name, account: account, region: region,
                                  tags: ["app": "shop"], stack: "shop", identifiers: [s.name], relations: relations)
    }
}
