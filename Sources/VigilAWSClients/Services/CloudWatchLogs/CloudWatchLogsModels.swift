import Foundation

/// One event of FilterLogEvents. Times are epoch milliseconds, as the service sends them.
public struct CloudWatchLogEvent: Decodable, Sendable, Equatable {
    public var logStreamName: String?
    public var timestamp: Int64
    public var message: String
    public var ingestionTime: Int64?
    public var eventId: String?

    public init(logStreamName: String?, timestamp: Int64, message: String, ingestionTime: Int64? = nil, eventId: String? = nil) {
        self.logStreamName = logStreamName
        self.timestamp = timestamp
        self.message = message
        self.ingestionTime = ingestionTime
        self.eventId = eventId
    }

    enum CodingKeys: String, CodingKey {
        case logStreamName, timestamp, message, ingestionTime, eventId
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        logStreamName = try c.decodeIfPresent(String.self, forKey: .logStreamName)
        timestamp = try c.decodeIfPresent(Int64.self, forKey: .timestamp) ?? 0
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? ""
        ingestionTime = try c.decodeIfPresent(Int64.self, forKey: .ingestionTime)
        eventId = try c.decodeIfPresent(String.self, forKey: .eventId)
    }
}

/// The state of a Logs Insights query as GetQueryResults reports it.
public enum LogsInsightsQueryStatus: String, Sendable, Equatable {
    case scheduled = "Scheduled", running = "Running", complete = "Complete", failed = "Failed"
    case cancelled = "Cancelled", timeout = "Timeout", unknown = "Unknown"

    /// Whether the query will not change any more.
    public var isFinal: Bool {
        switch self {
        case .complete, .failed, .cancelled, .timeout: true
        case .scheduled, .running, .unknown: false
        }
    }
}

/// One field of one Logs Insights result row.
public struct LogsInsightsField: Decodable, Sendable, Equatable {
    public var field: String
    public var value: String

    public init(field: String, value: String) {
        self.field = field
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        field = try c.decodeIfPresent(String.self, forKey: .field) ?? ""
        value = try c.decodeIfPresent(String.self, forKey: .value) ?? ""
    }

    enum CodingKeys: String, CodingKey { case field, value }
}

/// What GetQueryResults returned: status, the rows so far, and the scan statistics.
public struct LogsInsightsQueryResults: Sendable, Equatable {
    /// The status as sent; `status` is nil for a value this client does not know.
    public var rawStatus: String
    public var rows: [[LogsInsightsField]]
    public var recordsMatched: Double?
    public var recordsScanned: Double?
    public var bytesScanned: Double?

    public var status: LogsInsightsQueryStatus? { LogsInsightsQueryStatus(rawValue: rawStatus) }

    public init(rawStatus: String, rows: [[LogsInsightsField]], recordsMatched: Double? = nil,
                recordsScanned: Double? = nil, bytesScanned: Double? = nil) {
        self.rawStatus = rawStatus
        self.rows = rows
        self.recordsMatched = recordsMatched
        self.recordsScanned = recordsScanned
        self.bytesScanned = bytesScanned
    }
}
