import Foundation
import Testing
import VigilTelemetry
@testable import VigilAnalysis

@Suite struct RootCauseAnalyzerTests {
    let detectedAt = 60.0 * 60

    /// web -> api -> db, minute samples; db's CPU rises at sample 60, api and web latency follow.
    func cascade() -> IncidentTelemetry {
        let metrics = [
            series("db", "cpu", count: 90, seed: 1) { $0 >= 60 ? 95 : 40 },
            series("db", "latency", count: 90, seed: 2) { $0 >= 60 ? 60 : 10 },
            series("api", "latency", count: 90, seed: 3) { $0 >= 60 ? 80 : 20 },
            series("web", "latency", count: 90, seed: 4) { $0 >= 61 ? 100 : 30 },
            series("cache", "latency", count: 90, seed: 5) { _ in 5 },
        ]
        return IncidentTelemetry(incident: IncidentInfo(detectedAt: detectedAt, symptom: "web", title: "slow"),
                                 windowStart: 0, windowEnd: 90 * 60, metrics: metrics,
                                 edges: [CallEdge(caller: "web", callee: "api"), CallEdge(caller: "api", callee: "db"),
                                         CallEdge(caller: "web", callee: "cache")])
    }

    @Test func theMostDownstreamAnomalyIsTheCause() throws {
        let report = RootCauseAnalyzer.analyze(cascade())
        let top = try #require(report.hypotheses.first)
        #expect(top.entity == "db")
        #expect(top.kind == "cpu-saturation")
        #expect(top.evidence.contains { $0.metric == "cpu" && $0.start == detectedAt })
        #expect(report.hypotheses.allSatisfy { !$0.evidence.isEmpty })
        #expect(!report.hypotheses.contains { $0.entity == "cache" })
        #expect(report.hypotheses.map(\.confidence) == report.hypotheses.map(\.confidence).sorted(by: >))
        #expect(report.decisive)
        #expect(report.verdict.contains("db"))
        // Timeline: detection, then the first anomaly per entity, in time order.
        #expect(report.timeline.map(\.timestamp) == report.timeline.map(\.timestamp).sorted())
        #expect(report.timeline.contains { $0.entity == "db" && $0.kind == "anomaly" })
    }

    @Test func aDeploymentJustBeforeTheOnsetNamesTheKind() throws {
        var t = cascade()
        t.changes = [ChangeEvent(timestamp: detectedAt - 300, entity: "db", kind: "deployment", description: "v42", reference: "deploy-42")]
        let report = RootCauseAnalyzer.analyze(t)
        let top = try #require(report.hypotheses.first)
        #expect(top.entity == "db" && top.kind == "bad-deployment")
        #expect(top.evidence.contains { $0.kind == "change" && $0.changeReference == "deploy-42" })
        #expect(report.timeline.contains { $0.kind == "change" && $0.entity == "db" })
    }

    @Test func regressionSeparatesOwnShiftFromInheritedOne() throws {
        // b depends on a (b = 2a + noise); a shifts by 8 sigma; b follows. With 400 baseline
        // samples the regression explains b's shift entirely.
        var noise = TestNoise(seed: 9)
        var ta: [Double] = [], va: [Double] = [], vb: [Double] = [], vc: [Double] = []
        for i in 0..<800 {
            ta.append(Double(i))
            let a = noise.next() + (i >= 400 ? 8 : 0)
            va.append(a)
            vb.append(2 * a + noise.next())
            vc.append(noise.next())
        }
        let t = IncidentTelemetry(incident: IncidentInfo(detectedAt: 400, symptom: "b", title: "x"), windowStart: 0, windowEnd: 800,
                                  metrics: [MetricSeries(entity: "a", metric: "value", timestamps: ta, values: va),
                                            MetricSeries(entity: "b", metric: "value", timestamps: ta, values: vb),
                                            MetricSeries(entity: "c", metric: "value", timestamps: ta, values: vc)],
                                  edges: [CallEdge(caller: "b", callee: "a"), CallEdge(caller: "b", callee: "c")])
        let report = RootCauseAnalyzer.analyze(t)
        #expect(report.hypotheses.map(\.entity) == ["a"])
    }

    @Test func tracesAndLogsPointAtTheFailingCallee() throws {
        var spans: [Span] = []
        var logs: [LogEvent] = []
        for i in 0..<600 {
            let t = Double(i)
            let fail = t >= 400 && i % 2 == 0
            spans.append(Span(traceId: "t\(i)", spanId: "1", entity: "front", operation: "GET", start: t, durationMs: 20, error: fail))
            spans.append(Span(traceId: "t\(i)", spanId: "2", parentSpanId: "1", entity: "pay", operation: "Charge", start: t, durationMs: 10, error: fail))
            logs.append(LogEvent(timestamp: t, entity: "front", message: "GET /checkout \(i)"))
            if fail {
                logs.append(LogEvent(timestamp: t, entity: "front", message: "rpc to pay failed: code 13 id \(i)", level: "ERROR"))
                logs.append(LogEvent(timestamp: t, entity: "pay", message: "charge \(i) raised InvalidCard exception", level: "ERROR"))
            }
        }
        let t = IncidentTelemetry(incident: IncidentInfo(detectedAt: 400, symptom: "front", title: "x"), windowStart: 0, windowEnd: 600,
                                  logs: logs, spans: spans)
        let report = RootCauseAnalyzer.analyze(t)
        let top = try #require(report.hypotheses.first)
        #expect(top.entity == "pay" && top.kind == "errors")
        #expect(top.evidence.contains { $0.kind == "trace-errors" && ($0.traceIds?.isEmpty == false) })
        #expect(top.evidence.contains { $0.kind == "new-template" && $0.incidentCount == 100 && $0.templateId != nil })
        let front = report.hypotheses.first { $0.entity == "front" }
        #expect(front.map { $0.confidence < top.confidence } ?? true)
    }

    @Test func emptyWindowSaysNoData() {
        let report = RootCauseAnalyzer.analyze(IncidentTelemetry(incident: IncidentInfo(detectedAt: 10, title: "x"), windowStart: 0, windowEnd: 20))
        #expect(report.hypotheses.isEmpty && !report.decisive)
        #expect(report.verdict.hasPrefix("No data in the window"))
    }

    @Test func quietDataIsNotDecisiveAndNamesNoOne() {
        let t = IncidentTelemetry(incident: IncidentInfo(detectedAt: 60 * 60, title: "x"), windowStart: 0, windowEnd: 90 * 60,
                                  metrics: [series("a", "cpu", count: 90) { _ in 10 }, series("b", "latency", count: 90, seed: 7) { _ in 10 }])
        let report = RootCauseAnalyzer.analyze(t)
        #expect(report.hypotheses.isEmpty && !report.decisive)
        #expect(report.verdict.hasPrefix("Not decisive"))
    }

    @Test func sameInputSameOutput() throws {
        var t = cascade()
        t.logs = (0..<200).map { LogEvent(timestamp: Double($0) * 27, entity: $0 % 3 == 0 ? "api" : "db", message: "event \($0 % 4) happened \($0)") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let first = try encoder.encode(RootCauseAnalyzer.analyze(t))
        for _ in 0..<3 { #expect(try encoder.encode(RootCauseAnalyzer.analyze(t)) == first) }
    }
}
