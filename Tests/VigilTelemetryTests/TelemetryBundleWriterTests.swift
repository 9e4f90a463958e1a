import Foundation
import Testing
@testable import VigilTelemetry

@Suite struct TelemetryBundleWriterTests {
    @Test func writtenBundleReadsBackTheSame() throws {
        let t = IncidentTelemetry(
            incident: IncidentInfo(detectedAt: 1000.5, symptom: "web", title: "a \"quoted\"\ntitle"),
            windowStart: 900, windowEnd: 1100,
            metrics: [MetricSeries(entity: "db", metric: "cpu", timestamps: [900, 960, 1020], values: [1.25, 2, 3e-7]),
                      MetricSeries(entity: "db", metric: "conn,count", timestamps: [960], values: [12]),
                      MetricSeries(entity: "arn:aws:rds:us-east-1:1:db/x", metric: "latency", timestamps: [900], values: [-4])],
            logs: [LogEvent(timestamp: 950, entity: "db", message: "tab\there \\ \u{1}", level: "WARN", traceId: "t")],
            spans: [Span(traceId: "t", spanId: "1", parentSpanId: nil, entity: "web", operation: "GET", start: 1001.25, durationMs: 3.5, error: true)],
            changes: [ChangeEvent(timestamp: 920, entity: "db", kind: "config", description: "max_conn=10", reference: "cfg-1")],
            alarms: [AlarmEvent(timestamp: 1001, entity: "web", name: "5xx", state: "ALARM", reason: "above 5")],
            edges: [CallEdge(caller: "web", callee: "db")])
        let b = TempBundle()
        try TelemetryBundle.write(t, to: b.path)
        let back = try TelemetryBundle.read(directory: b.path, strict: true).telemetry
        #expect(back.incident == t.incident)
        #expect(back.windowStart == 900 && back.windowEnd == 1100)
        #expect(Set(back.metrics) == Set(t.metrics))
        #expect(back.logs == t.logs)
        #expect(back.spans == t.spans)
        #expect(back.changes == t.changes)
        #expect(back.alarms == t.alarms)
        #expect(back.edges == t.edges)
    }

    @Test func sourceReturnsOnlyTheRequestedWindowAndEntities() async throws {
        let t = IncidentTelemetry(
            incident: IncidentInfo(detectedAt: 50, title: "x"), windowStart: 0, windowEnd: 100,
            metrics: [MetricSeries(entity: "a", metric: "m", timestamps: [0, 40, 60, 99], values: [1, 2, 3, 4]),
                      MetricSeries(entity: "b", metric: "m", timestamps: [40], values: [1])],
            logs: [LogEvent(timestamp: 10, entity: "a", message: "early"), LogEvent(timestamp: 45, entity: "a", message: "in")],
            edges: [CallEdge(caller: "a", callee: "b")])
        let b = TempBundle()
        try TelemetryBundle.write(t, to: b.path)
        let source = BundleTelemetrySource(directory: b.path)
        let got = try await source.collect(TelemetryRequest(incident: t.incident, entities: ["a"], windowStart: 30, windowEnd: 70))
        #expect(got.metrics.map(\.entity) == ["a"])
        #expect(got.metrics[0].timestamps == [40, 60])
        #expect(got.logs.map(\.message) == ["in"])
        #expect(got.edges.isEmpty)
        #expect(got.windowStart == 30 && got.windowEnd == 70)
    }
}
