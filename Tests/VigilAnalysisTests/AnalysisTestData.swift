import VigilTelemetry

/// Deterministic pseudo-noise for constructed test series (no randomness between runs).
struct TestNoise {
    var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    /// Roughly standard normal: sum of four uniforms, centred and scaled.
    mutating func next() -> Double {
        var s = 0.0
        for _ in 0..<4 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            s += Double(state % 1_000_000) / 1_000_000
        }
        return (s - 2) * 1.732
    }
}

/// A series sampled every `step` seconds from `start`, value `f(i)` plus noise of `sigma`.
func series(_ entity: String, _ metric: String, count: Int, start: Double = 0, step: Double = 60, sigma: Double = 1,
            seed: UInt64 = 1, _ f: (Int) -> Double) -> MetricSeries {
    var noise = TestNoise(seed: seed)
    var t: [Double] = []
    var v: [Double] = []
    for i in 0..<count {
        t.append(start + Double(i) * step)
        v.append(f(i) + sigma * noise.next())
    }
    return MetricSeries(entity: entity, metric: metric, timestamps: t, values: v)
}
