import Foundation
import Testing
import VigilAWS

/// Encoded frames compared with bytes built independently: hex vectors produced with Python's
/// `struct` and `zlib.crc32`, and frames assembled by hand here with a bit-by-bit CRC.
@Suite("Event stream encoding")
struct EventStreamEncodingTests {
    @Test func crc32KnownValues() {
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        var generator = SystemRandomNumberGenerator()
        for length in [1, 7, 64, 1000] {
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(CRC32.checksum(data) == bitwiseCRC32(data))
            var incremental = CRC32()
            incremental.update(data.prefix(length / 3))
            incremental.update(data.dropFirst(length / 3))
            #expect(incremental.value == bitwiseCRC32(data))
        }
    }

    @Test func emptyMessage() {
        // AWS's "empty message" vector: total 16, headers 0.
        #expect(hexString(EventStreamMessage().encode()) == "000000100000000005c248eb7d98c8ff")
    }

    @Test func eventFrame() {
        let message = EventStreamMessage.event(type: "contentBlockDelta", json: Array(#"{"index":0}"#.utf8))
        let expected = "0000007200000057133fa8910d3a6d6573736167652d747970650700056576656e740b3a6576656e742d7479"
            + "7065070011636f6e74656e74426c6f636b44656c74610d3a636f6e74656e742d747970650700106170706c6963"
            + "6174696f6e2f6a736f6e7b22696e646578223a307db70bc428"
        #expect(hexString(message.encode()) == expected)
        let hand = handFrame(
            headers: handStringHeader(":message-type", "event") + handStringHeader(":event-type", "contentBlockDelta")
                + handStringHeader(":content-type", "application/json"),
            payload: Array(#"{"index":0}"#.utf8))
        #expect(message.encode() == hand)
    }

    @Test func errorFrame() {
        let message = EventStreamMessage.error(code: "ThrottlingException", message: "slow down")
        let expected = "000000630000005349d2d2ba0d3a6d6573736167652d747970650700056572726f720b3a6572726f722d636f"
            + "64650700135468726f74746c696e67457863657074696f6e0e3a6572726f722d6d657373616765070009736c6f"
            + "7720646f776e532634c1"
        #expect(hexString(message.encode()) == expected)
        #expect(message.payload.isEmpty)
        #expect(message.header(":message-type") == .string("error"))
        #expect(message.header(":error-code")?.stringValue == "ThrottlingException")
    }

    static let sampleUUID = UUID(uuidString: "123E4567-E89B-12D3-A456-426614174000") ?? UUID()

    static let allTypes = EventStreamMessage(
        headers: [
            ("t", .bool(true)), ("f", .bool(false)), ("b", .byte(-2)), ("s", .short(-300)), ("i", .int(-70000)),
            ("l", .long(-5_000_000_000)), ("y", .bytes([0x00, 0xFF, 0x10])), ("str", .string("héllo")),
            ("ts", .timestamp(1_767_225_600_123)), ("u", .uuid(sampleUUID)),
        ],
        payload: [0, 1, 2])

    @Test func everyHeaderType() {
        let expected = "0000006800000055d761469e017400016601016202fe017303fed4016904fffeee90016c05fffffffed5fa0e00"
            + "017906000300ff100373747207000668c3a96c6c6f027473080000019b76daa87b017509123e4567e89b12d3a4"
            + "564266141740000001023f2d4ffd"
        #expect(hexString(Self.allTypes.encode()) == expected)
        #expect(Self.allTypes.header("ts") == .timestamp(date: Date(timeIntervalSince1970: 1_767_225_600.123_4)))
        #expect(Self.allTypes.header("t")?.typeCode == 0)
        #expect(Self.allTypes.header("f")?.typeCode == 1)
        #expect(Self.allTypes.header("u")?.typeCode == 9)
    }

    @Test func roundTrip() throws {
        let messages = [
            Self.allTypes,
            .event(type: "responseCreated", json: Array(#"{"responseId":"r-1"}"#.utf8)),
            .event(type: "heartbeat", json: Array("{}".utf8)),
            .error(code: "ThrottlingException", message: "slow down ✓"),
            EventStreamMessage(headers: [], payload: Array(repeating: 0xAB, count: 70_000)),
        ]
        let stream = messages.flatMap { $0.encode() }
        #expect(try EventStreamDecoder.decodeAll(stream) == messages)
    }

    @Test func oversizedHeadersAreCutByEncodeAndRefusedByValidate() throws {
        let long = String(repeating: "é", count: 20_000)   // 40,000 UTF-8 bytes
        let message = EventStreamMessage.error(code: "X", message: long)
        let error = eventStreamError { try message.validate() }
        guard case .headerNotEncodable(let name, _)? = error else {
            Issue.record("expected headerNotEncodable, got \(String(describing: error))")
            return
        }
        #expect(name == ":error-message")
        let decoded = try EventStreamDecoder.decodeAll(message.encode())
        let cut = try #require(decoded.first?.header(":error-message")?.stringValue)
        #expect(cut.utf8.count == 32_766)   // 16,383 whole "é", not a split one
        #expect(long.hasPrefix(cut))

        let longName = EventStreamMessage(headers: [(String(repeating: "n", count: 300), .bool(true))])
        #expect(eventStreamError { try longName.validate() } != nil)
        #expect(try EventStreamDecoder.decodeAll(longName.encode()).first?.headers.first?.name.count == 255)

        let big = EventStreamMessage(payload: Array(repeating: 0, count: EventStreamMessage.maxMessageLength))
        guard case .messageNotEncodable? = eventStreamError({ try big.validate() }) else {
            Issue.record("a 16 MiB payload must not validate")
            return
        }
        #expect(eventStreamError { try EventStreamMessage.event(type: "x", json: Array("{}".utf8)).validate() } == nil)
        #expect(eventStreamError { try Self.allTypes.validate() } == nil)
    }
}
