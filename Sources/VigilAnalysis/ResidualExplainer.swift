import VigilTelemetry

/// Separates an entity's own metric shift from what its anomalous callees explain: a linear
/// regression of the entity's series on its callees' series, fitted on the baseline, leaves a
/// residual; the residual is scored like any series. Only done when the baseline has enough
/// aligned samples for the fit (`samplesPerParameter` per coefficient), otherwise the caller
/// falls back to the topology rule. Pure.
struct ResidualExplainer {
    var samplesPerParameter = 20
    var maxRegressors = 8
    var detector: MetricAnomalyDetector

    /// The residual anomaly of `target` given `regressors` (nil when the residual is normal), or
    /// `.notFitted` when there is too little aligned data.
    enum Outcome { case notFitted, explained, residual(MetricAnomaly) }

    func explain(_ target: MetricSeries, by regressors: [MetricSeries], detectedAt: Double) -> Outcome {
        let regs = Array(regressors.prefix(maxRegressors))
        guard !regs.isEmpty else { return .notFitted }
        // Align on the target's timestamps.
        var maps: [[Double: Double]] = []
        for r in regs {
            var m: [Double: Double] = [:]
            m.reserveCapacity(r.timestamps.count)
            for (t, v) in zip(r.timestamps, r.values) { m[t] = v }
            maps.append(m)
        }
        var rows: [Int] = []
        var x: [[Double]] = []
        for (i, t) in target.timestamps.enumerated() {
            var row = [1.0]
            var ok = true
            for m in maps { guard let v = m[t] else { ok = false; break }; row.append(v) }
            if ok { rows.append(i); x.append(row) }
        }
        let p = regs.count + 1
        let baselineRows = rows.indices.filter { target.timestamps[rows[$0]] < detectedAt }
        guard baselineRows.count >= samplesPerParameter * p, rows.count > baselineRows.count else { return .notFitted }
        // Normal equations with a small ridge for stability.
        var xtx = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var xty = [Double](repeating: 0, count: p)
        for k in baselineRows {
            let row = x[k]
            let y = target.values[rows[k]]
            for a in 0..<p {
                xty[a] += row[a] * y
                for b in 0..<p { xtx[a][b] += row[a] * row[b] }
            }
        }
        for a in 1..<p { xtx[a][a] += 1e-6 * max(xtx[a][a], 1) }
        guard let beta = Self.solve(xtx, xty) else { return .notFitted }
        var residual = target
        residual.timestamps = rows.map { target.timestamps[$0] }
        residual.values = rows.indices.map { k in
            var fit = 0.0
            for a in 0..<p { fit += beta[a] * x[k][a] }
            return target.values[rows[k]] - fit
        }
        if let anomaly = detector.detect(residual, detectedAt: detectedAt) { return .residual(anomaly) }
        return .explained
    }

    /// Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = a
        var v = b
        for col in 0..<n {
            var pivot = col
            for r in col..<n where abs(m[r][col]) > abs(m[pivot][col]) { pivot = r }
            guard abs(m[pivot][col]) > 1e-12 else { return nil }
            if pivot != col { m.swapAt(pivot, col); v.swapAt(pivot, col) }
            for r in (col + 1)..<max(n, col + 1) where r < n {
                let f = m[r][col] / m[col][col]
                if f == 0 { continue }
                for c in col..<n { m[r][c] -= f * m[col][c] }
                v[r] -= f * v[col]
            }
        }
        var out = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = v[r]
            for c in (r + 1)..<max(n, r + 1) where c < n { s -= m[r][c] * out[c] }
            out[r] = s / m[r][r]
        }
        return out.allSatisfy(\.isFinite) ? out : nil
    }
}
