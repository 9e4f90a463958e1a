import Foundation

/// One message of the AWS event-stream format (`application/vnd.amazon.eventstream`):
///
///     [total length u32][headers length u32][prelude CRC32 u32][headers][payload][message CRC32 u32]
///
/// All integers big-endian; the prelude CRC covers the first 8 bytes, the message CRC covers
/// everything before it. Each header is `[name length u8][name][type u8][value]`.
public struct EventStreamMessage: Sendable, Equatable {
    /// Largest message this module decodes (and the most `validate()` accepts): 16 MiB.
    public static let maxMessageLength = 16 * 1024 * 1024
    /// Largest headers section: 128 KiB.
    public static let maxHeadersLength = 128 * 1024
    /// Longest header name, in UTF-8 bytes.
    public static let maxHeaderNameLength = 255
    /// Longest string or bytes header value written by `encode()` (Int16.max, the limit of
    /// the AWS C runtime; decoding accepts up to 65535).
    public static let maxHeaderValueLength = Int(Int16.max)
    /// Prelude (12 bytes) plus message CRC (4 bytes).
    static let overhead = 16

    public var headers: [(name: String, value: EventStreamHeaderValue)]
    public var payload: [UInt8]

    public init(headers: [(name: String, value: EventStreamHeaderValue)] = [], payload: [UInt8] = []) {
        self.headers = headers
        self.payload = payload
    }

    /// The first header named `name` (exact, case-sensitive as on the wire).
    public func header(_ name: String) -> EventStreamHeaderValue? {
        headers.first { $0.name == name }?.value
    }

    // MARK: Builders

    /// An event frame: `:message-type`=`event`, `:event-type`=`type`,
    /// `:content-type`=`application/json`, payload = the JSON bytes.
    public static func event(type: String, json payload: [UInt8]) -> EventStreamMessage {
        EventStreamMessage(
            headers: [
                (":message-type", .string("event")),
                (":event-type", .string(type)),
                (":content-type", .string("application/json")),
            ],
            payload: payload)
    }

    /// An error frame: `:message-type`=`error`, `:error-code`, `:error-message`, empty payload.
    /// boto3 raises `EventStreamError (<code>): <message>` for it.
    public static func error(code: String, message: String) -> EventStreamMessage {
        EventStreamMessage(
            headers: [
                (":message-type", .string("error")),
                (":error-code", .string(code)),
                (":error-message", .string(message)),
            ],
            payload: [])
    }

    // MARK: Encoding

    /// The wire bytes of this message. Never fails: a header name longer than 255 bytes or a
    /// string/bytes value longer than `maxHeaderValueLength` is cut there (strings at a
    /// character boundary). Call `validate()` first to refuse such messages instead.
    public func encode() -> [UInt8] {
        var headerBytes: [UInt8] = []
        for header in headers {
            Self.appendHeader(name: header.name, value: header.value, to: &headerBytes)
        }
        let total = Self.overhead + headerBytes.count + payload.count
        var out: [UInt8] = []
        out.reserveCapacity(total)
        appendBigEndian(UInt32(truncatingIfNeeded: total), to: &out)
        appendBigEndian(UInt32(truncatingIfNeeded: headerBytes.count), to: &out)
        appendBigEndian(CRC32.checksum(out), to: &out)
        out.append(contentsOf: headerBytes)
        out.append(contentsOf: payload)
        appendBigEndian(CRC32.checksum(out), to: &out)
        return out
    }

    /// Throws when `encode()` would have to cut a header, or when the message would exceed
    /// the 16 MiB / 128 KiB limits.
    public func validate() throws(EventStreamError) {
        var headersLength = 0
        for (name, value) in headers {
            let nameLength = name.utf8.count
            guard nameLength >= 1, nameLength <= Self.maxHeaderNameLength else {
                throw .headerNotEncodable(name: name, reason: "name is \(nameLength) bytes; 1 to 255 allowed")
            }
            headersLength += 1 + nameLength + 1
            switch value {
            case .string(let string):
                let length = string.utf8.count
                guard length <= Self.maxHeaderValueLength else {
                    throw .headerNotEncodable(name: name, reason: "string value is \(length) bytes; at most \(Self.maxHeaderValueLength) allowed")
                }
                headersLength += 2 + length
            case .bytes(let bytes):
                guard bytes.count <= Self.maxHeaderValueLength else {
                    throw .headerNotEncodable(name: name, reason: "bytes value is \(bytes.count) bytes; at most \(Self.maxHeaderValueLength) allowed")
                }
                headersLength += 2 + bytes.count
            case .bool: break
            case .byte: headersLength += 1
            case .short: headersLength += 2
            case .int: headersLength += 4
            case .long, .timestamp: headersLength += 8
            case .uuid: headersLength += 16
            }
        }
        guard headersLength <= Self.maxHeadersLength else {
            throw .messageNotEncodable(reason: "headers take \(headersLength) bytes; at most \(Self.maxHeadersLength) allowed")
        }
        let total = Self.overhead + headersLength + payload.count
        guard total <= Self.maxMessageLength else {
            throw .messageNotEncodable(reason: "message would be \(total) bytes; at most \(Self.maxMessageLength) allowed")
        }
    }

    static func appendHeader(name: String, value: EventStreamHeaderValue, to out: inout [UInt8]) {
        let nameBytes = utf8Prefix(name, maxBytes: maxHeaderNameLength)
        out.append(UInt8(nameBytes.count))
        out.append(contentsOf: nameBytes)
        out.append(value.typeCode)
        switch value {
        case .bool:
            break
        case .byte(let byte):
            out.append(UInt8(bitPattern: byte))
        case .short(let short):
            appendBigEndian(UInt16(bitPattern: short), to: &out)
        case .int(let int):
            appendBigEndian(UInt32(bitPattern: int), to: &out)
        case .long(let long), .timestamp(let long):
            appendBigEndian(UInt64(bitPattern: long), to: &out)
        case .bytes(let bytes):
            let kept = bytes.prefix(maxHeaderValueLength)
            appendBigEndian(UInt16(kept.count), to: &out)
            out.append(contentsOf: kept)
        case .string(let string):
            let kept = utf8Prefix(string, maxBytes: maxHeaderValueLength)
            appendBigEndian(UInt16(kept.count), to: &out)
            out.append(contentsOf: kept)
        case .uuid(let uuid):
            withUnsafeBytes(of: uuid.uuid) { out.append(contentsOf: $0) }
        }
    }

    /// The UTF-8 bytes of `string`, cut to at most `maxBytes` without splitting a character's
    /// encoding.
    static func utf8Prefix(_ string: String, maxBytes: Int) -> ArraySlice<UInt8> {
        let bytes = Array(string.utf8)
        guard bytes.count > maxBytes else { return bytes[...] }
        var end = maxBytes
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return bytes[..<end]
    }

    public static func == (lhs: EventStreamMessage, rhs: EventStreamMessage) -> Bool {
        lhs.payload == rhs.payload
            && lhs.headers.count == rhs.headers.count
            && zip(lhs.headers, rhs.headers).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

@inline(__always)
func appendBigEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
    withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
}
