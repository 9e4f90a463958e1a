import Foundation
import VigilCore

/// The wire format of a timestamp member.
///
/// The format of a member is the member's `timestampFormat`, else its target shape's
/// `timestampFormat`, else the rest-json default for its location: ``epochSeconds`` in the body,
/// ``iso8601`` in the query string, ``httpDate`` in a header.
public enum TimestampFormat: String, Sendable, Hashable, CaseIterable {
    /// Seconds since 1970-01-01T00:00:00Z as a JSON number: an integer when the value is whole
    /// seconds, otherwise a number with a millisecond fraction (`1767225600.123`).
    case epochSeconds = "unixTimestamp"
    /// `2026-01-01T00:00:00Z`, or `2026-01-01T00:00:00.123Z` when there is a fraction (milliseconds).
    case iso8601
    /// RFC 7231 IMF-fixdate, `Thu, 01 Jan 2026 00:00:00 GMT` (botocore's `rfc822`).
    case httpDate = "rfc822"
}

/// Conversions between `Date` and the timestamp wire forms. All conversions round to milliseconds.
public enum Timestamps {
    /// The JSON form of `date` in `format` (``TimestampFormat/httpDate`` is emitted as a string).
    public static func json(_ date: Date, format: TimestampFormat) -> JSONValue {
        switch format {
        case .epochSeconds:
            let (seconds, milliseconds) = split(date)
            if milliseconds == 0 { return .int(seconds) }
            return .double(Double(seconds * 1000 + milliseconds) / 1000)
        case .iso8601:
            return .string(iso8601String(date))
        case .httpDate:
            return .string(httpDateString(date))
        }
    }

    /// Decodes any accepted timestamp form: a JSON number of epoch seconds, or a string holding
    /// ISO 8601 (`2026-01-01T00:00:00Z`, `2026-01-01T00:00:00.123456Z`, `...+02:00`), an
    /// IMF-fixdate, or a decimal number of epoch seconds. Returns `nil` for anything else.
    public static func date(from value: JSONValue) -> Date? {
        switch value {
        case .int(let seconds):
            return Date(timeIntervalSince1970: Double(seconds))
        case .double(let seconds):
            return seconds.isFinite ? Date(timeIntervalSince1970: seconds) : nil
        case .string(let text):
            return date(fromString: text)
        default:
            return nil
        }
    }

    /// Parses a timestamp string (ISO 8601, IMF-fixdate, or decimal epoch seconds).
    public static func date(fromString text: String) -> Date? {
        if let date = parseISO8601(text) { return date }
        if let date = parseHTTPDate(text) { return date }
        if let first = text.utf8.first, first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")),
           !text.contains("e"), !text.contains("E"), let seconds = Double(text), seconds.isFinite {
            return Date(timeIntervalSince1970: seconds)
        }
        return nil
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm` before the `Z` when the millisecond part is not zero.
    public static func iso8601String(_ date: Date) -> String {
        let (seconds, milliseconds) = split(date)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civil(fromDays: days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if milliseconds != 0 {
            text += "." + pad(milliseconds, 3)
        }
        return text + "Z"
    }

    /// `Thu, 01 Jan 2026 00:00:00 GMT` (whole seconds).
    public static func httpDateString(_ date: Date) -> String {
        let (seconds, _) = split(date)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civil(fromDays: days)
        let weekday = Int((days % 7 + 7 + 4) % 7)  // 1970-01-01 was a Thursday
        return weekdayNames[weekday] + ", " + pad(day, 2) + " " + monthNames[Int(month) - 1] + " " + pad(year, 4) + " "
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2) + " GMT"
    }

    // MARK: Parsing

    /// Strict-ish ISO 8601 / RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`.
    /// `T` and `Z` may be lowercase. Leap seconds are rejected.
    static func parseISO8601(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            var index = 0
            func number(_ digits: Int) -> Int64? {
                guard index + digits <= bytes.count else { return nil }
                var value: Int64 = 0
                for _ in 0..<digits {
                    let byte = bytes[index]
                    guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                    index += 1
                }
                return value
            }
            func expect(_ characters: UInt8...) -> Bool {
                guard index < bytes.count, characters.contains(bytes[index]) else { return false }
                index += 1
                return true
            }
            guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
                  let day = number(2), expect(UInt8(ascii: "T"), UInt8(ascii: "t")),
                  let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")),
                  let second = number(2)
            else { return nil }
            guard (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(year: Int(year), month: Int(month)),
                  hour <= 23, minute <= 59, second <= 59
            else { return nil }
            var fractionDigits = 0
            var fraction: Int64 = 0  // nanoseconds
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                    if fractionDigits < 9 {
                        fraction = fraction * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                    }
                    fractionDigits += 1
                    index += 1
                }
                guard fractionDigits > 0 else { return nil }
                for _ in min(fractionDigits, 9)..<9 { fraction *= 10 }
            }
            var offsetSeconds: Int64 = 0
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign: Int64 = bytes[index] == UInt8(ascii: "+") ? 1 : -1
                index += 1
                guard let offsetHours = number(2) else { return nil }
                _ = expect(UInt8(ascii: ":"))
                guard let offsetMinutes = number(2), offsetHours <= 23, offsetMinutes <= 59 else { return nil }
                offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            default:
                return nil
            }
            guard index == bytes.count else { return nil }
            let days = daysFromCivil(year: year, month: month, day: day)
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
            if fraction % 1_000_000 == 0 {
                // Exact to the millisecond: divide an exact integer once, so that the result is the
                // Double nearest to the decimal value (matches `Date(timeIntervalSince1970: 1767225600.123)`).
                return Date(timeIntervalSince1970: Double(seconds * 1000 + fraction / 1_000_000) / 1000)
            }
            return Date(timeIntervalSince1970: Double(seconds) + Double(fraction) / 1_000_000_000)
        }
    }

    /// IMF-fixdate: `Thu, 01 Jan 2026 00:00:00 GMT`.
    static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].count == 4, parts[0].hasSuffix(","), weekdayNames.contains(String(parts[0].dropLast())),
              parts[5] == "GMT", parts[1].count == 2, let day = Int64(parts[1]),
              let monthIndex = monthNames.firstIndex(of: String(parts[2])), parts[3].count == 4, let year = Int64(parts[3])
        else { return nil }
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let hour = Int64(clock[0]), let minute = Int64(clock[1]), let second = Int64(clock[2]),
              hour <= 23, minute <= 59, second <= 59
        else { return nil }
        let month = Int64(monthIndex + 1)
        guard day >= 1, day <= CivilCalendar.daysInMonth(year: Int(year), month: Int(month)) else { return nil }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(seconds))
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, UTC; Howard Hinnant's algorithms)

    /// Whole seconds (floor) and the millisecond remainder (0...999) of `date`, rounded to milliseconds.
    static func split(_ date: Date) -> (seconds: Int64, milliseconds: Int64) {
        let totalMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        return floorDivide(totalMilliseconds, 1000)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }

    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        Int64(CivilCalendar.days(year: Int(year), month: Int(month), day: Int(day)))
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let date = CivilCalendar.date(days: Int(days))
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
