import VigilAWSClients
import VigilTelemetry

/// CloudWatch Logs events as `LogEvent`s: the level and X-Ray trace id read from the message,
/// and the latest events kept under a cap. Pure.
public enum LogEventMapping {
    public static func logEvent(_ event: CloudWatchLogEvent, entity: String) -> LogEvent {
        LogEvent(timestamp: Double(event.timestamp) / 1000, entity: entity, message: event.message,
                 level: level(of: event.message), traceId: traceId(in: event.message))
    }

    private static let levels: [String: String] = [
        "FATAL": "FATAL", "CRITICAL": "FATAL", "ERROR": "ERROR", "ERR": "ERROR", "WARN": "WARN", "WARNING": "WARN",
        "INFO": "INFO", "DEBUG": "DEBUG", "TRACE": "TRACE",
    ]

    /// The first level word (`ERROR`, `[WARN]`, `"level":"info"`, ...) among the first ten
    /// whitespace-separated tokens of the message, normalised to FATAL/ERROR/WARN/INFO/DEBUG/TRACE;
    /// nil when there is none (Lambda's `START`/`END`/`REPORT` lines, free text). Within a token
    /// the letter runs are looked at one by one, so `[ERROR]` and `{"level":"info"}` are read and a
    /// request id's hex letters are not mistaken for words.
    public static func level(of message: String) -> String? {
        for token in message.prefix(300).split(whereSeparator: \.isWhitespace).prefix(10) {
            for word in token.split(whereSeparator: { !$0.isLetter }) {
                if let level = levels[word.uppercased()] { return level }
            }
        }
        return nil
    }

    /// The first X-Ray trace id (`1-` + 8 hex digits + `-` + 24 hex digits) in the message.
    public static func traceId(in message: String) -> String? {
        let bytes = Array(message.utf8)
        guard bytes.count >= 35 else { return nil }
        func isHex(_ byte: UInt8) -> Bool {
            (48...57).contains(byte) || (97...102).contains(byte) || (65...70).contains(byte)
        }
        var index = 0
        while index + 35 <= bytes.count {
            if bytes[index] == UInt8(ascii: "1"), bytes[index + 1] == UInt8(ascii: "-"), bytes[index + 10] == UInt8(ascii: "-"),
               bytes[(index + 2)..<(index + 10)].allSatisfy(isHex), bytes[(index + 11)..<(index + 35)].allSatisfy(isHex),
               index == 0 || !isHex(bytes[index - 1]),
               index + 35 == bytes.count || !isHex(bytes[index + 35]) {
                return String(decoding: bytes[index..<(index + 35)], as: UTF8.self)
            }
            index += 1
        }
        return nil
    }
}

/// The latest `capacity` events seen, in memory proportional to the capacity however many pass
/// through (the collector reads pages oldest first and keeps the end of the window).
public struct LatestEvents: Sendable {
    public let capacity: Int
    private var buffer: [LogEvent] = []
    private var next = 0
    /// Events seen in all (kept or dropped).
    public private(set) var seen = 0

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    public mutating func append(_ event: LogEvent) {
        seen += 1
        guard capacity > 0 else { return }
        if buffer.count < capacity {
            buffer.append(event)
        } else {
            buffer[next] = event
            next = (next + 1) % capacity
        }
    }

    public var dropped: Int { seen - buffer.count }

    /// The kept events, by timestamp.
    public var events: [LogEvent] {
        buffer.sorted { $0.timestamp < $1.timestamp }
    }
}
