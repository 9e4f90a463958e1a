import Testing
import VigilTelemetry
@testable import VigilAnalysis

/// front -> checkout -> {email, payment}; front -> quotes. Minute samples, the incident from sample 60.
@Suite struct TrafficLossTests {
    let detectedAt = 60.0 * 60
    let edges = [CallEdge(caller: "front", callee: "checkout"), CallEdge(caller: "checkout", callee: "email"),
                 CallEdge(caller: "checkout", callee: "payment"), CallEdge(caller: "front", callee: "quotes")]

    /// checkout fails before it calls email and payment: they go silent; the front end's success
    /// rate falls; checkout still receives its requests. `quotes` gets a little slower on its own.
    func checkoutFailsBeforeItsCalls(frontErrors: Bool = true, emailSlow: Bool = false) -> IncidentTelemetry {
        var metrics = [
            series("front", "SuccessRate(%)", count: 80, sigma: 0) { frontErrors && $0 >= 60 && $0 < 70 ? 95 : 100 },
            series("front", "Workload(Ops)", count: 80, sigma: 0.3, seed: 2) { _ in 9 },
            series("checkout", "Workload(Ops)", count: 80, sigma: 0.05, seed: 3) { _ in 0.4 },
            series("email", "Workload(Ops)", count: 80, sigma: 0.05, seed: 4) { $0 >= 60 && $0 < 70 ? 0 : 0.4 },
            series("payment", "Workload(Ops)", count: 80, sigma: 0.05, seed: 5) { $0 >= 60 && $0 < 70 ? 0 : 0.4 },
            series("quotes", "Workload(Ops)", count: 80, sigma: 1, seed: 6) { _ in 30 },
            series("quotes", "LatencyP50(s)", count: 80, sigma: 0.0002, seed: 7) { $0 >= 62 ? 0.006 : 0.004 },
        ].map { s in
            // No requests at all is exactly zero, whatever the noise.
            let silent = ["email", "payment"].contains(s.entity) && s.metric.contains("Workload")
            return MetricSeries(entity: s.entity, metric: s.metric, timestamps: s.timestamps,
                                values: s.values.enumerated().map { i, v in silent && i >= 60 && i < 70 ? 0 : max(0, v) })
        }
        if emailSlow {
            metrics.append(series("email", "LatencyP99(s)", count: 80, sigma: 0.001, seed: 8) { $0 >= 60 ? 0.5 : 0.01 })
        }
        return IncidentTelemetry(incident: IncidentInfo(detectedAt: detectedAt, symptom: "front", title: "checkout errors"),
                                 windowStart: 0, windowEnd: 80 * 60, metrics: metrics, edges: edges)
    }

    @Test func silentCalleesPointAtTheCallerThatStoppedCallingThem() throws {
        let report = RootCauseAnalyzer.analyze(checkoutFailsBeforeItsCalls())
        let top = try #require(report.hypotheses.first)
        #expect(top.entity == "checkout")
        let losses = top.evidence.filter { $0.kind == "traffic-loss" }
        #expect(Set(losses.compactMap(\.metric)) == ["email:Workload(Ops)", "payment:Workload(Ops)"])
        #expect(losses.allSatisfy { $0.score > 0 && $0.start == detectedAt }, "\(losses.map { ($0.score, $0.start ?? -1) })")
        // The silent callees are not suspects for their own silence.
        #expect(!report.hypotheses.contains { $0.entity == "email" && $0.evidence.contains { $0.metric == "Workload(Ops)" && $0.score > 0 } })
    }

    @Test func withoutErrorsFewerRequestsIsLessDemand() {
        let report = RootCauseAnalyzer.analyze(checkoutFailsBeforeItsCalls(frontErrors: false))
        #expect(!report.hypotheses.contains { $0.evidence.contains { $0.kind == "traffic-loss" } })
    }

    @Test func aSlowCalleeKeepsItsOwnFall() {
        // email is slow itself: fewer requests reaching it is its consequence, not a clue about checkout.
        let report = RootCauseAnalyzer.analyze(checkoutFailsBeforeItsCalls(emailSlow: true))
        let blamedForEmail = report.hypotheses.flatMap(\.evidence).filter { $0.kind == "traffic-loss" && $0.metric?.hasPrefix("email:") == true }
        #expect(blamedForEmail.isEmpty)
        #expect(report.hypotheses.first?.entity == "email")
    }

    @Test func silenceNeedsABaselineThatNeverWasZero() {
        let quiet = MetricSeries(entity: "e", metric: "Workload(Ops)", timestamps: [0, 60, 120, 180, 240, 300],
                                 values: [0.2, 0, 0.3, 0, 0, 0.1])
        #expect(TrafficLoss.silence(quiet, detectedAt: 180) == nil)
        let stopped = MetricSeries(entity: "e", metric: "Workload(Ops)", timestamps: [0, 60, 120, 180, 240, 300],
                                   values: [0.2, 0.4, 0.3, 0.1, 0, 0])
        let loss = TrafficLoss.silence(stopped, detectedAt: 180)
        #expect(loss?.anomaly.onset == 240 && loss?.fraction == 1)
        let once = MetricSeries(entity: "e", metric: "Workload(Ops)", timestamps: [0, 60, 120, 180, 240, 300],
                                values: [0.2, 0.4, 0.3, 0, 0.2, 0.3])
        #expect(TrafficLoss.silence(once, detectedAt: 180) == nil)
    }

    @Test func volumeMetricsAreToldFromLatencyAndErrors() {
        #expect(MetricSemantics.isTraffic("PodWorkload(Ops)"))
        #expect(MetricSemantics.isTraffic("http_requests_total"))
        #expect(!MetricSemantics.isTraffic("request_duration_seconds"))
        #expect(!MetricSemantics.isTraffic("failed_requests"))
        #expect(!MetricSemantics.isTraffic("NodeRequests"))
    }
}
