import Testing
import VigilTelemetry
@testable import VigilAnalysis

/// web -> {api, cache}: web's success rate falls; what web depends on decides whose errors they are.
@Suite struct ErrorPropagationTests {
    let detectedAt = 60.0 * 60

    func telemetry(apiErrors: Bool) -> IncidentTelemetry {
        var metrics = [
            series("web", "SuccessRate(%)", count: 80, sigma: 0) { $0 >= 60 ? 95 : 100 },
            // The cache gets slower at the same time, from 3 ms to 12 ms: anomalous, but it fails nothing.
            series("cache", "LatencyP50(s)", count: 80, sigma: 0.0001, seed: 2) { $0 >= 60 ? 0.012 : 0.003 },
            series("api", "LatencyP50(s)", count: 80, sigma: 0.001, seed: 3) { _ in 0.05 },
        ]
        if apiErrors {
            metrics.append(series("api", "ErrorRate(%)", count: 80, sigma: 0.05, seed: 4) { $0 >= 60 ? 6 : 0.5 })
        }
        return IncidentTelemetry(incident: IncidentInfo(detectedAt: detectedAt, symptom: "web", title: "errors"),
                                 windowStart: 0, windowEnd: 80 * 60, metrics: metrics,
                                 edges: [CallEdge(caller: "web", callee: "api"), CallEdge(caller: "web", callee: "cache")])
    }

    @Test func errorsNoCalleeShowsAreTheCallersOwn() throws {
        let report = RootCauseAnalyzer.analyze(telemetry(apiErrors: false))
        let top = try #require(report.hypotheses.first)
        #expect(top.entity == "web")
        #expect(top.kind == "errors")
        #expect(top.evidence.contains { $0.metric == "SuccessRate(%)" && $0.score > 0 })
    }

    @Test func aFailingCalleeExplainsItsCallersErrors() throws {
        let report = RootCauseAnalyzer.analyze(telemetry(apiErrors: true))
        let top = try #require(report.hypotheses.first)
        #expect(top.entity == "api")
        let web = try #require(report.hypotheses.first { $0.entity == "web" })
        #expect(web.confidence < top.confidence)
    }
}
