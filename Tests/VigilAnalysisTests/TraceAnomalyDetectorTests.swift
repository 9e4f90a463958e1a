import Testing
import VigilTelemetry
@testable import VigilAnalysis

@Suite struct TraceAnomalyDetectorTests {
    /// Traces web -> api -> db; from `detectedAt` on, db's own time grows by `dbExtra` ms and
    /// db fails when `dbFails`.
    func traces(count: Int, detectedAt: Double, dbExtra: Double, dbFails: Bool) -> [Span] {
        var out: [Span] = []
        for i in 0..<count {
            let t = Double(i)
            let incident = t >= detectedAt
            let jitter = Double(i % 5)
            let db = 5 + jitter + (incident ? dbExtra : 0)
            let api = db + 3 + Double(i % 3)
            let web = api + 2 + Double(i % 4)
            let fail = incident && dbFails
            out.append(Span(traceId: "tr\(i)", spanId: "w", entity: "web", operation: "GET /", start: t, durationMs: web, error: fail))
            out.append(Span(traceId: "tr\(i)", spanId: "a", parentSpanId: "w", entity: "api", operation: "Checkout", start: t, durationMs: api, error: fail))
            out.append(Span(traceId: "tr\(i)", spanId: "d", parentSpanId: "a", entity: "db", operation: "SELECT", start: t, durationMs: db, error: fail))
        }
        return out
    }

    @Test func ownLatencyIsTheCalleesWhileCallersOnlyInherit() throws {
        let found = TraceAnomalyDetector().detect(traces(count: 400, detectedAt: 300, dbExtra: 50, dbFails: false), detectedAt: 300)
        let db = try #require(found.first { $0.entity == "db" && $0.kind == .latency })
        #expect(db.own && db.operation == "SELECT" && db.onset == 300)
        #expect(db.traceIds.count == 5)
        let api = try #require(found.first { $0.entity == "api" && $0.kind == .latency })
        #expect(!api.own)
        #expect(!found.contains { $0.own && $0.entity != "db" })
    }

    @Test func errorsRaisedByACalleeAreNotTheCallersOwn() throws {
        let found = TraceAnomalyDetector().detect(traces(count: 400, detectedAt: 300, dbExtra: 0, dbFails: true), detectedAt: 300)
        let db = try #require(found.first { $0.entity == "db" && $0.kind == .errors })
        // Client spans into db count for db too (their own errors are the children's), so not all are own.
        #expect(db.own && db.incidentValue >= 0.5 && db.baselineValue == 0)
        let web = try #require(found.first { $0.entity == "web" && $0.kind == .errors })
        #expect(!web.own)
    }

    @Test func steadyTracesShowNothingAndEdgesComeFromParents() {
        let spans = traces(count: 400, detectedAt: 300, dbExtra: 0, dbFails: false)
        #expect(TraceAnomalyDetector().detect(spans, detectedAt: 300).isEmpty)
        #expect(TraceAnomalyDetector.edges(spans) == [CallEdge(caller: "api", callee: "db"), CallEdge(caller: "web", callee: "api")])
    }
}
