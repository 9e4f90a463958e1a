import Foundation

/// A CloudWatch metric dimension (`Name`/`Value`).
public struct CloudWatchDimension: Codable, Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", value = "Value"
    }
}

/// A metric: namespace, name and dimensions.
public struct CloudWatchMetric: Codable, Sendable, Hashable {
    public var namespace: String?
    public var metricName: String?
    public var dimensions: [CloudWatchDimension]?

    public init(namespace: String, metricName: String, dimensions: [CloudWatchDimension]) {
        self.namespace = namespace
        self.metricName = metricName
        self.dimensions = dimensions
    }

    enum CodingKeys: String, CodingKey {
        case namespace = "Namespace", metricName = "MetricName", dimensions = "Dimensions"
    }
}

/// A metric with the statistic and period to read it at.
public struct CloudWatchMetricStat: Codable, Sendable, Hashable {
    public var metric: CloudWatchMetric
    public var period: Int
    public var stat: String
    public var unit: String?

    public init(metric: CloudWatchMetric, period: Int, stat: String, unit: String? = nil) {
        self.metric = metric
        self.period = period
        self.stat = stat
        self.unit = unit
    }

    enum CodingKeys: String, CodingKey {
        case metric = "Metric", period = "Period", stat = "Stat", unit = "Unit"
    }
}

/// One query of GetMetricData: a metric stat or an expression, named by `id`
/// (`^[a-z][a-zA-Z0-9_]*$`, unique in the request).
public struct CloudWatchMetricDataQuery: Codable, Sendable, Hashable {
    public var id: String
    public var metricStat: CloudWatchMetricStat?
    public var expression: String?
    public var label: String?
    public var returnData: Bool?
    public var period: Int?

    public init(id: String, metricStat: CloudWatchMetricStat? = nil, expression: String? = nil, label: String? = nil,
                returnData: Bool? = nil, period: Int? = nil) {
        self.id = id
        self.metricStat = metricStat
        self.expression = expression
        self.label = label
        self.returnData = returnData
        self.period = period
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", metricStat = "MetricStat", expression = "Expression", label = "Label"
        case returnData = "ReturnData", period = "Period"
    }
}

/// The datapoints of one query (one page of them; later pages add more for the same id).
public struct CloudWatchMetricDataResult: Decodable, Sendable, Equatable {
    public var id: String
    public var label: String?
    public var timestamps: [Date]
    public var values: [Double]
    /// `Complete`, `PartialData` (more on the next page), `InternalError`, `Forbidden`.
    public var statusCode: String?
    public var messages: [CloudWatchMessage]

    enum CodingKeys: String, CodingKey {
        case id = "Id", label = "Label", timestamps = "Timestamps", values = "Values", statusCode = "StatusCode"
        case messages = "Messages"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        timestamps = try c.decodeIfPresent([Date].self, forKey: .timestamps) ?? []
        values = try c.decodeIfPresent([Double].self, forKey: .values) ?? []
        statusCode = try c.decodeIfPresent(String.self, forKey: .statusCode)
        messages = try c.decodeIfPresent([CloudWatchMessage].self, forKey: .messages) ?? []
    }
}

public struct CloudWatchMessage: Decodable, Sendable, Equatable {
    public var code: String?
    public var value: String?

    enum CodingKeys: String, CodingKey {
        case code = "Code", value = "Value"
    }
}

/// A metric alarm as DescribeAlarms returns it (the members the collectors use).
public struct CloudWatchMetricAlarm: Decodable, Sendable, Equatable {
    public var alarmName: String
    public var alarmArn: String?
    public var alarmDescription: String?
    /// `OK`, `ALARM`, `INSUFFICIENT_DATA`.
    public var stateValue: String?
    public var stateReason: String?
    public var stateUpdatedTimestamp: Date?
    public var namespace: String?
    public var metricName: String?
    public var dimensions: [CloudWatchDimension]
    /// The queries of a metric-math alarm (empty for a single-metric alarm).
    public var metrics: [CloudWatchMetricDataQuery]

    enum CodingKeys: String, CodingKey {
        case alarmName = "AlarmName", alarmArn = "AlarmArn", alarmDescription = "AlarmDescription"
        case stateValue = "StateValue", stateReason = "StateReason", stateUpdatedTimestamp = "StateUpdatedTimestamp"
        case namespace = "Namespace", metricName = "MetricName", dimensions = "Dimensions", metrics = "Metrics"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        alarmName = try c.decode(String.self, forKey: .alarmName)
        alarmArn = try c.decodeIfPresent(String.self, forKey: .alarmArn)
        alarmDescription = try c.decodeIfPresent(String.self, forKey: .alarmDescription)
        stateValue = try c.decodeIfPresent(String.self, forKey: .stateValue)
        stateReason = try c.decodeIfPresent(String.self, forKey: .stateReason)
        stateUpdatedTimestamp = try c.decodeIfPresent(Date.self, forKey: .stateUpdatedTimestamp)
        namespace = try c.decodeIfPresent(String.self, forKey: .namespace)
        metricName = try c.decodeIfPresent(String.self, forKey: .metricName)
        dimensions = try c.decodeIfPresent([CloudWatchDimension].self, forKey: .dimensions) ?? []
        metrics = try c.decodeIfPresent([CloudWatchMetricDataQuery].self, forKey: .metrics) ?? []
    }

    /// Every metric the alarm watches: its own, or those of its metric-math queries.
    public var watchedMetrics: [CloudWatchMetric] {
        var out: [CloudWatchMetric] = []
        if let namespace, let metricName {
            out.append(CloudWatchMetric(namespace: namespace, metricName: metricName, dimensions: dimensions))
        }
        out += metrics.compactMap { $0.metricStat?.metric }
        return out
    }
}

/// One entry of DescribeAlarmHistory.
public struct CloudWatchAlarmHistoryItem: Decodable, Sendable, Equatable {
    public var alarmName: String
    public var alarmType: String?
    public var timestamp: Date
    /// `ConfigurationUpdate`, `StateUpdate`, `Action`, ...
    public var historyItemType: String?
    public var historySummary: String?
    /// JSON text; for a state update it holds `oldState` and `newState` (`stateValue`, `stateReason`).
    public var historyData: String?

    enum CodingKeys: String, CodingKey {
        case alarmName = "AlarmName", alarmType = "AlarmType", timestamp = "Timestamp"
        case historyItemType = "HistoryItemType", historySummary = "HistorySummary", historyData = "HistoryData"
    }

    /// The new state and its reason of a `StateUpdate` item, read from `HistoryData`; nil when it
    /// is not a state update or the data is not the JSON AWS documents.
    public var newState: (value: String, reason: String?)? {
        guard let historyData,
              let object = try? JSONSerialization.jsonObject(with: Data(historyData.utf8)) as? [String: Any],
              let state = object["newState"] as? [String: Any],
              let value = state["stateValue"] as? String
        else { return nil }
        return (value, state["stateReason"] as? String)
    }

}
