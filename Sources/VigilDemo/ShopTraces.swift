import Foundation
import VigilTelemetry

/// Sampled traces: requests entering at the API gateway (and the queue consumer) and fanning out
/// along the call graph, with each span's time and error drawn from its service's state.
extension ShopSimulation {
    func traces(at t: Double, states: [String: State], perEntry: Int, rng: inout SeededRandom) -> [Span] {
        var spans: [Span] = []
        let entries = model.services.filter { s in !model.services.contains { $0.calls.contains(s.name) } || s.platform == .apiGateway }
        for entry in entries {
            for _ in 0..<perEntry {
                let traceId = "1-\(String(Int(t), radix: 16))-\(rng.hex(24))"
                let start = t + step * rng.unit()
                // The gateway routes each request to one of its callees; others call all of theirs.
                var route = entry.calls
                if entry.platform == .apiGateway, !route.isEmpty { route = [route[Int(rng.next() % UInt64(route.count))]] }
                _ = span(entry, calls: route, traceId: traceId, parent: nil, start: start, states: states, rng: &rng, into: &spans, depth: 0)
            }
        }
        return spans
    }

    /// Appends the span of `service` and its children; returns (duration ms, error).
    private func span(_ service: ShopService, calls: [String], traceId: String, parent: String?, start: Double,
                      states: [String: State], rng: inout SeededRandom, into spans: inout [Span], depth: Int) -> (Double, Bool) {
        guard let s = states[service.name], depth < 8 else { return (0, false) }
        let id = rng.hex(16)
        let index = spans.count
        spans.append(Span(traceId: traceId, spanId: id, parentSpanId: parent, entity: service.name, operation: service.operation,
                          start: start, durationMs: 0))
        var elapsed = s.ownLatencyMs * (0.8 + 0.4 * rng.unit())
        var failed = rng.unit() < s.ownError
        for calleeName in calls {
            guard let callee = model.service(calleeName), !failed else { continue }
            if callee.platform == .sqs && service.platform != .lambda {
                _ = span(callee, calls: [], traceId: traceId, parent: id, start: start + elapsed / 1000, states: states, rng: &rng, into: &spans, depth: depth + 1)
                continue
            }
            let (ms, childFailed) = span(callee, calls: callee.calls, traceId: traceId, parent: id, start: start + elapsed / 1000,
                                         states: states, rng: &rng, into: &spans, depth: depth + 1)
            elapsed += ms
            if childFailed && rng.unit() < 0.9 { failed = true }
        }
        spans[index].durationMs = (elapsed * 10).rounded() / 10
        spans[index].error = failed
        return (elapsed, failed)
    }
}
