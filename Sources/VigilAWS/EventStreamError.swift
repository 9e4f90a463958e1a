/// Why event-stream bytes could not be decoded, or a message cannot be encoded faithfully.
/// Decoding errors refer to the message that starts at `EventStreamDecoder.consumedByteCount`.
public enum EventStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The prelude's total length is below the 16-byte minimum (prelude, its CRC, message CRC).
    case messageLengthTooSmall(totalLength: UInt32)
    /// The prelude's total length is above the decoder's limit.
    case messageTooLong(totalLength: UInt32, maximum: Int)
    /// The headers length does not fit inside the total length.
    case headersLengthInvalid(headersLength: UInt32, totalLength: UInt32)
    /// The headers length is above the 128 KiB limit.
    case headersTooLong(headersLength: UInt32, maximum: Int)
    /// The CRC32 of the first 8 bytes differs from the prelude CRC.
    case preludeChecksumMismatch(expected: UInt32, computed: UInt32)
    /// The CRC32 of the message differs from its last 4 bytes.
    case messageChecksumMismatch(expected: UInt32, computed: UInt32)
    /// A header could not be read; `offset` is from the start of the message.
    case invalidHeader(offset: Int, reason: String)
    /// The stream ended inside a message: `bufferedBytes` of the `neededBytes` it declares
    /// (or of the 12-byte prelude when not even that arrived).
    case truncated(bufferedBytes: Int, neededBytes: Int)
    /// `validate()`: a header name or value exceeds what the format can carry.
    case headerNotEncodable(name: String, reason: String)
    /// `validate()`: the encoded message would exceed the 16 MiB limit.
    case messageNotEncodable(reason: String)

    public var description: String {
        switch self {
        case let .messageLengthTooSmall(total):
            "event stream: message total length \(total) is below the minimum of 16 bytes"
        case let .messageTooLong(total, maximum):
            "event stream: message total length \(total) exceeds the maximum of \(maximum) bytes"
        case let .headersLengthInvalid(headers, total):
            "event stream: headers length \(headers) does not fit in a message of total length \(total)"
        case let .headersTooLong(headers, maximum):
            "event stream: headers length \(headers) exceeds the maximum of \(maximum) bytes"
        case let .preludeChecksumMismatch(expected, computed):
            "event stream: prelude CRC mismatch (message says \(hex8(expected)), computed \(hex8(computed)))"
        case let .messageChecksumMismatch(expected, computed):
            "event stream: message CRC mismatch (message says \(hex8(expected)), computed \(hex8(computed)))"
        case let .invalidHeader(offset, reason):
            "event stream: invalid header at byte \(offset) of the message: \(reason)"
        case let .truncated(buffered, needed):
            "event stream: stream ended inside a message (\(buffered) of \(needed) bytes received)"
        case let .headerNotEncodable(name, reason):
            "event stream: header '\(name)' cannot be encoded: \(reason)"
        case let .messageNotEncodable(reason):
            "event stream: message cannot be encoded: \(reason)"
        }
    }
}

private func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
