import Testing
@testable import VigilMCP

@Suite("MCP SSE parser")
struct MCPSSEParserTests {
    static let stream = Array((
        "\u{FEFF}: a comment first\n" +
        "id: 1\nevent: message\ndata: {\"a\":1}\n\n" +
        "data: line one\r\ndata: line two\r\n\r\n" +
        "retry: 1000\nid: 7\rdata:no-space\r\r" +
        "event: endpoint\ndata: /messages?session=é\n\n" +
        "id: 9\n\n" +
        "data: unfinished"
    ).utf8)

    static let expected = [
        SSEEvent(id: "1", type: "message", data: "{\"a\":1}"),
        SSEEvent(id: "1", type: "message", data: "line one\nline two"),
        SSEEvent(id: "7", type: "message", data: "no-space"),
        SSEEvent(id: "7", type: "endpoint", data: "/messages?session=é"),
    ]

    @Test("one feed: fields, comments, CR/LF/CRLF, multi-line data, BOM; an unfinished event is held")
    func whole() {
        var parser = SSEParser()
        #expect(parser.feed(Self.stream) == Self.expected)
        #expect(parser.lastEventId == "9", "an id-only event still moves the last event id")
        #expect(parser.pendingBytes == Array("data: unfinished".utf8))
    }

    @Test("fed one byte at a time (splitting CRLF and a multi-byte character)")
    func oneByteChunks() {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for byte in Self.stream { events += parser.feed([byte]) }
        #expect(events == Self.expected)
        #expect(parser.lastEventId == "9")
    }

    @Test("fed in random chunks, many seeds")
    func randomChunks() {
        for seed in 1...200 {
            var random = SplitMix(seed: UInt64(seed))
            var parser = SSEParser()
            var events: [SSEEvent] = []
            var index = 0
            while index < Self.stream.count {
                let size = Int(random.next() % 9) + 1
                let end = min(Self.stream.count, index + size)
                events += parser.feed(Self.stream[index..<end])
                index = end
            }
            #expect(events == Self.expected, "seed \(seed)")
        }
    }

    @Test("data without a trailing blank line is not dispatched; an id containing NUL is ignored")
    func edgeCases() {
        var parser = SSEParser()
        #expect(parser.feed(Array("id: a\u{0}b\ndata: x\n".utf8)).isEmpty)
        #expect(parser.lastEventId == nil)
        #expect(parser.feed(Array("\n".utf8)) == [SSEEvent(id: nil, data: "x")])
        #expect(parser.feed(Array("data\n\n".utf8)) == [SSEEvent(id: nil, data: "")], "a field name alone means an empty value")
    }
}

/// A small deterministic generator so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
