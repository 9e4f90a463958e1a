/// Formats epoch seconds as ISO 8601 UTC (`2026-11-27T06:03:39Z`) for evidence summaries.
enum AnalysisTime {
    static func iso(_ t: Double) -> String {
        guard t.isFinite, abs(t) < 1e12 else { return "\(t)" }
        let whole = Int((t).rounded(.down))
        var days = whole / 86_400
        var secs = whole % 86_400
        if secs < 0 { secs += 86_400; days -= 1 }
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }

    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        let a = abs(v)
        if a >= 100 || v == v.rounded() { return String(Int64(v.rounded())) }
        if a >= 1 { return String(Double(Int64((v * 100).rounded())) / 100) }
        return String(Double(Int64((v * 10_000).rounded())) / 10_000)
    }
}
