/// Names the failure kind an entity's evidence points at. Pure.
enum FailureKind {
    /// The kind a log template's wording points at, if any.
    static func fromTemplate(_ template: String) -> String? {
        let t = template.lowercased()
        if t.contains("throttl") || t.contains("rate exceeded") || t.contains("too many requests") || t.contains("rate limit") {
            return "throttling"
        }
        if t.contains("certificate") || t.contains("x509") || t.contains("ssl") || t.contains("tls") { return "certificate-expiry" }
        if t.contains("too many connections") || t.contains("connection pool") || t.contains("pool exhausted")
            || t.contains("connection refused") || t.contains("no available connection") {
            return "connection-exhaustion"
        }
        if t.contains("out of memory") || t.contains("outofmemory") || t.contains("oomkill") { return "memory-leak" }
        if t.contains("timeout") || t.contains("timed out") || t.contains("deadline exceeded") { return "latency" }
        return nil
    }

    /// Kinds that describe a symptom rather than a cause: most faults end in errors or latency, so
    /// evidence for them piles up whatever the cause was.
    static let symptomKinds: Set<String> = ["errors", "latency"]

    /// Kinds in which an entity fails requests (rather than only slowing them): such a callee can
    /// pass errors up to its callers.
    static let failingKinds: Set<String> = ["errors", "throttling", "connection-exhaustion", "certificate-expiry", "memory-leak"]

    /// The entity's kind from its weighted candidates. A cause kind (throttling, certificate expiry,
    /// connection exhaustion, memory, CPU) is preferred over a symptom kind when its evidence is at
    /// least a quarter of the strongest: one specific signal (an x509 template, connections pinned at
    /// the maximum) says more about the cause than many generic error and latency signals.
    static func choose(_ kinds: [String: Double]) -> String? {
        let ordered = kinds.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        guard let top = ordered.first else { return nil }
        if symptomKinds.contains(top.key),
           let cause = ordered.first(where: { !symptomKinds.contains($0.key) && $0.value >= 0.25 * top.value }) {
            return cause.key
        }
        return top.key
    }

    static func fromChange(_ kind: String) -> String {
        let k = kind.lowercased()
        if k.contains("config") || k.contains("parameter") || k.contains("flag") || k.contains("setting") { return "config-change" }
        return "bad-deployment"
    }
}
