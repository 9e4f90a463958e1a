import Foundation
import VigilCore

/// Parses the date-time forms senders use: RFC 3339 with or without fractional seconds (any
/// number of digits, as Go and Alertmanager write nanoseconds), `Z` or a numeric offset.
enum ISO8601 {
    static func parse(_ text: String) -> Double? {
        let s = Array(text.utf8)
        func digits(_ from: Int, _ n: Int) -> Int? {
            guard from + n <= s.count else { return nil }
            var v = 0
            for i in from..<(from + n) {
                guard s[i] >= 48, s[i] <= 57 else { return nil }
                v = v * 10 + Int(s[i] - 48)
            }
            return v
        }
        guard s.count >= 19, let y = digits(0, 4), s[4] == UInt8(ascii: "-"), let mo = digits(5, 2), s[7] == UInt8(ascii: "-"),
              let d = digits(8, 2), s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: "t") || s[10] == UInt8(ascii: " "),
              let h = digits(11, 2), s[13] == UInt8(ascii: ":"), let mi = digits(14, 2), s[16] == UInt8(ascii: ":"),
              let sec = digits(17, 2) else { return nil }
        guard (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, sec < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < s.count, s[i] >= 48, s[i] <= 57 {
                fraction += Double(s[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        var offset = 0
        guard i < s.count else { return nil }
        if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
            i += 1
        } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            let sign = s[i] == UInt8(ascii: "+") ? 1 : -1
            guard let oh = digits(i + 1, 2) else { return nil }
            var j = i + 3
            if j < s.count, s[j] == UInt8(ascii: ":") { j += 1 }
            guard let om = digits(j, 2) else { return nil }
            offset = sign * (oh * 3600 + om * 60)
            i = j + 2
        } else {
            return nil
        }
        guard i == s.count else { return nil }
        let days = CivilCalendar.days(year: y, month: mo, day: d)
        return Double(days * 86400 + h * 3600 + mi * 60 + sec - offset) + fraction
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` (UTC, to the nearest millisecond), as
    /// ISO8601DateFormatter writes it with fractional seconds, computed arithmetically: the intake
    /// processor formats several times per alert, and creating a formatter (ICU) each time
    /// dominated its profile.
    static func format(_ t: Double) -> String {
        guard t.isFinite, abs(t) < 253_402_300_800 else { return "1970-01-01T00:00:00.000Z" }
        let millis = Int64((t * 1000).rounded())
        var days = millis / 86_400_000
        var ms = millis % 86_400_000
        if ms < 0 { ms += 86_400_000; days -= 1 }
        let civil = CivilCalendar.date(days: Int(days))
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        var out = [UInt8]()
        out.reserveCapacity(24)
        func put(_ value: Int64, _ width: Int) {
            var digits = [UInt8](repeating: 48, count: width)
            var v = value
            for i in stride(from: width - 1, through: 0, by: -1) {
                digits[i] = UInt8(48 + v % 10)
                v /= 10
            }
            out.append(contentsOf: digits)
        }
        put(year, 4); out.append(45); put(month, 2); out.append(45); put(day, 2); out.append(84)
        put(ms / 3_600_000, 2); out.append(58); put(ms / 60_000 % 60, 2); out.append(58); put(ms / 1000 % 60, 2)
        out.append(46); put(ms % 1000, 3); out.append(90)
        return String(decoding: out, as: UTF8.self)
    }
}
