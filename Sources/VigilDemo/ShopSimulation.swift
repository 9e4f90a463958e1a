import Foundation
import VigilTelemetry

/// The shop's behaviour over time: traffic, errors, latency and resource use of every service,
/// with one fault (or none) injected at `onset`. Deterministic: the same seed, onset and time give
/// the same numbers, whatever window is asked for.
public struct ShopSimulation: Sendable {
    public let model: ShopModel
    public let scenario: DemoScenario?
    public let seed: UInt64
    /// When the fault begins (epoch seconds).
    public let onset: Double
    /// Sample spacing of metrics, logs and traces (seconds).
    public let step: Double
    /// The scenario's alarm as set up on this shop (`ShopSimulation.calibrated`); nil without a scenario.
    public let alarm: DemoAlarm?

    public init(model: ShopModel = .make(), scenario: DemoScenario?, seed: UInt64 = 7, onset: Double, step: Double = 30) {
        self.model = model
        self.scenario = scenario
        self.seed = seed
        self.onset = onset
        self.step = step
        self.alarm = scenario.map { Self.calibrated($0.alarm, model: model, seed: seed, onset: onset, step: step) }
    }

    /// One service in one sample period.
    struct State {
        var rate: Double
        var ownError: Double
        var error: Double
        var ownLatencyMs: Double
        var latencyMs: Double
        var cpu: Double
        var memory: Double
        var connections: Double = 0
        var throttled: Double = 0
        var queueDepth: Double = 0
    }

    /// How far the fault has developed at `t`: 0 before onset, rising to 1 over `ramp` seconds.
    func progress(_ t: Double, ramp: Double) -> Double {
        guard t >= onset else { return 0 }
        return min(1, (t - onset) / ramp)
    }

    func isFaulty(_ name: String, _ scenario: DemoScenario) -> Bool { self.scenario == scenario && scenario.injected.entity == name }

    /// Every service's state in the period starting at `t` (aligned to `step`).
    func states(at t: Double) -> [String: State] {
        var result: [String: State] = [:]
        let bucket = Int((t / step).rounded(.down))
        let daily = 1 + 0.12 * sin(2 * .pi * t / 86_400)
        for service in model.calleesFirst {
            var rng = SeededRandom.derived(seed, "state-\(service.name)-\(bucket)")
            let rate = max(0.1, service.baseRate * daily * (1 + 0.05 * rng.normal()))
            var ownError = max(0, 0.0005 + 0.0002 * rng.normal())
            var ownLatency = max(1, service.baseLatencyMs * (1 + 0.08 * rng.normal()))
            var cpu = min(100, max(1, 28 + 4 * rng.normal() + rate / max(service.baseRate, 1) * 6))
            var memory = min(100, max(1, 46 + 1.5 * rng.normal()))
            var connections = 0.0, throttled = 0.0
            if service.platform == .rds { connections = max(1, 58 + 4 * rng.normal()) }
            let name = service.name
            if isFaulty(name, .badDeployment) {
                let p = progress(t, ramp: 60)
                ownError += 0.30 * p
                ownLatency *= 1 + 0.15 * p
                cpu += 9 * p
            }
            if isFaulty(name, .dbConnectionExhaustion) {
                let p = progress(t, ramp: 90)
                connections = connections + (200 - connections) * p
                ownError += 0.45 * p
                ownLatency *= 1 + 3 * p
                cpu += 12 * p
            }
            if isFaulty(name, .throttledDependency) {
                let p = progress(t, ramp: 45)
                throttled = rate * step * 0.35 * p
                ownError += 0.35 * p
                ownLatency *= 1 + 1.2 * p
            }
            if isFaulty(name, .memoryLeak) {
                let growth = max(0, min(1, (t - onset) / 420))
                memory = min(99, memory + 50 * growth)
                let pressure = max(0, (memory - 70) / 29)
                ownLatency *= 1 + 5 * pressure * pressure
                cpu += 35 * pressure
                if memory > 92 { ownError += 0.06 }
            }
            if isFaulty(name, .expiredCertificate) {
                let p = progress(t, ramp: 40)
                ownError += 0.97 * p
                ownLatency *= 1 - 0.6 * p
            }
            var error = ownError
            var latency = ownLatency
            var survive = 1 - min(1, ownError)
            for calleeName in service.calls {
                guard let callee = result[calleeName], let calleeService = model.service(calleeName) else { continue }
                // A queue is written asynchronously: its consumers' trouble does not reach the producer.
                if calleeService.platform == .sqs && service.platform != .lambda { continue }
                let share = service.platform == .apiGateway ? min(1, calleeService.baseRate / max(service.baseRate, 1)) : 0.9
                survive *= 1 - share * min(1, callee.error)
                latency += share * callee.latencyMs * 0.8
            }
            error = 1 - survive
            let queueDepth = service.platform == .sqs ? max(0, 4 + 2 * rng.normal()) : 0
            result[name] = State(rate: rate, ownError: ownError, error: min(1, error), ownLatencyMs: ownLatency, latencyMs: latency,
                                 cpu: min(100, cpu), memory: memory, connections: connections, throttled: throttled, queueDepth: queueDepth)
        }
        return result
    }

    /// The metric names of a platform and their values for one period.
    func metrics(_ service: ShopService, _ s: State) -> [(String, Double, String)] {
        let requests = s.rate * step
        switch service.platform {
        case .apiGateway:
            return [("Count", requests.rounded(), "Count"), ("5XXError", s.error * 100, "Percent"),
                    ("Latency_p99", s.latencyMs * 2.2, "Milliseconds")]
        case .lambda:
            return [("Invocations", requests.rounded(), "Count"), ("Errors", (requests * s.error).rounded(), "Count"),
                    ("Duration", s.latencyMs, "Milliseconds"), ("Throttles", 0, "Count"),
                    ("ConcurrentExecutions", (s.rate * s.latencyMs / 1000).rounded(.up), "Count")]
        case .ecs:
            return [("RequestCount", requests.rounded(), "Count"), ("HTTPCode_Target_5XX_Count", (requests * s.error).rounded(), "Count"),
                    ("TargetResponseTime_p99", s.latencyMs * 2.2, "Milliseconds"), ("CPUUtilization", s.cpu, "Percent"),
                    ("MemoryUtilization", s.memory, "Percent")]
        case .rds:
            return [("DatabaseConnections", s.connections.rounded(), "Count"), ("CPUUtilization", s.cpu, "Percent"),
                    ("ReadLatency", s.latencyMs, "Milliseconds"), ("WriteLatency", s.latencyMs * 1.4, "Milliseconds")]
        case .dynamodb:
            return [("ConsumedReadCapacityUnits", (requests * (1 - s.ownError)).rounded(), "Count"),
                    ("ThrottledRequests", s.throttled.rounded(), "Count"), ("SuccessfulRequestLatency", s.latencyMs, "Milliseconds")]
        case .sqs:
            return [("NumberOfMessagesSent", requests.rounded(), "Count"), ("ApproximateNumberOfMessagesVisible", s.queueDepth.rounded(), "Count"),
                    ("ApproximateAgeOfOldestMessage", max(0, s.queueDepth * 2), "Seconds")]
        }
    }
}
