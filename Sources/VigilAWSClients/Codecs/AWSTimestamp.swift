import Foundation
import VigilAWS

/// Timestamps as AWS writes them: ISO 8601 in XML (`2026-11-27T04:48:44Z`,
/// `2026-11-27T04:48:44.537287Z`, `+00:00` offsets) and epoch seconds in JSON.
public enum AWSTimestamp {
    /// Parses an ISO 8601 date-time with optional fraction and `Z` or `±HH:MM` offset.
    public static func parseISO8601(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        // Reuse the SigV4 basic-format parser for the calendar part.
        let basic = String(decoding: bytes[0..<4] + bytes[5..<7] + bytes[8..<10], as: UTF8.self) + "T"
            + String(decoding: bytes[11..<13] + bytes[14..<16] + bytes[17..<19], as: UTF8.self) + "Z"
        guard var date = AmzDate.parse(basic) else { return nil }
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var fraction = 0.0, scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                fraction += Double(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
            date += fraction
        }
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            return index == bytes.count - 1 ? date : nil
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Double = bytes[index] == UInt8(ascii: "+") ? 1 : -1
            let rest = bytes[(index + 1)...].filter { $0 != UInt8(ascii: ":") }
            guard rest.count == 4, rest.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let value = Int(String(decoding: rest, as: UTF8.self))
            else { return nil }
            let offset = Double(value / 100 * 3600 + value % 100 * 60)
            date -= sign * offset
            return date
        default:
            return nil
        }
    }
}
