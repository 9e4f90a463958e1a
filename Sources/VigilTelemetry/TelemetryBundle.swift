import Foundation

/// An incident's telemetry as a directory on disk (the format is in docs/telemetry-bundle.md):
///
///     incident.json          {"detectedAt", "symptom"?, "title"?, "windowStart"?, "windowEnd"?}
///     metrics/*.csv          wide CSV: timestamp, <entity>:<metric> | <entity>, ...
///     logs/*.jsonl           {"timestamp", "entity", "message", "level"?, "traceId"?}
///     traces/*.jsonl         {"traceId", "spanId", "parentSpanId"?, "entity", "operation", "start", "durationMs", "error"?}
///     changes.jsonl          {"timestamp", "entity", "kind", "description", "reference"?}
///     alarms.jsonl           {"timestamp", "entity", "name", "state", "reason"?}
///     topology.json          {"edges": [["caller", "callee"], ...]}
///
/// Everything but incident.json is optional.
public struct TelemetryBundle: Sendable {
    public var telemetry: IncidentTelemetry
    /// Malformed lines that were skipped, in file order.
    public var diagnostics: [BundleDiagnostic]

    public init(telemetry: IncidentTelemetry, diagnostics: [BundleDiagnostic] = []) {
        self.telemetry = telemetry
        self.diagnostics = diagnostics
    }

    /// Reads a bundle. Malformed lines are skipped and listed in `diagnostics`; with `strict` any
    /// malformed line rejects the whole bundle (`TelemetryBundleError.rejected`).
    public static func read(directory: String, strict: Bool = false) throws -> TelemetryBundle {
        guard BundleFiles.isDirectory(directory) else { throw TelemetryBundleError.notADirectory(directory) }
        let root = URL(fileURLWithPath: directory)
        let incidentPath = root.appendingPathComponent("incident.json").path
        guard FileManager.default.fileExists(atPath: incidentPath) else { throw TelemetryBundleError.missingIncident(directory) }
        let header = try readIncident(try BundleFiles.load(incidentPath))
        var diagnostics: [BundleDiagnostic] = []

        // Metrics.
        var columns: [BundleMetricsCSV.Column: (t: [Double], v: [Double])] = [:]
        var order: [BundleMetricsCSV.Column] = []
        let metricsDir = root.appendingPathComponent("metrics").path
        for name in BundleFiles.list(metricsDir, suffix: ".csv") {
            let bytes = try BundleFiles.load(metricsDir + "/" + name)
            BundleMetricsCSV.read(bytes, file: "metrics/" + name, into: &columns, order: &order, diagnostics: &diagnostics)
        }
        var metrics: [MetricSeries] = []
        metrics.reserveCapacity(order.count)
        for c in order {
            guard let s = columns[c], !s.t.isEmpty else { continue }
            let (t, v) = sortedByTime(s.t, s.v)
            metrics.append(MetricSeries(entity: c.entity, metric: c.metric, timestamps: t, values: v))
        }

        // Logs and traces.
        var logs: [LogEvent] = []
        let logsDir = root.appendingPathComponent("logs").path
        for name in BundleFiles.list(logsDir, suffix: ".jsonl") {
            BundleRecordDecoders.readLines(try BundleFiles.load(logsDir + "/" + name), file: "logs/" + name,
                                           into: &logs, diagnostics: &diagnostics, BundleRecordDecoders.log)
        }
        if !isSorted(logs.map(\.timestamp)) {
            logs = logs.enumerated().sorted { a, b in
                a.element.timestamp != b.element.timestamp ? a.element.timestamp < b.element.timestamp : a.offset < b.offset
            }.map(\.element)
        }
        var spans: [Span] = []
        let tracesDir = root.appendingPathComponent("traces").path
        for name in BundleFiles.list(tracesDir, suffix: ".jsonl") {
            BundleRecordDecoders.readLines(try BundleFiles.load(tracesDir + "/" + name), file: "traces/" + name,
                                           into: &spans, diagnostics: &diagnostics, BundleRecordDecoders.span)
        }

        // Changes, alarms, topology.
        var changes: [ChangeEvent] = []
        let changesPath = root.appendingPathComponent("changes.jsonl").path
        if FileManager.default.fileExists(atPath: changesPath) {
            BundleRecordDecoders.readLines(try BundleFiles.load(changesPath), file: "changes.jsonl",
                                           into: &changes, diagnostics: &diagnostics, BundleRecordDecoders.change)
        }
        var alarms: [AlarmEvent] = []
        let alarmsPath = root.appendingPathComponent("alarms.jsonl").path
        if FileManager.default.fileExists(atPath: alarmsPath) {
            BundleRecordDecoders.readLines(try BundleFiles.load(alarmsPath), file: "alarms.jsonl",
                                           into: &alarms, diagnostics: &diagnostics, BundleRecordDecoders.alarm)
        }
        var edges: [CallEdge] = []
        let topologyPath = root.appendingPathComponent("topology.json").path
        if FileManager.default.fileExists(atPath: topologyPath) {
            edges = readTopology(try BundleFiles.load(topologyPath), diagnostics: &diagnostics)
        }

        if strict, !diagnostics.isEmpty { throw TelemetryBundleError.rejected(diagnostics) }

        // The window: as declared, else the span of the data (end exclusive, so one past the last sample).
        var lo = Double.infinity
        var hi = -Double.infinity
        func see(_ t: Double) { if t < lo { lo = t }; if t > hi { hi = t } }
        for m in metrics { if let f = m.timestamps.first, let l = m.timestamps.last { see(f); see(l) } }
        if let f = logs.first, let l = logs.last { see(f.timestamp); see(l.timestamp) }
        for s in spans { see(s.start) }
        for c in changes { see(c.timestamp) }
        for a in alarms { see(a.timestamp) }
        if lo > hi { lo = header.incident.detectedAt; hi = header.incident.detectedAt }
        let windowStart = header.windowStart ?? min(lo, header.incident.detectedAt)
        let windowEnd = header.windowEnd ?? (max(hi, header.incident.detectedAt) + 1)

        let telemetry = IncidentTelemetry(incident: header.incident, windowStart: windowStart, windowEnd: windowEnd,
                                          metrics: metrics, logs: logs, spans: spans, changes: changes.sorted { $0.timestamp < $1.timestamp },
                                          alarms: alarms.sorted { $0.timestamp < $1.timestamp }, edges: edges)
        return TelemetryBundle(telemetry: telemetry, diagnostics: diagnostics)
    }

    struct IncidentHeader {
        var incident: IncidentInfo
        var windowStart: Double?
        var windowEnd: Double?
    }

    static func readIncident(_ bytes: [UInt8]) throws -> IncidentHeader {
        let parsed: FlatJSONLine
        do {
            parsed = try bytes.withUnsafeBufferPointer { buffer throws(FlatJSONError) in try FlatJSONLine.parse(buffer) }
        } catch {
            throw TelemetryBundleError.invalidIncident("not a JSON object (offset \(error.column): \(error.reason))")
        }
        let record = BundleRecord(line: parsed)
        func time(_ key: String) throws -> Double? {
            if parsed[key] == nil || parsed[key] == .null { return nil }
            do { return try record.timestamp(key) } catch { throw TelemetryBundleError.invalidIncident(error.reason) }
        }
        func string(_ key: String) throws -> String? {
            do { return try record.optionalString(key) } catch { throw TelemetryBundleError.invalidIncident(error.reason) }
        }
        guard let detectedAt = try time("detectedAt") else {
            throw TelemetryBundleError.invalidIncident("missing \"detectedAt\"")
        }
        let start = try time("windowStart")
        let end = try time("windowEnd")
        if let start, let end, start >= end {
            throw TelemetryBundleError.invalidIncident("\"windowStart\" must be before \"windowEnd\"")
        }
        let incident = IncidentInfo(detectedAt: detectedAt, symptom: try string("symptom"), title: try string("title") ?? "incident")
        return IncidentHeader(incident: incident, windowStart: start, windowEnd: end)
    }

    static func readTopology(_ bytes: [UInt8], diagnostics: inout [BundleDiagnostic]) -> [CallEdge] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), let o = object as? [String: Any] else {
            diagnostics.append(BundleDiagnostic(file: "topology.json", line: 1, reason: "not a JSON object; topology ignored"))
            return []
        }
        guard let list = o["edges"] as? [Any] else {
            diagnostics.append(BundleDiagnostic(file: "topology.json", line: 1, reason: "missing \"edges\" array; topology ignored"))
            return []
        }
        var edges: [CallEdge] = []
        var seen = Set<CallEdge>()
        for (k, item) in list.enumerated() {
            guard let pair = item as? [Any], pair.count == 2, let caller = pair[0] as? String, let callee = pair[1] as? String,
                  !caller.isEmpty, !callee.isEmpty else {
                diagnostics.append(BundleDiagnostic(file: "topology.json", line: 1, reason: "edges[\(k)]: expected [\"caller\", \"callee\"]; edge skipped"))
                continue
            }
            let edge = CallEdge(caller: caller, callee: callee)
            if seen.insert(edge).inserted { edges.append(edge) }
        }
        return edges
    }

    static func isSorted(_ t: [Double]) -> Bool {
        var i = 1
        while i < t.count { if t[i] < t[i - 1] { return false }; i += 1 }
        return true
    }

    static func sortedByTime(_ t: [Double], _ v: [Double]) -> ([Double], [Double]) {
        if isSorted(t) { return (t, v) }
        let idx = t.indices.sorted { t[$0] != t[$1] ? t[$0] < t[$1] : $0 < $1 }
        return (idx.map { t[$0] }, idx.map { v[$0] })
    }
}
