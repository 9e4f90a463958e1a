import VigilCore

/// Timestamps as the bundle format accepts them, converted to epoch seconds.
///
/// Numbers are epoch seconds unless their magnitude says otherwise: below 1e11 they are seconds
/// (that covers every date up to the year 5138), below 1e14 milliseconds, below 1e17 microseconds,
/// and from 1e17 on nanoseconds. Strings are ISO 8601 date-times (`2026-11-27T06:03:39Z`,
/// `2026-11-27 06:03:39.250+01:00`, `2026-11-27`); without a zone they are UTC. A string holding
/// only a number is read as a number.
public enum BundleTimestamp {
    /// Converts a numeric timestamp in seconds, milliseconds, microseconds or nanoseconds.
    public static func seconds(fromNumber value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let magnitude = abs(value)
        if magnitude < 1e11 { return value }
        if magnitude < 1e14 { return value / 1e3 }
        if magnitude < 1e17 { return value / 1e6 }
        return value / 1e9
    }

    /// Parses an ISO 8601 date-time or a numeric string.
    public static func seconds(fromString text: String) -> Double? {
        var text = text
        return text.withUTF8 { seconds(fromUTF8: $0) }
    }

    static func seconds(fromUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var lo = 0
        var hi = bytes.count
        while lo < hi, bytes[lo] == 32 || bytes[lo] == 9 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 32 || bytes[hi - 1] == 9 { hi -= 1 }
        guard hi > lo else { return nil }
        let slice = UnsafeBufferPointer(rebasing: bytes[lo..<hi])
        if let iso = parseISO(slice) { return iso }
        if let number = parseNumber(slice) { return seconds(fromNumber: number) }
        return nil
    }

    static func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty, bytes.count < 64 else { return nil }
        for b in bytes where !(b >= 48 && b <= 57) && b != 46 && b != 45 && b != 43 && b != 101 && b != 69 {
            return nil
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// `YYYY-MM-DD[(T|t| )HH:MM[:SS[.fraction]]][Z|z|±HH[:MM]|±HHMM]`, anything else is nil.
    static func parseISO(_ s: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = s.count
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for k in 0..<count {
                let c = s[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += count
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < n, s[i] == c else { return false }
            i += 1
            return true
        }
        guard n >= 10, let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2),
              (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month) else { return nil }
        var secondsOfDay = 0.0
        var offset = 0.0
        if i < n {
            guard s[i] == 84 || s[i] == 116 || s[i] == 32 else { return nil }
            i += 1
            guard let hour = digits(2), expect(58), let minute = digits(2), hour < 24, minute < 60 else { return nil }
            var second = 0.0
            if i < n, s[i] == 58 {
                i += 1
                guard let whole = digits(2), whole <= 60 else { return nil }
                second = Double(whole)
                if i < n, s[i] == 46 || s[i] == 44 {
                    i += 1
                    var scale = 0.1
                    var fraction = 0.0
                    let start = i
                    while i < n, s[i] >= 48, s[i] <= 57 {
                        fraction += Double(s[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                    guard i > start else { return nil }
                    second += fraction
                }
            }
            secondsOfDay = Double(hour * 3600 + minute * 60) + second
            if i < n {
                let c = s[i]
                if c == 90 || c == 122 {
                    i += 1
                } else if c == 43 || c == 45 {
                    i += 1
                    guard let oh = digits(2), oh <= 23 else { return nil }
                    var om = 0
                    if i < n {
                        _ = expect(58)
                        guard let m = digits(2), m < 60 else { return nil }
                        om = m
                    }
                    offset = Double(oh * 3600 + om * 60) * (c == 43 ? 1 : -1)
                } else {
                    return nil
                }
            }
            guard i == n else { return nil }
        }
        return Double(CivilCalendar.days(year: year, month: month, day: day)) * 86_400 + secondsOfDay - offset
    }
}
