import Foundation
import Testing
@testable import VigilTelemetry

@Suite struct TelemetryBundleReaderTests {
    func fullBundle() -> TempBundle {
        let b = TempBundle()
        b.write("incident.json", #"{"detectedAt": "2022-08-22T03:53:54Z", "symptom": "frontend", "title": "checkout slow"}"#)
        b.write("metrics/a.csv", """
            timestamp,cart:cpu,"cart:latency,p99",frontend
            1661140374,1.5,20,100
            2022-08-22T03:53:54Z,,25,99.5
            1661140494000,3.5,30,NaN

            """)
        b.write("logs/app.jsonl", """
            {"timestamp": 1661140500, "entity": "cart", "message": "second", "level": "ERROR", "traceId": "t2"}
            {"timestamp": "2022-08-22T03:53:00Z", "entity": "cart", "message": "first"}

            """)
        b.write("traces/t.jsonl", """
            {"traceId": "t1", "spanId": "s1", "entity": "frontend", "operation": "GET /", "start": 1661140434.5, "durationMs": 12.5}
            {"traceId": "t1", "spanId": "s2", "parentSpanId": "s1", "entity": "cart", "operation": "GetCart", "start": 1661140434.6, "durationMs": 10, "error": true}

            """)
        b.write("changes.jsonl", #"{"timestamp": 1661140000, "entity": "cart", "kind": "deployment", "description": "v2", "reference": "deploy-7"}"# + "\n")
        b.write("alarms.jsonl", #"{"timestamp": 1661140440, "entity": "frontend", "name": "p99", "state": "ALARM"}"# + "\n")
        b.write("topology.json", #"{"edges": [["frontend", "cart"], ["frontend", "cart"]]}"#)
        return b
    }

    @Test func readsEveryPartOfABundle() throws {
        let b = fullBundle()
        let bundle = try TelemetryBundle.read(directory: b.path)
        let t = bundle.telemetry
        #expect(bundle.diagnostics.isEmpty)
        #expect(t.incident == IncidentInfo(detectedAt: 1_661_140_434, symptom: "frontend", title: "checkout slow"))
        #expect(t.metrics.map { "\($0.entity)/\($0.metric)" } == ["cart/cpu", "cart/latency,p99", "frontend/value"])
        #expect(t.metrics[0].timestamps == [1_661_140_374, 1_661_140_494])
        #expect(t.metrics[0].values == [1.5, 3.5])
        #expect(t.metrics[2].values == [100, 99.5])
        #expect(t.logs.map(\.message) == ["first", "second"])
        #expect(t.logs[1].level == "ERROR" && t.logs[1].traceId == "t2")
        #expect(t.spans.count == 2 && t.spans[1].parentSpanId == "s1" && t.spans[1].error && !t.spans[0].error)
        #expect(t.changes == [ChangeEvent(timestamp: 1_661_140_000, entity: "cart", kind: "deployment", description: "v2", reference: "deploy-7")])
        #expect(t.alarms.first?.state == "ALARM")
        #expect(t.edges == [CallEdge(caller: "frontend", callee: "cart")])
        #expect(t.windowStart == 1_661_140_000)
        #expect(t.windowEnd == 1_661_140_501)
    }

    @Test func malformedLinesAreReportedWithFileAndLineAndSkipped() throws {
        let b = TempBundle()
        b.write("incident.json", #"{"detectedAt": 100}"#)
        b.write("metrics/m.csv", "timestamp,a:x\n1,2\n2,abc\nnot-a-time,3\n4,5,6\n5,7\n")
        b.write("logs/l.jsonl", """
            {"timestamp": 1, "entity": "a", "message": "ok"}
            {"timestamp": 2, "entity": "a"}
            {"timestamp": 3, "entity": "a", "message": "x"
            {"timestamp": "soon", "entity": "a", "message": "x"}

            """)
        b.write("traces/t.jsonl", #"{"traceId": "t", "spanId": "s", "entity": "a", "operation": "o", "start": 1, "durationMs": -1}"# + "\n")
        let bundle = try TelemetryBundle.read(directory: b.path)
        #expect(bundle.diagnostics.map(\.description) == [
            "metrics/m.csv:3: column 2 (a:x): not a number: \"abc\"",
            "metrics/m.csv:4: invalid timestamp \"not-a-time\"",
            "metrics/m.csv:5: expected 2 fields, found 3",
            "logs/l.jsonl:2: missing \"message\"",
            "logs/l.jsonl:3: invalid JSON at column 47: expected ',' or '}'",
            "logs/l.jsonl:4: \"timestamp\" is not epoch seconds or ISO 8601: \"soon\"",
            "traces/t.jsonl:1: \"durationMs\" must not be negative",
        ])
        #expect(bundle.telemetry.metrics.first?.values == [2, 7])
        #expect(bundle.telemetry.logs.map(\.message) == ["ok"])
        #expect(bundle.telemetry.spans.isEmpty)
        #expect(throws: TelemetryBundleError.rejected(bundle.diagnostics)) { try TelemetryBundle.read(directory: b.path, strict: true) }
    }

    @Test func missingDirectoryOrIncidentIsAClearError() {
        let b = TempBundle()
        #expect(throws: TelemetryBundleError.missingIncident(b.path)) { try TelemetryBundle.read(directory: b.path) }
        #expect(throws: TelemetryBundleError.notADirectory(b.path + "/nope")) { try TelemetryBundle.read(directory: b.path + "/nope") }
        b.write("incident.json", #"{"title": "no time"}"#)
        #expect(throws: TelemetryBundleError.invalidIncident("missing \"detectedAt\"")) { try TelemetryBundle.read(directory: b.path) }
        b.write("incident.json", #"{"detectedAt": true}"#)
        #expect(throws: TelemetryBundleError.invalidIncident("\"detectedAt\" must be a number or an ISO 8601 string")) { try TelemetryBundle.read(directory: b.path) }
    }

    @Test func badHeaderSkipsTheFileOnly() throws {
        let b = TempBundle()
        b.write("incident.json", #"{"detectedAt": 10}"#)
        b.write("metrics/bad.csv", "time,a\n1,2\n")
        b.write("metrics/dup.csv", "timestamp,a,a:value\n1,2,3\n")
        b.write("metrics/good.csv", "timestamp,b\n1,2\n")
        let bundle = try TelemetryBundle.read(directory: b.path)
        #expect(bundle.telemetry.metrics.map(\.entity) == ["b"])
        #expect(bundle.diagnostics.map(\.description) == [
            "metrics/bad.csv:1: the first column must be \"timestamp\"; file skipped",
            "metrics/dup.csv:1: column 3: duplicate column \"a:value\"; file skipped",
        ])
    }
}
