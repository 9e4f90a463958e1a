import Foundation
import VigilCore

/// The SigV4 timestamp format `YYYYMMDDTHHMMSSZ` (ISO 8601 basic format, UTC), parsed and
/// formatted by hand: no `DateFormatter`, no locale, no allocation beyond the result.
public enum AmzDate {
    /// Formats `date` (truncated to whole seconds, UTC) as `YYYYMMDDTHHMMSSZ`.
    public static func format(_ date: Date) -> String {
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let civil = CivilCalendar.date(days: Int(days))
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        var out: [UInt8] = []
        out.reserveCapacity(16)
        appendDigits(year, count: 4, to: &out)
        appendDigits(month, count: 2, to: &out)
        appendDigits(day, count: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, count: 2, to: &out)
        appendDigits(secondOfDay / 60 % 60, count: 2, to: &out)
        appendDigits(secondOfDay % 60, count: 2, to: &out)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `YYYYMMDDTHHMMSSZ`; nil for anything else (including impossible dates).
    public static func parse(_ string: String) -> Date? {
        var utf8 = Array(string.utf8)
        guard utf8.count == 16, utf8[8] == UInt8(ascii: "T"), utf8[15] == UInt8(ascii: "Z") else { return nil }
        utf8[8] = UInt8(ascii: "0")
        utf8[15] = UInt8(ascii: "0")
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let byte = utf8[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
              (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(year: Int(year), month: Int(month)),
              hour < 24, minute < 60, second < 60
        else { return nil }
        let days = Int64(CivilCalendar.days(year: Int(year), month: Int(month), day: Int(day)))
        let epochSeconds = days * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(epochSeconds))
    }

    private static func appendDigits(_ value: Int64, count: Int, to out: inout [UInt8]) {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: count)
        var remaining = value
        var index = count - 1
        while index >= 0 {
            digits[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
            index -= 1
        }
        out.append(contentsOf: digits)
    }
}
