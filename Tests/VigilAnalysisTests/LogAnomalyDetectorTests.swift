import Testing
import VigilTelemetry
@testable import VigilAnalysis

@Suite struct LogAnomalyDetectorTests {
    /// `count` lines spread evenly over [from, to).
    func lines(_ entity: String, _ message: (Int) -> String, count: Int, from: Double, to: Double, level: String? = nil) -> [LogEvent] {
        (0..<count).map { i in
            LogEvent(timestamp: from + (to - from) * Double(i) / Double(count), entity: entity, message: message(i), level: level, traceId: "t\(i)")
        }
    }

    @Test func surgeNewTemplateAndErrorShareAreFound() throws {
        var logs = lines("api", { "request \($0) served in \($0 % 7) ms" }, count: 600, from: 0, to: 600)
        logs += lines("api", { "request \($0) served in \($0 % 7) ms" }, count: 300, from: 600, to: 900)
        logs += lines("db", { "connection to pool \($0 % 3) timed out after \($0) ms" }, count: 3, from: 0, to: 600, level: "ERROR")
        logs += lines("db", { "connection to pool \($0 % 3) timed out after \($0) ms" }, count: 60, from: 600, to: 900, level: "ERROR")
        logs += lines("db", { "replica \($0 % 2) lag exceeded limit" }, count: 20, from: 600, to: 900)
        logs += lines("db", { "query ok \($0)" }, count: 300, from: 0, to: 900, level: "INFO")
        logs.sort { $0.timestamp < $1.timestamp }
        let found = LogAnomalyDetector().detect(logs, detectedAt: 600, windowStart: 0, windowEnd: 900)
        let surge = try #require(found.first { $0.kind == .surge })
        #expect(surge.entity == "db" && surge.baselineCount == 3 && surge.incidentCount == 60 && surge.isError)
        #expect(surge.template?.hasPrefix("connection to pool <*> timed out after <*>") == true)
        #expect(surge.traceIds.count == 5)
        #expect(surge.onset >= 600)
        let new = try #require(found.first { $0.kind == .newTemplate })
        #expect(new.entity == "db" && new.baselineCount == 0 && new.incidentCount == 20)
        #expect(found.contains { $0.kind == .errorShare && $0.entity == "db" })
        // The steady service shows nothing.
        #expect(!found.contains { $0.entity == "api" })
    }

    @Test func errorsAreRecognisedByLevelOrWording() {
        #expect(LogAnomalyDetector.isError(level: "error", message: "x"))
        #expect(!LogAnomalyDetector.isError(level: "INFO", message: "no error here"))
        #expect(LogAnomalyDetector.isError(level: nil, message: "java.lang.NullPointerException at Foo"))
        #expect(!LogAnomalyDetector.isError(level: nil, message: "GET /cart 200"))
    }

    @Test func noLogsNoFindings() {
        #expect(LogAnomalyDetector().detect([], detectedAt: 0, windowStart: 0, windowEnd: 1).isEmpty)
    }
}
