import Foundation

/// A header value of the AWS event-stream format (`application/vnd.amazon.eventstream`),
/// tagged on the wire by a one-byte type.
public enum EventStreamHeaderValue: Sendable, Equatable, Hashable {
    /// Types 0 (true) and 1 (false); no value bytes.
    case bool(Bool)
    /// Type 2, one signed byte.
    case byte(Int8)
    /// Type 3, big-endian Int16.
    case short(Int16)
    /// Type 4, big-endian Int32.
    case int(Int32)
    /// Type 5, big-endian Int64.
    case long(Int64)
    /// Type 6, 2-byte length then the bytes.
    case bytes([UInt8])
    /// Type 7, 2-byte length then UTF-8.
    case string(String)
    /// Type 8, big-endian Int64 milliseconds since 1970-01-01T00:00:00Z.
    case timestamp(Int64)
    /// Type 9, the 16 bytes of the UUID.
    case uuid(UUID)

    /// The wire type byte.
    public var typeCode: UInt8 {
        switch self {
        case .bool(let value): value ? 0 : 1
        case .byte: 2
        case .short: 3
        case .int: 4
        case .long: 5
        case .bytes: 6
        case .string: 7
        case .timestamp: 8
        case .uuid: 9
        }
    }

    /// The string, when this is a string value.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A timestamp value for `date`, truncated to milliseconds.
    public static func timestamp(date: Date) -> EventStreamHeaderValue {
        .timestamp(Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
