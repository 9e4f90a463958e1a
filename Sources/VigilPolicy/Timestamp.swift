import VigilCore

/// Date values for the Date* operators: ISO 8601 (`2026-03-01`, `2026-03-01T12:00:00Z`,
/// `2026-03-01T12:00:00.250+02:00`, basic `20260301T120000Z`) or epoch seconds (`1772366400`),
/// as seconds since 1970-01-01T00:00:00Z. A time without a zone is UTC.
enum Timestamp {
    static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty else { return nil }
        // ISO first: an eight-digit basic-format date (20260301) is also a valid epoch.
        if let date = parseISO8601(bytes) { return date }
        return parseEpoch(bytes)
    }

    /// `-?digits(.digits)?`, at most 12 integer digits.
    private static func parseEpoch(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") { negative = true; index = 1 }
        var whole: Double = 0
        var digits = 0
        while index < bytes.count, let digit = digitValue(bytes[index]) {
            whole = whole * 10 + Double(digit)
            digits += 1
            index += 1
        }
        guard digits > 0, digits <= 12 else { return nil }
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count else { return nil }
            index += 1
            var scale = 0.1
            while index < bytes.count, let digit = digitValue(bytes[index]) {
                whole += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index == bytes.count else { return nil }
        }
        return negative ? -whole : whole
    }

    private static func parseISO8601(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= b.count else { return nil }
            var value = 0
            for offset in 0..<count {
                guard let digit = digitValue(b[index + offset]) else { return nil }
                value = value * 10 + digit
            }
            index += count
            return value
        }
        func take(_ character: Character) -> Bool {
            guard index < b.count, let ascii = character.asciiValue, b[index] == ascii else { return false }
            index += 1
            return true
        }

        guard let year = number(4) else { return nil }
        let basic = !take("-")
        guard let month = number(2), (1...12).contains(month) else { return nil }
        if !basic, !take("-") { return nil }
        guard let day = number(2), day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month) else { return nil }
        var seconds = Double(CivilCalendar.days(year: year, month: month, day: day)) * 86400
        guard index < b.count else { return seconds }
        guard take("T") || take("t") || take(" ") else { return nil }
        guard let hour = number(2), hour <= 23 else { return nil }
        if !basic, !take(":") { return nil }
        guard let minute = number(2), minute <= 59 else { return nil }
        var second = 0
        var fraction = 0.0
        let hasSeconds = basic ? (index < b.count && digitValue(b[index]) != nil) : take(":")
        if hasSeconds {
            guard let parsed = number(2), parsed <= 60 else { return nil }
            second = parsed
            if take(".") || take(",") {
                var scale = 0.1
                var any = false
                while index < b.count, let digit = digitValue(b[index]) {
                    fraction += Double(digit) * scale
                    scale /= 10
                    index += 1
                    any = true
                }
                guard any else { return nil }
            }
        }
        seconds += Double(hour * 3600 + minute * 60 + second) + fraction
        guard index < b.count else { return seconds }
        if take("Z") || take("z") { return index == b.count ? seconds : nil }
        let sign: Double
        if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
        guard let offsetHours = number(2), offsetHours <= 23 else { return nil }
        _ = take(":")
        var offsetMinutes = 0
        if index < b.count {
            guard let parsed = number(2), parsed <= 59 else { return nil }
            offsetMinutes = parsed
        }
        guard index == b.count else { return nil }
        return seconds - sign * Double(offsetHours * 3600 + offsetMinutes * 60)
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
