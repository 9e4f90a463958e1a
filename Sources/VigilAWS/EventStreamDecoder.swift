import Foundation

/// Incremental decoder of event-stream messages: feed bytes in chunks of any size, take
/// complete messages out. Both CRCs and all lengths are checked. After an error the decoder
/// stays failed (framing is lost) and rethrows the same error.
///
/// ```swift
/// var decoder = EventStreamDecoder()
/// for chunk in body { for message in try decoder.decode(chunk) { ... } }
/// try decoder.finish()   // throws .truncated if the stream stopped inside a message
/// ```
public struct EventStreamDecoder: Sendable {
    public let maxMessageLength: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var failure: EventStreamError?
    /// Bytes of the stream taken by the messages returned so far; the next message (and any
    /// error) starts at this offset.
    public private(set) var consumedByteCount = 0

    public init(maxMessageLength: Int = EventStreamMessage.maxMessageLength) {
        self.maxMessageLength = maxMessageLength
    }

    /// Bytes received but not yet returned as a message.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Adds bytes to the buffer.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0 && (start == buffer.count || start >= 64 * 1024 || start * 2 >= buffer.count) {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Adds `bytes` and returns every message now complete.
    public mutating func decode(_ bytes: some Sequence<UInt8>) throws(EventStreamError) -> [EventStreamMessage] {
        append(bytes)
        var messages: [EventStreamMessage] = []
        while let message = try next() {
            messages.append(message)
        }
        return messages
    }

    /// The next complete message, or nil when more bytes are needed.
    public mutating func next() throws(EventStreamError) -> EventStreamMessage? {
        if let failure { throw failure }
        do {
            guard let message = try decodeOne() else { return nil }
            return message
        } catch {
            failure = error
            throw error
        }
    }

    /// Call at the end of the stream: throws `.truncated` if a partial message remains.
    public func finish() throws(EventStreamError) {
        if let failure { throw failure }
        let available = bufferedByteCount
        guard available > 0 else { return }
        if available >= 12 {
            let total = Int(readUInt32(at: start))
            throw .truncated(bufferedBytes: available, neededBytes: total)
        }
        throw .truncated(bufferedBytes: available, neededBytes: 12)
    }

    /// Decodes a complete buffer: every message in it, and an error if anything is left over.
    public static func decodeAll(_ bytes: [UInt8]) throws(EventStreamError) -> [EventStreamMessage] {
        var decoder = EventStreamDecoder()
        let messages = try decoder.decode(bytes)
        try decoder.finish()
        return messages
    }

    // MARK: - Internals

    private func readUInt32(at index: Int) -> UInt32 {
        UInt32(buffer[index]) << 24 | UInt32(buffer[index + 1]) << 16 | UInt32(buffer[index + 2]) << 8 | UInt32(buffer[index + 3])
    }

    private mutating func decodeOne() throws(EventStreamError) -> EventStreamMessage? {
        let available = buffer.count - start
        guard available >= 12 else { return nil }
        let totalLength = readUInt32(at: start)
        let headersLength = readUInt32(at: start + 4)
        let preludeCRC = readUInt32(at: start + 8)
        let computedPreludeCRC = CRC32.checksum(buffer[start..<(start + 8)])
        guard computedPreludeCRC == preludeCRC else {
            throw .preludeChecksumMismatch(expected: preludeCRC, computed: computedPreludeCRC)
        }
        guard totalLength >= UInt32(EventStreamMessage.overhead) else {
            throw .messageLengthTooSmall(totalLength: totalLength)
        }
        guard Int(totalLength) <= maxMessageLength else {
            throw .messageTooLong(totalLength: totalLength, maximum: maxMessageLength)
        }
        guard headersLength <= totalLength - UInt32(EventStreamMessage.overhead) else {
            throw .headersLengthInvalid(headersLength: headersLength, totalLength: totalLength)
        }
        guard Int(headersLength) <= EventStreamMessage.maxHeadersLength else {
            throw .headersTooLong(headersLength: headersLength, maximum: EventStreamMessage.maxHeadersLength)
        }
        let total = Int(totalLength)
        guard available >= total else { return nil }

        let crcIndex = start + total - 4
        let messageCRC = readUInt32(at: crcIndex)
        let computedMessageCRC = CRC32.checksum(buffer[start..<crcIndex])
        guard computedMessageCRC == messageCRC else {
            throw .messageChecksumMismatch(expected: messageCRC, computed: computedMessageCRC)
        }

        let headersStart = start + 12
        let headersEnd = headersStart + Int(headersLength)
        let headers = try Self.parseHeaders(buffer[headersStart..<headersEnd], messageStart: start)
        let payload = Array(buffer[headersEnd..<crcIndex])
        start += total
        consumedByteCount += total
        return EventStreamMessage(headers: headers, payload: payload)
    }

    private static func parseHeaders(
        _ bytes: ArraySlice<UInt8>, messageStart: Int
    ) throws(EventStreamError) -> [(name: String, value: EventStreamHeaderValue)] {
        var headers: [(name: String, value: EventStreamHeaderValue)] = []
        var index = bytes.startIndex
        let end = bytes.endIndex

        func offset(_ position: Int) -> Int { position - messageStart }
        func take(_ count: Int, _ what: String) throws(EventStreamError) -> ArraySlice<UInt8> {
            guard count <= end - index else {
                throw .invalidHeader(
                    offset: offset(index),
                    reason: "\(what) needs \(count) bytes but only \(end - index) remain in the headers section")
            }
            defer { index += count }
            return bytes[index..<(index + count)]
        }
        func integer(_ slice: ArraySlice<UInt8>) -> UInt64 {
            slice.reduce(0) { $0 << 8 | UInt64($1) }
        }

        while index < end {
            let headerStart = index
            let nameLength = Int(try take(1, "header name length").first ?? 0)
            let nameBytes = try take(nameLength, "header name")
            guard let name = String(bytes: nameBytes, encoding: .utf8) else {
                throw .invalidHeader(offset: offset(headerStart), reason: "header name is not valid UTF-8")
            }
            let typeOffset = index
            let type = try take(1, "header '\(name)' type").first ?? 0
            let value: EventStreamHeaderValue
            switch type {
            case 0: value = .bool(true)
            case 1: value = .bool(false)
            case 2: value = .byte(Int8(bitPattern: try take(1, "byte value of '\(name)'").first ?? 0))
            case 3: value = .short(Int16(bitPattern: UInt16(integer(try take(2, "short value of '\(name)'")))))
            case 4: value = .int(Int32(bitPattern: UInt32(integer(try take(4, "int value of '\(name)'")))))
            case 5: value = .long(Int64(bitPattern: integer(try take(8, "long value of '\(name)'"))))
            case 6:
                let length = Int(integer(try take(2, "bytes length of '\(name)'")))
                value = .bytes(Array(try take(length, "bytes value of '\(name)'")))
            case 7:
                let length = Int(integer(try take(2, "string length of '\(name)'")))
                let valueOffset = index
                let stringBytes = try take(length, "string value of '\(name)'")
                guard let string = String(bytes: stringBytes, encoding: .utf8) else {
                    throw .invalidHeader(offset: offset(valueOffset), reason: "string value of '\(name)' is not valid UTF-8")
                }
                value = .string(string)
            case 8: value = .timestamp(Int64(bitPattern: integer(try take(8, "timestamp value of '\(name)'"))))
            case 9:
                let b = Array(try take(16, "uuid value of '\(name)'"))
                value = .uuid(UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])))
            default:
                throw .invalidHeader(offset: offset(typeOffset), reason: "unknown header value type \(type) for '\(name)'")
            }
            headers.append((name: name, value: value))
        }
        return headers
    }
}
