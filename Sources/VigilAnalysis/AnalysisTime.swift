import VigilCore

/// Formats epoch seconds as ISO 8601 UTC (`2026-11-27T06:03:39Z`) for evidence summaries.
enum AnalysisTime {
    static func iso(_ t: Double) -> String {
        guard t.isFinite, abs(t) < 1e12 else { return "\(t)" }
        let whole = Int((t).rounded(.down))
        var days = whole / 86_400
        var secs = whole % 86_400
        if secs < 0 { secs += 86_400; days -= 1 }
        let (y, m, d) = CivilCalendar.date(days: days)
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
