import Foundation
import VigilTelemetry

/// An entity whose spans got slower or failed more during the incident.
public struct TraceAnomaly: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case latency, errors
        /// Calls into the entity spend far longer between the two entities than calls between
        /// any other pair do, over the whole window (a peer comparison, for faults that started
        /// before the baseline did).
        case slowEdge
    }
    public var entity: String
    public var kind: Kind
    /// True when the entity's own part rose (self time: duration minus its children's; errors
    /// raised by the span itself, not passed up from a failed child). False when only the
    /// totals rose: the entity inherits the problem from a callee.
    public var own: Bool
    /// Binomial z of the share of incident spans above the baseline's 90th percentile (latency),
    /// or two-proportion z of the error rate (errors).
    public var z: Double
    /// The operation contributing most.
    public var operation: String
    public var baselineValue: Double
    public var incidentValue: Double
    public var baselineSpans: Int
    public var incidentSpans: Int
    public var onset: Double
    public var end: Double
    /// Example incident traces (at most five, worst first).
    public var traceIds: [String]
}

/// Per entity and operation, compares incident spans with the baseline: the share of spans whose
/// self time (and total duration) exceeds the baseline's 90th percentile, and the error rate of
/// errors the span raised itself (and of all errors). An entity whose own figures rose is a
/// candidate cause; one whose totals rose while its own did not inherits from callees. Pure.
public struct TraceAnomalyDetector: Sendable {
    public var threshold: Double = 4
    /// Baseline spans an operation needs before its latency is judged.
    public var minBaselineSpans: Int = 3
    /// Incident spans an entity needs.
    public var minIncidentSpans: Int = 3
    /// A slow edge takes at least this many times the median edge time of the window.
    public var slowEdgeRatio: Double = 20

    public init() {}

    /// Caller -> callee edges between entities, from parent/child spans.
    public static func edges(_ spans: [Span]) -> [CallEdge] {
        var index: [SpanKey: Int] = [:]
        index.reserveCapacity(spans.count)
        for (i, s) in spans.enumerated() { index[SpanKey(trace: s.traceId, span: s.spanId)] = i }
        var seen = Set<CallEdge>()
        for s in spans {
            guard let p = s.parentSpanId, let pi = index[SpanKey(trace: s.traceId, span: p)] else { continue }
            let caller = spans[pi].entity
            if caller != s.entity { seen.insert(CallEdge(caller: caller, callee: s.entity)) }
        }
        return seen.sorted { ($0.caller, $0.callee) < ($1.caller, $1.callee) }
    }

    struct SpanKey: Hashable { var trace: String; var span: String }
    struct OpKey: Hashable { var entity: String; var operation: String }

    public func detect(_ spans: [Span], detectedAt: Double) -> [TraceAnomaly] {
        guard !spans.isEmpty else { return [] }
        var index: [SpanKey: Int] = [:]
        index.reserveCapacity(spans.count)
        for (i, s) in spans.enumerated() { index[SpanKey(trace: s.traceId, span: s.spanId)] = i }
        var childSum = [Double](repeating: 0, count: spans.count)
        var childError = [Bool](repeating: false, count: spans.count)
        for s in spans {
            guard let p = s.parentSpanId, let pi = index[SpanKey(trace: s.traceId, span: p)] else { continue }
            childSum[pi] += s.durationMs
            if s.error { childError[pi] = true }
        }
        // A span whose children all run in one other entity is a client span: its own time is
        // the time between the two entities (network, connection and thread queues). A network
        // delay or a starved CPU at either end shows there, so it is judged under both ends:
        // under the callee as "<caller> -> <operation>", under the caller as
        // "<operation> -> <callee>". The faulty entity then has all its edges slow, a neighbour
        // only the one edge it shares with it.
        var childEntity = [String?](repeating: nil, count: spans.count)
        var mixedChildren = [Bool](repeating: false, count: spans.count)
        for s in spans {
            guard let p = s.parentSpanId, let pi = index[SpanKey(trace: s.traceId, span: p)] else { continue }
            if s.entity == spans[pi].entity { mixedChildren[pi] = true; continue }
            if let e = childEntity[pi], e != s.entity { mixedChildren[pi] = true } else { childEntity[pi] = s.entity }
        }
        func keys(_ i: Int) -> [OpKey] {
            let s = spans[i]
            if !mixedChildren[i], let callee = childEntity[i] {
                return [OpKey(entity: callee, operation: "\(s.entity) -> \(s.operation)"),
                        OpKey(entity: s.entity, operation: "\(s.operation) -> \(callee)")]
            }
            return [OpKey(entity: s.entity, operation: s.operation)]
        }
        var baselineSelf: [OpKey: [Double]] = [:]
        var baselineTotal: [OpKey: [Double]] = [:]
        for (i, s) in spans.enumerated() where s.start < detectedAt {
            for key in keys(i) {
                baselineSelf[key, default: []].append(max(0, s.durationMs - childSum[i]))
                baselineTotal[key, default: []].append(s.durationMs)
            }
        }
        var p90Self: [OpKey: Double] = [:]
        var p90Total: [OpKey: Double] = [:]
        var p50Self: [OpKey: Double] = [:]
        for (key, v) in baselineSelf where v.count >= minBaselineSpans {
            let sorted = v.sorted()
            p90Self[key] = RobustStatistics.quantileOfSorted(sorted, 0.9)
            p50Self[key] = RobustStatistics.quantileOfSorted(sorted, 0.5)
            p90Total[key] = RobustStatistics.quantile(baselineTotal[key] ?? [], 0.9)
        }

        struct OpTally {
            var n = 0, aboveSelf = 0, aboveTotal = 0
            var baseN = 0, baseOwnErrors = 0, baseErrors = 0
            var ownErrors = 0, errors = 0
            var incidentSelf: [Double] = []
            var first = Double.infinity, last = -Double.infinity
            var firstError = Double.infinity, lastError = -Double.infinity
            var worst: [(Double, String)] = []
            var errorTraces: [String] = []
        }
        var ops: [OpKey: OpTally] = [:]
        for (i, s) in spans.enumerated() {
            for key in keys(i) {
                var t = ops[key] ?? OpTally()
                let own = s.error && !childError[i]
                if s.start < detectedAt {
                    t.baseN += 1
                    if s.error { t.baseErrors += 1 }
                    if own { t.baseOwnErrors += 1 }
                } else {
                    t.n += 1
                    let selfTime = max(0, s.durationMs - childSum[i])
                    if let p = p90Self[key], selfTime > p {
                        t.aboveSelf += 1
                        t.first = min(t.first, s.start)
                        t.last = max(t.last, s.start)
                        t.worst.append((selfTime, s.traceId))
                    }
                    if let p = p90Total[key], s.durationMs > p { t.aboveTotal += 1 }
                    if p50Self[key] != nil { t.incidentSelf.append(selfTime) }
                    if s.error { t.errors += 1 }
                    if own {
                        t.ownErrors += 1
                        t.firstError = min(t.firstError, s.start)
                        t.lastError = max(t.lastError, s.start)
                        if t.errorTraces.count < 5, !t.errorTraces.contains(s.traceId) { t.errorTraces.append(s.traceId) }
                    }
                }
                ops[key] = t
            }
        }

        // Entity level: pool the operations.
        var byEntity: [String: [(OpKey, OpTally)]] = [:]
        for (k, t) in ops { byEntity[k.entity, default: []].append((k, t)) }
        var out: [TraceAnomaly] = []
        for entity in byEntity.keys.sorted() {
            let list = byEntity[entity]!.sorted { $0.0.operation < $1.0.operation }
            // Latency.
            var n = 0, above = 0, aboveTotal = 0
            for (k, t) in list where p90Self[k] != nil { n += t.n; above += t.aboveSelf; aboveTotal += t.aboveTotal }
            if n >= minIncidentSpans {
                let zSelf = Self.binomialZ(hits: above, n: n, p: 0.1)
                let zTotal = Self.binomialZ(hits: aboveTotal, n: n, p: 0.1)
                let own = zSelf >= threshold
                if own || zTotal >= threshold {
                    let (opKey, opTally) = list.filter { p90Self[$0.0] != nil && $0.1.n > 0 }
                        .max { a, b in
                            let za = Self.binomialZ(hits: own ? a.1.aboveSelf : a.1.aboveTotal, n: a.1.n, p: 0.1)
                            let zb = Self.binomialZ(hits: own ? b.1.aboveSelf : b.1.aboveTotal, n: b.1.n, p: 0.1)
                            return za != zb ? za < zb : a.0.operation > b.0.operation
                        } ?? list[0]
                    let worst = opTally.worst.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
                    var traces: [String] = []
                    for (_, id) in worst where !traces.contains(id) { traces.append(id); if traces.count == 5 { break } }
                    let firsts = list.map(\.1.first).filter(\.isFinite)
                    let lasts = list.map(\.1.last).filter(\.isFinite)
                    out.append(TraceAnomaly(entity: entity, kind: .latency, own: own, z: own ? zSelf : zTotal,
                                            operation: opKey.operation, baselineValue: p50Self[opKey] ?? 0,
                                            incidentValue: RobustStatistics.median(opTally.incidentSelf),
                                            baselineSpans: list.reduce(0) { $0 + $1.1.baseN }, incidentSpans: n,
                                            onset: firsts.min() ?? detectedAt, end: lasts.max() ?? detectedAt, traceIds: traces))
                }
            }
            // Errors.
            var baseN = 0, baseOwn = 0, baseAll = 0, incN = 0, incOwn = 0, incAll = 0
            for (_, t) in list {
                baseN += t.baseN; baseOwn += t.baseOwnErrors; baseAll += t.baseErrors
                incN += t.n; incOwn += t.ownErrors; incAll += t.errors
            }
            if incN >= minIncidentSpans, incAll > 0 {
                let zOwn = baseN > 0 ? RobustStatistics.proportionZ(baselineHits: baseOwn, baselineTotal: baseN, incidentHits: incOwn, incidentTotal: incN)
                                     : (incOwn >= 3 ? Double(incOwn).squareRoot() * 2 : 0)
                let zAll = baseN > 0 ? RobustStatistics.proportionZ(baselineHits: baseAll, baselineTotal: baseN, incidentHits: incAll, incidentTotal: incN)
                                     : (incAll >= 3 ? Double(incAll).squareRoot() * 2 : 0)
                let own = zOwn >= threshold
                if own || zAll >= threshold {
                    let (opKey, _) = list.max { a, b in
                        a.1.ownErrors != b.1.ownErrors ? a.1.ownErrors < b.1.ownErrors : a.0.operation > b.0.operation
                    } ?? list[0]
                    var traces: [String] = []
                    for (_, t) in list { for id in t.errorTraces where traces.count < 5 && !traces.contains(id) { traces.append(id) } }
                    let firsts = list.map(\.1.firstError).filter(\.isFinite)
                    let lasts = list.map(\.1.lastError).filter(\.isFinite)
                    out.append(TraceAnomaly(entity: entity, kind: .errors, own: own, z: own ? zOwn : zAll, operation: opKey.operation,
                                            baselineValue: baseN > 0 ? Double(own ? baseOwn : baseAll) / Double(baseN) : 0,
                                            incidentValue: Double(own ? incOwn : incAll) / Double(incN),
                                            baselineSpans: baseN, incidentSpans: incN,
                                            onset: firsts.min() ?? detectedAt, end: lasts.max() ?? detectedAt, traceIds: traces))
                }
            }
        }
        out += slowEdges(spans, childSum: childSum, keys: keys, detectedAt: detectedAt)
        return out
    }

    /// Incoming client-span edges whose median own time (network and queues) is an outlier among
    /// all edges of the window: robust z of the log median against the other edges, and at least
    /// `slowEdgeRatio` times their median.
    func slowEdges(_ spans: [Span], childSum: [Double], keys: (Int) -> [OpKey], detectedAt: Double) -> [TraceAnomaly] {
        var times: [OpKey: [Double]] = [:]
        var examples: [OpKey: [(Double, String)]] = [:]
        var firstSeen: [OpKey: Double] = [:]
        for (i, s) in spans.enumerated() {
            let k = keys(i)
            guard k.count == 2 else { continue }
            let t = max(0, s.durationMs - childSum[i])
            times[k[0], default: []].append(t)
            examples[k[0], default: []].append((t, s.traceId))
            firstSeen[k[0]] = min(firstSeen[k[0]] ?? .infinity, s.start)
        }
        let medians = times.filter { $0.value.count >= minIncidentSpans }.mapValues { RobustStatistics.median($0) }
        guard medians.count >= 5 else { return [] }
        let logs = medians.values.map { log(max($0, 0.001)) }
        let center = RobustStatistics.median(logs)
        let scale = max(1.4826 * RobustStatistics.median(logs.map { abs($0 - center) }), 0.1)
        var out: [TraceAnomaly] = []
        for key in medians.keys.sorted(by: { ($0.entity, $0.operation) < ($1.entity, $1.operation) }) {
            let m = medians[key] ?? 0
            let z: Double = (log(max(m, 0.001)) - center) / scale
            let floor: Double = slowEdgeRatio * exp(center)
            guard z >= threshold, m >= floor else { continue }
            let worst = (examples[key] ?? []).sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
            var traces: [String] = []
            for (_, id) in worst where !traces.contains(id) { traces.append(id); if traces.count == 5 { break } }
            let seen: Double = firstSeen[key] ?? detectedAt
            let count: Int = times[key]?.count ?? 0
            let reference: Double = exp(center)
            out.append(TraceAnomaly(entity: key.entity, kind: .slowEdge, own: true, z: z, operation: key.operation,
                                    baselineValue: reference, incidentValue: m, baselineSpans: medians.count,
                                    incidentSpans: count, onset: seen, end: seen, traceIds: traces))
        }
        return out
    }

    static func binomialZ(hits: Int, n: Int, p: Double) -> Double {
        guard n > 0 else { return 0 }
        return (Double(hits) - p * Double(n)) / (p * (1 - p) * Double(n)).squareRoot()
    }
}
