/// Operational text (log lines, tags, titles, alert text) is untrusted: it is cut to a length a
/// page can show and stripped of control characters here; HTML escaping happens in the templates
/// (`{{x}}` only) and in the SVG builders (`SVGText.escape`).
enum Untrusted {
    /// At most `limit` characters, with an ellipsis when cut; C0/C1 controls except tab and
    /// newline become spaces so nothing invisible reaches the page.
    static func cut(_ text: String, _ limit: Int = 300) -> String {
        var out = ""
        out.reserveCapacity(min(text.utf8.count, limit * 2))
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { return out + "…" }
            let v = scalar.value
            if (v < 0x20 && v != 0x09 && v != 0x0A) || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                out.unicodeScalars.append(" ")
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}

/// Escaping for text written into SVG or HTML outside the template engine (SVG charts, the sign-in
/// error page).
enum SVGText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A number for an SVG attribute: finite, two decimals at most.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
