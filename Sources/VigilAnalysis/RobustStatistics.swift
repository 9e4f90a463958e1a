import Foundation

/// Order statistics the detectors share. Pure; inputs are never modified.
enum RobustStatistics {
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = values.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    /// Quantile with linear interpolation, q in [0, 1].
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        return quantileOfSorted(values.sorted(), q)
    }

    static func quantileOfSorted(_ s: [Double], _ q: Double) -> Double {
        guard !s.isEmpty else { return 0 }
        let pos = min(max(q, 0), 1) * Double(s.count - 1)
        let lo = Int(pos)
        let hi = min(lo + 1, s.count - 1)
        let f = pos - Double(lo)
        return s[lo] * (1 - f) + s[hi] * f
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// A scale estimate that survives outliers and tiny or near-constant baselines: the normal-
    /// consistent MAD, but never below the mean absolute deviation from the median (which sees the
    /// rare non-constant samples MAD ignores) nor below a share of the level itself that shrinks
    /// with the number of samples (a tenth of the level over the square root of n): a handful of
    /// samples cannot show that a series is steadier than that, and without the floor a constant
    /// baseline would make every wiggle infinitely significant.
    static func robustScale(_ values: [Double], center: Double) -> Double {
        guard !values.isEmpty else { return 1 }
        let deviations = values.map { abs($0 - center) }
        let mad = 1.4826 * median(deviations)
        let meanAbs = 1.2533 * mean(deviations)
        let levelFloor = 0.1 * abs(center) / Double(values.count).squareRoot()
        return max(mad, meanAbs, levelFloor, 1e-9)
    }

    /// Signed-root likelihood-ratio statistic of a Poisson count against its expectation:
    /// approximately standard normal, positive when `observed` exceeds `expected`.
    static func poissonZ(observed: Double, expected: Double) -> Double {
        let lambda = max(expected, 1e-9)
        if observed <= 0 { return -(2 * lambda).squareRoot() }
        let g = 2 * (observed * log(observed / lambda) - (observed - lambda))
        let z = max(g, 0).squareRoot()
        return observed >= lambda ? z : -z
    }

    /// Two-proportion z statistic (incident share minus baseline share), with half-count smoothing.
    static func proportionZ(baselineHits: Int, baselineTotal: Int, incidentHits: Int, incidentTotal: Int) -> Double {
        guard baselineTotal > 0, incidentTotal > 0 else { return 0 }
        let p1 = (Double(baselineHits) + 0.5) / (Double(baselineTotal) + 1)
        let p2 = (Double(incidentHits) + 0.5) / (Double(incidentTotal) + 1)
        let pooled = (Double(baselineHits + incidentHits) + 1) / (Double(baselineTotal + incidentTotal) + 2)
        let se = (pooled * (1 - pooled) * (1 / Double(baselineTotal) + 1 / Double(incidentTotal))).squareRoot()
        return se > 0 ? (p2 - p1) / se : 0
    }

    /// Maps a z-like strength to an evidence score in [0, 1): 0 up to `threshold`, then
    /// L / (L + scale) with L = ln(1 + excess). Logarithmic because z values from tiny or
    /// quantised baselines reach the hundreds without being more telling than a z of 30; it
    /// never saturates, so stronger evidence still scores higher.
    static func score(z: Double, threshold: Double, scale: Double = 2) -> Double {
        guard z > threshold else { return 0 }
        guard z.isFinite else { return 1 - 1e-9 }
        let l = log(1 + (z - threshold + 1))
        return l / (l + scale)
    }
}

