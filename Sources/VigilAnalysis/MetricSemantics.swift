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
