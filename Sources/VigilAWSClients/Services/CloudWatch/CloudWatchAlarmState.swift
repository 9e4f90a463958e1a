import Foundation

/// The state of one alarm, metric or composite, as DescribeAlarms lists it: what the alarm poller
/// compares between polls.
public struct CloudWatchAlarmState: Decodable, Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case metric = "MetricAlarm", composite = "CompositeAlarm"
    }

    public var kind: Kind
    public var alarmName: String
    public var alarmArn: String?
    public var alarmDescription: String?
    /// `OK`, `ALARM`, `INSUFFICIENT_DATA`.
    public var stateValue: String
    public var stateReason: String?
    public var stateUpdatedTimestamp: Date?
    /// The watched metric's dimensions (metric alarms; empty for composite alarms).
    public var dimensions: [CloudWatchDimension]

    enum CodingKeys: String, CodingKey {
        case alarmName = "AlarmName", alarmArn = "AlarmArn", alarmDescription = "AlarmDescription"
        case stateValue = "StateValue", stateReason = "StateReason", stateUpdatedTimestamp = "StateUpdatedTimestamp"
        case dimensions = "Dimensions"
    }

    public init(kind: Kind, alarmName: String, alarmArn: String?, alarmDescription: String? = nil, stateValue: String,
                stateReason: String? = nil, stateUpdatedTimestamp: Date?, dimensions: [CloudWatchDimension] = []) {
        self.kind = kind
        self.alarmName = alarmName
        self.alarmArn = alarmArn
        self.alarmDescription = alarmDescription
        self.stateValue = stateValue
        self.stateReason = stateReason
        self.stateUpdatedTimestamp = stateUpdatedTimestamp
        self.dimensions = dimensions
    }

    /// Decoded with the kind of the list it came from (set by the caller after decoding).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = .metric
        alarmName = try c.decode(String.self, forKey: .alarmName)
        alarmArn = try c.decodeIfPresent(String.self, forKey: .alarmArn)
        alarmDescription = try c.decodeIfPresent(String.self, forKey: .alarmDescription)
        stateValue = try c.decodeIfPresent(String.self, forKey: .stateValue) ?? "INSUFFICIENT_DATA"
        stateReason = try c.decodeIfPresent(String.self, forKey: .stateReason)
        stateUpdatedTimestamp = try c.decodeIfPresent(Date.self, forKey: .stateUpdatedTimestamp)
        dimensions = try c.decodeIfPresent([CloudWatchDimension].self, forKey: .dimensions) ?? []
    }
}

extension CloudWatchClient {
    struct DescribeAlarmStatesOutput: Decodable, Sendable {
        var MetricAlarms: [CloudWatchAlarmState]?
        var CompositeAlarms: [CloudWatchAlarmState]?
        var NextToken: String?
    }

    /// Every alarm's state, metric and composite alarms alike, page by page.
    public func describeAlarmStates(pageSize: Int? = 100) -> AWSPaginator<CloudWatchAlarmState> {
        let client = client
        return AWSPaginator { token in
            let output = try await client.json(Self.service, operation: "DescribeAlarms", input: DescribeAlarmsInput(
                AlarmTypes: ["MetricAlarm", "CompositeAlarm"], AlarmNamePrefix: nil, StateValue: nil, MaxRecords: pageSize,
                NextToken: token), output: DescribeAlarmStatesOutput.self)
            let composite = (output.CompositeAlarms ?? []).map { alarm -> CloudWatchAlarmState in
                var alarm = alarm
                alarm.kind = .composite
                return alarm
            }
            return AWSPage(items: (output.MetricAlarms ?? []) + composite, nextToken: output.NextToken)
        }
    }
}
