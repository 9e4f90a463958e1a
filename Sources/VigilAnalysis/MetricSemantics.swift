/// What a metric's name says about which direction is bad. Conservative: unknown names count in
/// both directions.
enum MetricDirection: String, Sendable, Codable {
    case higherIsWorse, lowerIsWorse, either
}

enum MetricSemantics {
    static func direction(of metric: String) -> MetricDirection {
        let m = metric.lowercased()
        for word in ["success", "availab", "uptime", "healthy", "hit", "free", "idle", "apdex"] where m.contains(word) {
            return .lowerIsWorse
        }
        for word in ["latency", "duration", "time", "delay", "p50", "p90", "p95", "p99", "cpu", "memory", "mem",
                     "error", "fail", "fault", "5xx", "4xx", "throttl", "queue", "wait", "restart",
                     "timeout", "exception", "saturation", "usage", "utiliz", "conn", "thread", "gc", "oom",
                     "drop", "retrans", "reject"] where m.contains(word) {
            return .higherIsWorse
        }
        return .either
    }

    /// A resource metric: its rise is the entity's own state, not something inherited from callees.
    static func isResource(_ metric: String) -> Bool {
        let m = metric.lowercased()
        return ["cpu", "memory", "mem", "thread", "gc", "oom", "fd", "disk", "conn", "pool"].contains { m.contains($0) }
            && !m.contains("node")
    }

    /// The ceiling of a success-type ratio (100 for a percentage, 1 for a fraction), when the metric
    /// is one and its values fit under it. Such a series is judged on its complement, the failure
    /// share: 100 % → 95 % is a small move of the level but a jump from no failures to one request
    /// in twenty, and it is the failure share whose baseline spread says what is normal.
    static func ratioCeiling(of metric: String, values: [Double]) -> Double? {
        let m = metric.lowercased()
        guard ["success", "availab", "uptime", "healthy", "apdex"].contains(where: { m.contains($0) }) else { return nil }
        guard let low = values.min(), let high = values.max(), low >= 0 else { return nil }
        if m.contains("%") || m.contains("percent") || m.contains("pct") { return high <= 100 ? 100 : nil }
        if high <= 1 { return 1 }
        return high <= 100 ? 100 : nil
    }

    /// A request-volume metric (how much work an entity is asked to do): its fall is what callers
    /// stopped sending, so it points at the callers rather than at the entity.
    static func isTraffic(_ metric: String) -> Bool {
        let m = metric.lowercased()
        return ["workload", "request", "throughput", "qps", "rps", "invocation", "calls"].contains { m.contains($0) }
            && !isHostLevel(metric)
            && !["latency", "duration", "time", "size", "bytes", "error", "fail", "5xx", "4xx", "reject", "throttl"].contains { m.contains($0) }
    }

    /// A metric of the host the entity runs on rather than of the entity itself (it moves with
    /// every neighbour on that host).
    static func isHostLevel(_ metric: String) -> Bool {
        let m = metric.lowercased()
        return m.hasPrefix("node") || m.hasPrefix("host") || m.hasPrefix("instance_") || m.contains("_node_")
    }

    /// The failure kind a metric's name points at, if any.
    static func kind(of metric: String, direction: Double) -> String? {
        let m = metric.lowercased()
        if m.contains("throttl") { return "throttling" }
        if m.contains("cert") || m.contains("ssl") || m.contains("tls") { return "certificate-expiry" }
        if m.contains("conn") || m.contains("pool") { return direction > 0 ? "connection-exhaustion" : nil }
        if m.contains("cpu") && direction > 0 { return "cpu-saturation" }
        if (m.contains("memory") || m.contains("mem")) && direction > 0 { return "memory-leak" }
        if m.contains("error") || m.contains("fail") || m.contains("5xx") || m.contains("exception") { return direction > 0 ? "errors" : nil }
        if m.contains("success") && direction < 0 { return "errors" }
        if m.contains("latency") || m.contains("duration") || m.contains("delay") || m.contains("p99") || m.contains("p90") || m.contains("p95") || m.contains("p50") {
            return direction > 0 ? "latency" : nil
        }
        return nil
    }
}
