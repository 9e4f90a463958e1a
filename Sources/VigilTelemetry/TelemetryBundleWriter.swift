import Foundation

extension TelemetryBundle {
    /// Writes `telemetry` as a bundle into `directory` (created if needed; files of the same names
    /// are replaced). Metrics go to one CSV per entity (`metrics/<n>.csv`, rows on the union of
    /// that entity's timestamps, empty cells where a series has no sample), logs to
    /// `logs/logs.jsonl`, spans to `traces/traces.jsonl`; the window is recorded in incident.json.
    /// Reading the result back gives the same telemetry (up to ordering of metric series).
    public static func write(_ telemetry: IncidentTelemetry, to directory: String) throws {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory)
        func save(_ relative: String, _ bytes: [UInt8]) throws {
            let url = root.appendingPathComponent(relative)
            do {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url, options: .atomic)
            } catch {
                throw TelemetryBundleError.writeFailed(url.path, "\(error)")
            }
        }

        var incident = JSONLineWriter()
        incident.begin()
        incident.member("detectedAt", number: telemetry.incident.detectedAt)
        if let symptom = telemetry.incident.symptom { incident.member("symptom", string: symptom) }
        incident.member("title", string: telemetry.incident.title)
        incident.member("windowStart", number: telemetry.windowStart)
        incident.member("windowEnd", number: telemetry.windowEnd)
        incident.end()
        try save("incident.json", incident.bytes)

        // Metrics: one wide CSV per entity, entities in first-seen order.
        var byEntity: [String: [MetricSeries]] = [:]
        var entities: [String] = []
        for m in telemetry.metrics {
            if byEntity[m.entity] == nil { entities.append(m.entity) }
            byEntity[m.entity, default: []].append(m)
        }
        for (k, entity) in entities.enumerated() {
            let series = byEntity[entity] ?? []
            var times = Set<Double>()
            for s in series { times.formUnion(s.timestamps) }
            let rows = times.sorted()
            var index: [Double: Int] = [:]
            for (i, t) in rows.enumerated() { index[t] = i }
            var grid = [[Double?]](repeating: [Double?](repeating: nil, count: series.count), count: rows.count)
            for (c, s) in series.enumerated() {
                for (t, v) in zip(s.timestamps, s.values) where v.isFinite { if let r = index[t] { grid[r][c] = v } }
            }
            var out = "timestamp"
            for s in series { out += "," + csvField(s.entity + ":" + s.metric) }
            out += "\n"
            for (r, t) in rows.enumerated() {
                out += number(t)
                for c in 0..<series.count {
                    out += ","
                    if let v = grid[r][c] { out += number(v) }
                }
                out += "\n"
            }
            try save(String(format: "metrics/%04d.csv", k + 1), Array(out.utf8))
        }

        if !telemetry.logs.isEmpty {
            var w = JSONLineWriter()
            for e in telemetry.logs {
                w.begin()
                w.member("timestamp", number: e.timestamp)
                w.member("entity", string: e.entity)
                w.member("message", string: e.message)
                if let level = e.level { w.member("level", string: level) }
                if let traceId = e.traceId { w.member("traceId", string: traceId) }
                w.end()
            }
            try save("logs/logs.jsonl", w.bytes)
        }
        if !telemetry.spans.isEmpty {
            var w = JSONLineWriter()
            for s in telemetry.spans {
                w.begin()
                w.member("traceId", string: s.traceId)
                w.member("spanId", string: s.spanId)
                if let parent = s.parentSpanId { w.member("parentSpanId", string: parent) }
                w.member("entity", string: s.entity)
                w.member("operation", string: s.operation)
                w.member("start", number: s.start)
                w.member("durationMs", number: s.durationMs)
                if s.error { w.member("error", bool: true) }
                w.end()
            }
            try save("traces/traces.jsonl", w.bytes)
        }
        if !telemetry.changes.isEmpty {
            var w = JSONLineWriter()
            for c in telemetry.changes {
                w.begin()
                w.member("timestamp", number: c.timestamp)
                w.member("entity", string: c.entity)
                w.member("kind", string: c.kind)
                w.member("description", string: c.description)
                if let reference = c.reference { w.member("reference", string: reference) }
                w.end()
            }
            try save("changes.jsonl", w.bytes)
        }
        if !telemetry.alarms.isEmpty {
            var w = JSONLineWriter()
            for a in telemetry.alarms {
                w.begin()
                w.member("timestamp", number: a.timestamp)
                w.member("entity", string: a.entity)
                w.member("name", string: a.name)
                w.member("state", string: a.state)
                if let reason = a.reason { w.member("reason", string: reason) }
                w.end()
            }
            try save("alarms.jsonl", w.bytes)
        }
        if !telemetry.edges.isEmpty {
            var out = "{\"edges\": ["
            for (k, e) in telemetry.edges.enumerated() {
                var a = JSONLineWriter()
                a.string(e.caller)
                var b = JSONLineWriter()
                b.string(e.callee)
                out += (k == 0 ? "\n  [" : ",\n  [") + String(decoding: a.bytes, as: UTF8.self) + ", " + String(decoding: b.bytes, as: UTF8.self) + "]"
            }
            out += "\n]}\n"
            try save("topology.json", Array(out.utf8))
        }
    }

    /// Shortest text that reads back as the same Double.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(",") || s.contains("\"") || s.contains("\n") else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Builds JSON objects member by member (one per line).
struct JSONLineWriter {
    var bytes: [UInt8] = []
    private var first = true

    mutating func begin() { bytes.append(UInt8(ascii: "{")); first = true }
    mutating func end() { bytes.append(contentsOf: [UInt8(ascii: "}"), 10]) }

    private mutating func key(_ k: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        string(k)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func member(_ k: String, string value: String) { key(k); string(value) }
    mutating func member(_ k: String, number value: Double) { key(k); bytes.append(contentsOf: TelemetryBundle.number(value).utf8) }
    mutating func member(_ k: String, bool value: Bool) { key(k); bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    mutating func string(_ s: String) {
        bytes.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }
}
