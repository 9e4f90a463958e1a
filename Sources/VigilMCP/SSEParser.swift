/// One Server-Sent Event: the `event:` type ("message" when absent), its `data:` lines joined
/// with LF, and the `id:` in force when it was dispatched.
public struct SSEEvent: Sendable, Equatable {
    public var id: String?
    public var type: String
    public var data: String

    public init(id: String?, type: String = "message", data: String) {
        self.id = id
        self.type = type
        self.data = data
    }
}

/// An incremental `text/event-stream` parser (the WHATWG event-stream rules). Bytes can be fed in
/// chunks split anywhere, including inside a line terminator or a multi-byte character; lines end
/// with LF, CR or CRLF; comments (lines starting with `:`) are skipped; `retry:` is ignored.
/// Pure: no I/O.
public struct SSEParser: Sendable {
    /// The last `id:` seen, sent back as `Last-Event-ID` to resume the stream.
    public private(set) var lastEventId: String?
    /// Bytes held for a line or an event not complete yet (bounded by the caller's reply cap).
    public var bufferedByteCount: Int { line.count + data.count }

    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var type = ""
    private var skipLFAfterCR = false
    private var atStart = true

    public init() {}

    /// A parser for a new stream that resumes an old one: only the last event id carries over.
    public init(resuming lastEventId: String?) {
        self.lastEventId = lastEventId
    }

    /// Feeds the next chunk; returns the events it completed, in order.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [SSEEvent] where Bytes.Element == UInt8 {
        var events: [SSEEvent] = []
        for byte in bytes {
            if skipLFAfterCR {
                skipLFAfterCR = false
                if byte == 0x0A { continue }
            }
            switch byte {
            case 0x0D:
                skipLFAfterCR = true
                endLine(into: &events)
            case 0x0A:
                endLine(into: &events)
            default:
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine(into events: inout [SSEEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if atStart {
            atStart = false
            // A UTF-8 byte order mark may open the stream.
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        if line.isEmpty {
            dispatch(into: &events)
            return
        }
        if line[0] == UInt8(ascii: ":") { return }
        let name: [UInt8]
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            name = Array(line[..<colon])
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            name = line
            value = []
        }
        switch String(decoding: name, as: UTF8.self) {
        case "data":
            data.append(contentsOf: value)
            data.append(0x0A)
            hasData = true
        case "event":
            type = String(decoding: value, as: UTF8.self)
        case "id":
            if !value.contains(0) { lastEventId = String(decoding: value, as: UTF8.self) }
        default:
            break
        }
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            type = ""
        }
        guard hasData else { return }
        if data.last == 0x0A { data.removeLast() }
        events.append(SSEEvent(id: lastEventId, type: type.isEmpty ? "message" : type,
                               data: String(decoding: data, as: UTF8.self)))
    }

    /// The bytes of the event being assembled (its `data:` lines so far) and of the unfinished
    /// line: what a cut reply still holds.
    public var pendingBytes: [UInt8] { data + line }
}
