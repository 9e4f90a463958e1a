import Foundation
import VigilTelemetry

/// A metric series that left its baseline during the incident.
public struct MetricAnomaly: Sendable, Hashable {
    public var entity: String
    public var metric: String
    /// +1 the series rose, -1 it fell.
    public var direction: Double
    /// Robust z of the shift (median level, or a short burst corrected for the number of samples).
    public var z: Double
    /// True when the shift is a sustained level shift (a change point) rather than a burst.
    public var levelShift: Bool
    /// When the series first left its baseline (may precede `detectedAt`).
    public var onset: Double
    /// Last incident sample beyond the threshold.
    public var end: Double
    public var baselineMedian: Double
    public var incidentMedian: Double
    /// Whether the direction is the bad one for this metric (a latency rise, a success-rate drop),
    /// or unknown.
    public var badDirection: Bool
    /// The period (in samples) removed before scoring, when the baseline was seasonal.
    public var seasonPeriod: Int?
    /// Size of the shift relative to the baseline level (or to the baseline's spread when the
    /// level is near zero): 0.5 is a 50% change. Small relative shifts of very steady series get
    /// large z values without mattering much.
    public var relativeChange: Double = 0
}

/// Robust anomaly and change-point detection on one series: the baseline (samples before
/// `detectedAt`) gives a median and a robust scale; seasonality found in the baseline by
/// autocorrelation is removed by subtracting the median of the same phase; the incident samples
/// are scored by their median shift (a level shift) and by their second-largest deviation minus
/// what that many normal samples would reach anyway (a burst). Pure.
public struct MetricAnomalyDetector: Sendable {
    /// Minimum robust z for an anomaly.
    public var threshold: Double = 4
    /// Baseline samples needed to judge a series.
    public var minBaseline: Int = 2
    /// Baseline samples needed before seasonality is looked for (at least three periods).
    public var minSeasonalBaseline: Int = 48
    /// Autocorrelation a period needs to be removed.
    public var minSeasonalCorrelation: Double = 0.5

    public init() {}

    public func detect(_ series: MetricSeries, detectedAt: Double) -> MetricAnomaly? {
        let n = min(series.timestamps.count, series.values.count)
        guard n > 0 else { return nil }
        var split = 0
        while split < n, series.timestamps[split] < detectedAt { split += 1 }
        guard split >= minBaseline, split < n else { return nil }
        var values = Array(series.values[0..<n])
        // Success-type ratios are judged on their failure share (see MetricSemantics.ratioCeiling);
        // `flip` turns directions back into the series' own.
        let ceiling = MetricSemantics.ratioCeiling(of: series.metric, values: values)
        if let ceiling { values = values.map { ceiling - $0 } }
        let flip: Double = ceiling == nil ? 1 : -1
        var period: Int? = nil
        if split >= minSeasonalBaseline, let p = Self.seasonPeriod(Array(values[0..<split]), minCorrelation: minSeasonalCorrelation) {
            period = p
            values = Self.deseasonalise(values, period: p, baselineCount: split)
        }
        let baseline = Array(values[0..<split])
        let center = RobustStatistics.median(baseline)
        let scale = RobustStatistics.robustScale(baseline, center: center)
        let zs = values.map { ($0 - center) / scale }
        let incident = Array(zs[split...])
        let medianZ = RobustStatistics.median(incident)
        let direction: Double = medianZ != 0 ? (medianZ > 0 ? 1 : -1) : (incident.reduce(0, +) >= 0 ? 1 : -1)
        var best = (z: abs(medianZ), dir: direction, level: true)
        for d in [1.0, -1.0] {
            let burst = Self.burst(incident.map { d * $0 })
            if burst > best.z { best = (burst, d, false) }
        }
        // A constant baseline shows no spread at all, so any departure has an unbounded z; what
        // it does show is n samples of the same value, which supports a z of about 4 + 2·√n.
        if baseline.allSatisfy({ $0 == center }) {
            best.z = min(best.z, 4 + 2 * Double(baseline.count).squareRoot())
        }
        guard best.z >= threshold else { return nil }
        let d = best.dir
        let shiftZ = best.level ? abs(medianZ) : Self.secondLargest(incident.map { d * $0 })
        let relative = shiftZ * scale / max(abs(center), scale)
        // Onset: the first incident sample beyond half the threshold, extended back over the
        // contiguous run of baseline samples that were already beyond it.
        let limit = threshold / 2
        var first = split
        while first < n, d * zs[first] < limit { first += 1 }
        if first == n { first = split }
        if first == split {
            while first > 0, d * zs[first - 1] >= limit { first -= 1 }
        }
        var last = n - 1
        while last > first, d * zs[last] < limit { last -= 1 }
        let beyond = incident.filter { d * $0 >= limit }.count
        let sustained = best.level || Double(beyond) >= 0.6 * Double(incident.count)
        let dirRule = MetricSemantics.direction(of: series.metric)
        let bad = dirRule == .either || (dirRule == .higherIsWorse) == (flip * d > 0)
        return MetricAnomaly(entity: series.entity, metric: series.metric, direction: flip * d, z: best.z, levelShift: sustained,
                             onset: series.timestamps[first], end: series.timestamps[last],
                             baselineMedian: RobustStatistics.median(Array(series.values[0..<split])),
                             incidentMedian: RobustStatistics.median(Array(series.values[split..<n])),
                             badDirection: bad, seasonPeriod: period, relativeChange: relative)
    }

    static func secondLargest(_ zs: [Double]) -> Double {
        guard zs.count >= 2 else { return zs.first ?? 0 }
        var top1 = -Double.infinity
        var top2 = -Double.infinity
        for z in zs {
            if z > top1 { top2 = top1; top1 = z } else if z > top2 { top2 = z }
        }
        return top2
    }

    /// The second-largest value minus the level the second-largest of that many standard normal
    /// samples reaches anyway (so long incident windows do not turn noise into bursts).
    static func burst(_ zs: [Double]) -> Double {
        guard zs.count >= 2 else { return zs.first ?? 0 }
        var top1 = -Double.infinity
        var top2 = -Double.infinity
        for z in zs {
            if z > top1 { top2 = top1; top1 = z } else if z > top2 { top2 = z }
        }
        let expected = (2 * log(Double(zs.count))).squareRoot() - 0.5
        return top2 - max(0, expected)
    }

    /// The strongest autocorrelation lag of the baseline (at most a third of it, at most 512
    /// samples), if it is a local peak above `minCorrelation`.
    static func seasonPeriod(_ baseline: [Double], minCorrelation: Double) -> Int? {
        let x = Array(baseline.suffix(4096))
        let n = x.count
        let maxLag = min(n / 3, 512)
        guard maxLag >= 3 else { return nil }
        let m = RobustStatistics.mean(x)
        let c = x.map { $0 - m }
        var denom = 0.0
        for v in c { denom += v * v }
        guard denom > 0 else { return nil }
        var acf = [Double](repeating: 0, count: maxLag + 2)
        for lag in 1...(maxLag + 1) {
            var s = 0.0
            var i = 0
            while i + lag < n { s += c[i] * c[i + lag]; i += 1 }
            acf[lag] = s / denom
        }
        var bestLag = 0
        var bestValue = minCorrelation
        for lag in 2...maxLag where acf[lag] > bestValue && acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1] {
            // The first lag must dip below the peak: a slow trend has no period.
            if acf[1] > acf[lag], (1..<lag).allSatisfy({ acf[$0] > acf[lag] }) { continue }
            bestLag = lag
            bestValue = acf[lag]
        }
        return bestLag > 0 ? bestLag : nil
    }

    /// Subtracts from every sample the baseline median of its phase (sample index modulo period),
    /// then adds back the overall baseline median so levels stay readable.
    static func deseasonalise(_ values: [Double], period: Int, baselineCount: Int) -> [Double] {
        var byPhase = [[Double]](repeating: [], count: period)
        for i in 0..<baselineCount { byPhase[i % period].append(values[i]) }
        let phaseMedian = byPhase.map { RobustStatistics.median($0) }
        let overall = RobustStatistics.median(Array(values[0..<baselineCount]))
        return values.enumerated().map { i, v in v - phaseMedian[i % period] + overall }
    }
}
