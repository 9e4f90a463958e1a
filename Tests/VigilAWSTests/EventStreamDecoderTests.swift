import Foundation
import Testing
import VigilAWS

@Suite("Event stream decoding")
struct EventStreamDecoderTests {
    let first = EventStreamMessage.event(type: "contentBlockDelta", json: Array(#"{"index":0,"delta":{"textDelta":{"text":"Hello "}}}"#.utf8))
    let second = EventStreamMessage.error(code: "ThrottlingException", message: "slow down")

    var stream: [UInt8] { first.encode() + second.encode() }

    @Test func decodesAHandBuiltFrame() throws {
        let frame = handFrame(headers: handStringHeader(":message-type", "event") + handStringHeader(":event-type", "heartbeat"),
                              payload: Array("{}".utf8))
        let messages = try EventStreamDecoder.decodeAll(frame)
        #expect(messages.count == 1)
        #expect(messages.first?.headers.map(\.name) == [":message-type", ":event-type"])
        #expect(messages.first?.header(":event-type") == .string("heartbeat"))
        #expect(messages.first?.payload == Array("{}".utf8))
    }

    @Test func everySplitPointOfTwoMessages() throws {
        let bytes = stream
        for split in 0...bytes.count {
            var decoder = EventStreamDecoder()
            var messages = try decoder.decode(bytes[..<split])
            if split < first.encode().count { #expect(messages.isEmpty, "split \(split)") }
            messages += try decoder.decode(bytes[split...])
            try decoder.finish()
            #expect(messages == [first, second], "split \(split)")
            #expect(decoder.consumedByteCount == bytes.count)
            #expect(decoder.bufferedByteCount == 0)
        }
    }

    @Test func byteByByteAndThreeWaySplits() throws {
        let bytes = stream
        var decoder = EventStreamDecoder()
        var messages: [EventStreamMessage] = []
        for byte in bytes {
            messages += try decoder.decode([byte])
        }
        try decoder.finish()
        #expect(messages == [first, second])

        for a in stride(from: 0, through: bytes.count, by: 5) {
            for b in stride(from: a, through: bytes.count, by: 11) {
                var decoder = EventStreamDecoder()
                var out = try decoder.decode(bytes[..<a])
                out += try decoder.decode(bytes[a..<b])
                out += try decoder.decode(bytes[b...])
                try decoder.finish()
                #expect(out == [first, second], "splits \(a), \(b)")
            }
        }
    }

    @Test func corruptedPreludeCRC() throws {
        var bytes = stream
        bytes[8] ^= 0x01   // the prelude CRC itself
        let stored = UInt32(bytes[8]) << 24 | UInt32(bytes[9]) << 16 | UInt32(bytes[10]) << 8 | UInt32(bytes[11])
        let error = eventStreamError { _ = try EventStreamDecoder.decodeAll(bytes) }
        #expect(error == .preludeChecksumMismatch(expected: stored, computed: bitwiseCRC32(Array(bytes[0..<8]))))

        var lengthFlipped = stream
        lengthFlipped[3] ^= 0x40   // total length: caught by the prelude CRC, not trusted
        guard case .preludeChecksumMismatch? = eventStreamError({ _ = try EventStreamDecoder.decodeAll(lengthFlipped) }) else {
            Issue.record("a flipped length must be reported as a prelude CRC mismatch")
            return
        }
    }

    @Test func corruptedMessageCRC() throws {
        let firstLength = first.encode().count
        var bytes = stream
        bytes[firstLength - 6] ^= 0x20   // a payload byte of the first message
        var decoder = EventStreamDecoder()
        let error = eventStreamError { _ = try decoder.decode(bytes) }
        let stored = bytes[(firstLength - 4)..<firstLength].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(error == .messageChecksumMismatch(expected: stored, computed: bitwiseCRC32(Array(bytes[0..<(firstLength - 4)]))))
        // The failure sticks: framing is lost.
        #expect(eventStreamError { _ = try decoder.next() } == error)
        #expect(eventStreamError { try decoder.finish() } == error)

        // Corruption in the second message: the first is still delivered.
        var tail = stream
        tail[tail.count - 1] ^= 0xFF
        var decoder2 = EventStreamDecoder()
        decoder2.append(tail)
        #expect(try decoder2.next() == first)
        #expect(decoder2.consumedByteCount == firstLength)
        guard case .messageChecksumMismatch? = eventStreamError({ _ = try decoder2.next() }) else {
            Issue.record("the second message's CRC must fail")
            return
        }
    }

    @Test func truncatedStream() throws {
        let bytes = stream
        var decoder = EventStreamDecoder()
        let messages = try decoder.decode(bytes.dropLast(3))
        #expect(messages == [first])
        let secondLength = second.encode().count
        #expect(eventStreamError { try decoder.finish() } == .truncated(bufferedBytes: secondLength - 3, neededBytes: secondLength))

        var short = EventStreamDecoder()
        #expect(try short.decode(bytes.prefix(5)).isEmpty)
        #expect(eventStreamError { try short.finish() } == .truncated(bufferedBytes: 5, neededBytes: 12))

        var empty = EventStreamDecoder()
        #expect(try empty.decode([UInt8]()).isEmpty)
        #expect(eventStreamError { try empty.finish() } == nil)
    }

    /// A prelude with a valid CRC but impossible lengths.
    func prelude(total: UInt32, headers: UInt32) -> [UInt8] {
        var bytes = bigEndianBytes(total) + bigEndianBytes(headers)
        bytes += bigEndianBytes(bitwiseCRC32(bytes))
        return bytes
    }

    @Test func impossibleLengths() {
        #expect(eventStreamError { _ = try EventStreamDecoder.decodeAll(prelude(total: 15, headers: 0)) }
            == .messageLengthTooSmall(totalLength: 15))
        let tooLong = UInt32(16 * 1024 * 1024 + 1)
        #expect(eventStreamError { _ = try EventStreamDecoder.decodeAll(prelude(total: tooLong, headers: 0)) }
            == .messageTooLong(totalLength: tooLong, maximum: 16 * 1024 * 1024))
        #expect(eventStreamError { _ = try EventStreamDecoder.decodeAll(prelude(total: 40, headers: 25)) }
            == .headersLengthInvalid(headersLength: 25, totalLength: 40))
        #expect(eventStreamError { _ = try EventStreamDecoder.decodeAll(prelude(total: 200_000, headers: 150_000)) }
            == .headersTooLong(headersLength: 150_000, maximum: 128 * 1024))
        // A smaller limit is honoured.
        var small = EventStreamDecoder(maxMessageLength: 64)
        #expect(eventStreamError { _ = try small.decode(first.encode()) } != nil)
    }

    @Test func invalidHeaders() {
        let unknownType = handFrame(headers: [1, UInt8(ascii: "x"), 42], payload: [])
        #expect(eventStreamError { _ = try EventStreamDecoder.decodeAll(unknownType) }
            == .invalidHeader(offset: 14, reason: "unknown header value type 42 for 'x'"))

        let overrun = handFrame(headers: handStringHeader("k", "value").dropLast(2), payload: [])
        guard case .invalidHeader(let offset, let reason)? = eventStreamError({ _ = try EventStreamDecoder.decodeAll(overrun) }) else {
            Issue.record("a string running past the headers section must fail")
            return
        }
        #expect(offset == 17)
        #expect(reason.contains("string value of 'k' needs 5 bytes but only 3 remain"))

        let badUTF8 = handFrame(headers: [1, UInt8(ascii: "k"), 7, 0, 2, 0xC3, 0x28], payload: [])
        guard case .invalidHeader(_, let utf8Reason)? = eventStreamError({ _ = try EventStreamDecoder.decodeAll(badUTF8) }) else {
            Issue.record("invalid UTF-8 must fail")
            return
        }
        #expect(utf8Reason.contains("not valid UTF-8"))
    }
}
