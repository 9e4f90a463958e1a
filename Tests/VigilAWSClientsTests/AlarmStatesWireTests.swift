import Foundation
import Testing
@testable import VigilAWSClients
@testable import VigilIntake

/// DescribeAlarms for metric and composite alarms, page by page, against a local server answering in
/// CloudWatch's JSON 1.0 wire format (moto 5.2.1 has no PutCompositeAlarm and no DescribeAlarms
/// paging, so these two parts are checked against answers in the documented shape instead).
@Suite struct AlarmStatesWireTests {
    static let pageOne = """
        {"MetricAlarms":[{"AlarmName":"checkout-errors","AlarmArn":"arn:aws:cloudwatch:us-east-1:111122223333:alarm:checkout-errors",
          "AlarmDescription":"Checkout errors","StateValue":"ALARM","StateReason":"Threshold Crossed","StateUpdatedTimestamp":1.7994E9,
          "Namespace":"AWS/Lambda","MetricName":"Errors","Dimensions":[{"Name":"FunctionName","Value":"checkout"}],"Period":60,
          "EvaluationPeriods":1,"Threshold":5.0,"ComparisonOperator":"GreaterThanOrEqualToThreshold","Statistic":"Sum"}],
         "CompositeAlarms":[],"NextToken":"page-2"}
        """
    static let pageTwo = """
        {"MetricAlarms":[],"CompositeAlarms":[{"AlarmName":"shop-down","AlarmArn":"arn:aws:cloudwatch:us-east-1:111122223333:alarm:shop-down",
          "AlarmRule":"ALARM(\\"checkout-errors\\")","StateValue":"ALARM","StateReason":"child alarm","StateUpdatedTimestamp":1.7994001E9,
          "ActionsEnabled":true,"AlarmActions":[]}]}
        """

    @Test func metricAndCompositeAlarmsAcrossPages() async throws {
        let server = try LocalHTTPServer { request, _ in
            let body = request.bodyText
            guard request.header("X-Amz-Target") == "GraniteServiceVersion20100801.DescribeAlarms",
                  body.contains(#""AlarmTypes":["MetricAlarm","CompositeAlarm"]"#) else {
                return .init(status: 400, headers: [("Content-Type", "application/x-amz-json-1.0")],
                             body: #"{"__type":"InvalidParameterValue","message":"unexpected request"}"#)
            }
            let page = body.contains(#""NextToken":"page-2""#) ? Self.pageTwo : Self.pageOne
            return .init(status: 200, headers: [("Content-Type", "application/x-amz-json-1.0")], body: page)
        }
        defer { server.stop() }
        try await withHTTPClient { http in
            let client = AWSClient(region: "us-east-1", credentials: testCredentials, transport: makeTransport(AsyncHTTPClientExecutor(client: http)),
                                   endpoints: .override(AWSEndpoint(scheme: "http", host: "127.0.0.1", port: server.port)),
                                   accountId: "111122223333", policy: .readOnly())
            let alarms = try await CloudWatchClient(client).describeAlarmStates().all()
            #expect(alarms.map(\.alarmName) == ["checkout-errors", "shop-down"])
            #expect(alarms.map(\.kind) == [.metric, .composite])
            #expect(alarms[0].dimensions == [CloudWatchDimension(name: "FunctionName", value: "checkout")])
            #expect(alarms[1].stateUpdatedTimestamp == Date(timeIntervalSince1970: 1_799_400_100))

            let result = AlarmChangeDetector.detect(previous: [:], current: alarms, accountId: "111122223333", region: "us-east-1")
            let alerts = result.changes.compactMap { AlarmChangeDetector.alert($0, accountId: "111122223333", region: "us-east-1") }
            #expect(alerts.map(\.resource) == ["checkout", "arn:aws:cloudwatch:us-east-1:111122223333:alarm:shop-down"])
            #expect(alerts[1].labels["alarm_type"] == "composite")
        }
    }
}
