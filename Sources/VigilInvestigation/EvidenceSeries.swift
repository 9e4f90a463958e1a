import VigilAnalysis
import VigilAPIModel
import VigilTelemetry

/// The values behind a finding's metric evidence, kept in the FINDING journal record so a reader
/// (the web app's charts, a person reading the journal) sees the series that was judged, not only
/// its name. Downsampled to at most `maxPoints` bucket means so a record stays small.
enum EvidenceSeries {
    static let maxPoints = 120

    /// `[{"entity", "metric", "points": [[t, v], ...]}]` for each distinct metric series the
    /// hypothesis's evidence names and the window's telemetry holds.
    static func json(for hypothesis: Hypothesis, telemetry: IncidentTelemetry) -> JSONValue {
        var seen = Set<String>()
        var out: [JSONValue] = []
        for evidence in hypothesis.evidence {
            guard let metric = evidence.metric, seen.insert("\(evidence.entity)\u{0}\(metric)").inserted,
                  let series = telemetry.metrics.first(where: { $0.entity == evidence.entity && $0.metric == metric }) else { continue }
            let points = downsample(timestamps: series.timestamps, values: series.values, to: maxPoints)
            out.append(["entity": .string(evidence.entity), "metric": .string(metric),
                        "points": .array(points.map { .array([.rounded($0.0, 0), .rounded($0.1, 4)]) })])
        }
        return .array(out)
    }

    /// Bucket means in time order; every finite point when there are few enough. Pure.
    static func downsample(timestamps: [Double], values: [Double], to limit: Int) -> [(Double, Double)] {
        let pairs = zip(timestamps, values).filter { $0.0.isFinite && $0.1.isFinite }.sorted { $0.0 < $1.0 }
        guard pairs.count > limit, limit > 0 else { return pairs }
        let size = Double(pairs.count) / Double(limit)
        return (0..<limit).map { bucket in
            let slice = pairs[Int(Double(bucket) * size)..<min(pairs.count, Int(Double(bucket + 1) * size))]
            let n = Double(slice.count)
            return (slice.reduce(0) { $0 + $1.0 } / n, slice.reduce(0) { $0 + $1.1 } / n)
        }
    }
}
