/// A fault the demo can inject. The scenario (and so the answer) stays inside the simulation:
/// investigations only see what the telemetry and inventory sources return.
public enum DemoScenario: String, Sendable, CaseIterable {
    case badDeployment = "bad-deployment"
    case dbConnectionExhaustion = "db-connection-exhaustion"
    case throttledDependency = "throttled-dependency"
    case memoryLeak = "memory-leak"
    case expiredCertificate = "expired-certificate"

    /// The resource the fault is injected into and the hypothesis kind that names it.
    public var injected: (entity: String, kind: String) {
        switch self {
        case .badDeployment: ("checkout", "bad-deployment")
        case .dbConnectionExhaustion: ("orders-db", "connection-exhaustion")
        case .throttledDependency: ("carts-table", "throttling")
        case .memoryLeak: ("catalog", "memory-leak")
        case .expiredCertificate: ("payments", "certificate-expiry")
        }
    }

    /// The alarm that notices it: on a symptom, usually upstream of the cause.
    public var alarm: DemoAlarm {
        switch self {
        case .badDeployment: DemoAlarm(name: "shop-api-5xx-rate", entity: "shop-api", metric: "5XXError", threshold: 2.0)
        case .dbConnectionExhaustion: DemoAlarm(name: "checkout-5xx", entity: "checkout", metric: "HTTPCode_Target_5XX_Count", threshold: 5)
        case .throttledDependency: DemoAlarm(name: "cart-fn-errors", entity: "cart-fn", metric: "Errors", threshold: 10)
        case .memoryLeak: DemoAlarm(name: "storefront-latency-p99", entity: "storefront", metric: "TargetResponseTime_p99", threshold: 300)
        case .expiredCertificate: DemoAlarm(name: "shop-api-5xx-rate", entity: "shop-api", metric: "5XXError", threshold: 2.0)
        }
    }
}

/// A CloudWatch-style alarm: fires after `datapoints` consecutive samples above `threshold`.
public struct DemoAlarm: Sendable, Hashable {
    public var name: String
    public var entity: String
    public var metric: String
    public var threshold: Double
    public var datapoints = 5
}
