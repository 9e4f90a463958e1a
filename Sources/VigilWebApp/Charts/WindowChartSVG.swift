import Foundation

/// The incident window of one piece of metric evidence as an SVG chart: the look-back window on
/// the time axis, the baseline before onset, the onset line, and the span the detector flagged
/// as anomalous in red, and the series' values (from the FINDING record; downsampled by the
/// investigation) as a line scaled between their minimum and maximum. A record written before
/// values were kept has none: the chart then says so.
enum WindowChartSVG {
    static func render(metric: String, entity: String, window: InvestigationModel.Window, anomalyStart: Double?, anomalyEnd: Double?,
                       summary: String, points: [(Double, Double)] = []) -> String {
        let w = 560.0, h = 150.0, left = 12.0, right = 12.0, top = 34.0, plotH = 70.0
        let span = max(1, window.end - window.start)
        func x(_ t: Double) -> Double { left + (min(max(t, window.start), window.end) - window.start) / span * (w - left - right) }
        let n = SVGText.number
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(w)) \(n(h))\" width=\"\(n(w))\" height=\"\(n(h))\" font-family=\"sans-serif\" font-size=\"11\">"
        out += "<title>\(SVGText.escape(Untrusted.cut("\(entity) \(metric): \(summary)", 300)))</title>"
        out += "<text x=\"\(n(left))\" y=\"16\" font-weight=\"bold\">\(SVGText.escape(Untrusted.cut("\(entity) · \(metric)", 70)))</text>"
        out += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(w - left - right))\" height=\"\(n(plotH))\" fill=\"#f1f3f5\" stroke=\"#ced4da\"/>"
        out += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(x(window.onset) - left))\" height=\"\(n(plotH))\" fill=\"#e7f5ff\"><title>baseline</title></rect>"
        if let a = anomalyStart {
            let b = anomalyEnd ?? window.end
            out += "<rect class=\"anomaly\" x=\"\(n(x(a)))\" y=\"\(n(top))\" width=\"\(n(max(2, x(b) - x(a))))\" height=\"\(n(plotH))\" fill=\"#ffa8a8\" fill-opacity=\"0.8\"><title>anomalous span</title></rect>"
        }
        out += "<line x1=\"\(n(x(window.onset)))\" y1=\"\(n(top - 4))\" x2=\"\(n(x(window.onset)))\" y2=\"\(n(top + plotH + 4))\" stroke=\"#c92a2a\" stroke-dasharray=\"4 3\"/>"
        out += "<text x=\"\(n(x(window.onset) + 3))\" y=\"\(n(top + 12))\" fill=\"#c92a2a\">onset</text>"
        out += "<text x=\"\(n(left))\" y=\"\(n(top + plotH + 16))\">\(clock(window.start))</text>"
        out += "<text x=\"\(n(w - right))\" y=\"\(n(top + plotH + 16))\" text-anchor=\"end\">\(clock(window.end))</text>"
        let shown = points.filter { $0.0 >= window.start && $0.0 <= window.end }
        if let low = shown.map(\.1).min(), let high = shown.map(\.1).max() {
            let range = high - low
            func y(_ v: Double) -> Double { top + plotH - 4 - (range > 0 ? (v - low) / range : 0.5) * (plotH - 8) }
            let line = shown.map { "\(n(x($0.0))),\(n(y($0.1)))" }.joined(separator: " ")
            out += "<polyline class=\"series\" points=\"\(line)\" fill=\"none\" stroke=\"#1c7ed6\" stroke-width=\"1.5\"/>"
            // Scale labels sit on the left, over the baseline, clear of the onset label.
            out += "<text x=\"\(n(left + 3))\" y=\"\(n(top + 11))\" fill=\"#495057\">max \(value(high))</text>"
            out += "<text x=\"\(n(left + 3))\" y=\"\(n(top + plotH - 3))\" fill=\"#495057\">min \(value(low))</text>"
            out += "<text x=\"\(n(left))\" y=\"\(n(h - 6))\" fill=\"#868e96\">\(shown.count) points over the window; flagged span in red.</text>"
        } else {
            out += "<text x=\"\(n(left))\" y=\"\(n(h - 6))\" fill=\"#868e96\">Window and flagged span; this record keeps no series values.</text>"
        }
        return out + "</svg>"
    }

    /// A value label: up to 3 significant decimals, no exponent for ordinary magnitudes.
    static func value(_ v: Double) -> String {
        abs(v) >= 1000 ? String(format: "%.0f", v) : String(format: "%.3g", v)
    }

    static func clock(_ t: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "HH:mm:ss 'UTC'"
        return formatter.string(from: Date(timeIntervalSince1970: t))
    }
}
