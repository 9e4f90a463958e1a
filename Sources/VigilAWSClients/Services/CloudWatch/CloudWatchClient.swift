import Foundation

/// Amazon CloudWatch, read operations, over the service's JSON 1.0 protocol
/// (`GraniteServiceVersion20100801`; AWS and botocore list it beside the older query protocol,
/// and errors keep the query codes through `x-amzn-query-error`). Timestamps are epoch seconds.
public struct CloudWatchClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "CloudWatch", signingName: "monitoring", apiVersion: "2010-08-01",
        wireProtocol: .json(version: "1.0", targetPrefix: "GraniteServiceVersion20100801"))

    /// GetMetricData takes at most this many queries per request.
    public static let maxQueriesPerRequest = 500

    public let client: AWSClient

    public init(_ client: AWSClient) {
        self.client = client
    }

    struct GetMetricDataInput: Encodable, Sendable {
        var MetricDataQueries: [CloudWatchMetricDataQuery]
        var StartTime: Date
        var EndTime: Date
        var NextToken: String?
        var ScanBy: String?
        var MaxDatapoints: Int?
    }

    struct GetMetricDataOutput: Decodable, Sendable {
        var MetricDataResults: [CloudWatchMetricDataResult]?
        var NextToken: String?
    }

    /// The pages of GetMetricData for up to `maxQueriesPerRequest` queries, oldest datapoints first.
    /// A later page carries more datapoints of the same query ids.
    public func getMetricData(
        queries: [CloudWatchMetricDataQuery], start: Date, end: Date, maxDatapoints: Int? = nil
    ) -> AWSPaginator<CloudWatchMetricDataResult> {
        let client = client
        return AWSPaginator { token in
            let output = try await client.json(Self.service, operation: "GetMetricData", input: GetMetricDataInput(
                MetricDataQueries: queries, StartTime: start, EndTime: end, NextToken: token,
                ScanBy: "TimestampAscending", MaxDatapoints: maxDatapoints), output: GetMetricDataOutput.self)
            return AWSPage(items: output.MetricDataResults ?? [], nextToken: output.NextToken)
        }
    }

    struct DescribeAlarmsInput: Encodable, Sendable {
        var AlarmTypes: [String]?
        var AlarmNamePrefix: String?
        var StateValue: String?
        var MaxRecords: Int?
        var NextToken: String?
    }

    struct DescribeAlarmsOutput: Decodable, Sendable {
        var MetricAlarms: [CloudWatchMetricAlarm]?
        var NextToken: String?
    }

    /// Metric alarms (composite alarms are not read), optionally by name prefix or state.
    public func describeAlarms(namePrefix: String? = nil, state: String? = nil, pageSize: Int? = 100) -> AWSPaginator<CloudWatchMetricAlarm> {
        let client = client
        return AWSPaginator { token in
            let output = try await client.json(Self.service, operation: "DescribeAlarms", input: DescribeAlarmsInput(
                AlarmTypes: ["MetricAlarm"], AlarmNamePrefix: namePrefix, StateValue: state, MaxRecords: pageSize,
                NextToken: token), output: DescribeAlarmsOutput.self)
            return AWSPage(items: output.MetricAlarms ?? [], nextToken: output.NextToken)
        }
    }

    struct DescribeAlarmHistoryInput: Encodable, Sendable {
        var AlarmName: String?
        var AlarmTypes: [String]?
        var HistoryItemType: String?
        var StartDate: Date?
        var EndDate: Date?
        var MaxRecords: Int?
        var NextToken: String?
        var ScanBy: String?
    }

    struct DescribeAlarmHistoryOutput: Decodable, Sendable {
        var AlarmHistoryItems: [CloudWatchAlarmHistoryItem]?
        var NextToken: String?
    }

    /// History items between `start` and `end`, oldest first; `itemType` such as `StateUpdate`.
    public func describeAlarmHistory(
        alarmName: String? = nil, itemType: String? = "StateUpdate", start: Date, end: Date, pageSize: Int? = 100
    ) -> AWSPaginator<CloudWatchAlarmHistoryItem> {
        let client = client
        return AWSPaginator { token in
            let output = try await client.json(Self.service, operation: "DescribeAlarmHistory", input: DescribeAlarmHistoryInput(
                AlarmName: alarmName, AlarmTypes: ["MetricAlarm"], HistoryItemType: itemType, StartDate: start, EndDate: end,
                MaxRecords: pageSize, NextToken: token, ScanBy: "TimestampAscending"), output: DescribeAlarmHistoryOutput.self)
            return AWSPage(items: output.AlarmHistoryItems ?? [], nextToken: output.NextToken)
        }
    }
}
