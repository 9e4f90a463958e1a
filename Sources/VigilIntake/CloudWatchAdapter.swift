import VigilAPIModel

/// CloudWatch alarm state changes, as EventBridge delivers them (`detail-type: "CloudWatch Alarm
/// State Change"`, through an API destination or inside an SNS message) and as an alarm's own SNS
/// action writes them (`AlarmName`, `NewStateValue`, `Trigger`). ALARM fires, OK resolves,
/// INSUFFICIENT_DATA changes nothing.
enum CloudWatchAdapter {
    /// Dimension names that name the affected resource, most specific first.
    static let resourceDimensions = ["FunctionName", "DBInstanceIdentifier", "DBClusterIdentifier", "ServiceName", "TableName",
                                     "QueueName", "ApiName", "LoadBalancer", "TargetGroup", "ClusterName", "InstanceId", "BucketName"]

    static func isEventBridge(_ body: Fields) -> Bool {
        body.optionalString("detail-type") == "CloudWatch Alarm State Change"
    }

    static func isAlarmMessage(_ body: Fields) -> Bool {
        body.object["AlarmName"] != nil && body.object["NewStateValue"] != nil
    }

    static func adaptEventBridge(_ body: Fields) throws(PayloadError) -> AdaptedDelivery {
        let detail = try body.nested("detail")
        let name = try detail.string("alarmName")
        let state = try detail.nested("state")
        let value = try state.string("value")
        let arn = (body.object["resources"]?.arrayValue?.first?.stringValue) ?? name
        var dimensions: [String: String] = [:]
        if let metrics = detail.optionalNested("configuration")?.object["metrics"]?.arrayValue {
            for metric in metrics {
                if let dims = metric["metricStat"]?["metric"]?["dimensions"]?.objectValue {
                    for (k, v) in dims { if let s = v.stringValue { dimensions[k] = s } }
                }
            }
        }
        return make(name: name, arn: arn, state: value, reason: state.optionalString("reason") ?? "",
                    description: detail.optionalNested("configuration")?.optionalString("description"),
                    dimensions: dimensions, region: body.optionalString("region"), account: body.optionalString("account"),
                    time: state.lenientTime("timestamp") ?? body.lenientTime("time"))
    }

    static func adaptAlarmMessage(_ body: Fields) throws(PayloadError) -> AdaptedDelivery {
        let name = try body.string("AlarmName")
        let value = try body.string("NewStateValue")
        var dimensions: [String: String] = [:]
        for d in body.optionalNested("Trigger")?.object["Dimensions"]?.arrayValue ?? [] {
            if let n = d["name"]?.stringValue, let v = d["value"]?.stringValue { dimensions[n] = v }
        }
        return make(name: name, arn: body.optionalString("AlarmArn") ?? name, state: value, reason: body.optionalString("NewStateReason") ?? "",
                    description: body.optionalString("AlarmDescription"), dimensions: dimensions, region: body.optionalString("Region"),
                    account: body.optionalString("AWSAccountId"), time: body.lenientTime("StateChangeTime"))
    }

    static func make(name: String, arn: String, state: String, reason: String, description: String?, dimensions: [String: String],
                     region: String?, account: String?, time: Double?) -> AdaptedDelivery {
        let status: IntakeAlert.Status
        switch state {
        case "ALARM": status = .firing
        case "OK": status = .resolved
        default:
            return AdaptedDelivery(sender: .cloudwatch, alerts: [], control: .nothingToDo(reason: "alarm \(name) went to \(state)"))
        }
        var labels = dimensions
        labels["alarm_arn"] = arn
        if let region { labels["region"] = region }
        if let account { labels["account"] = account }
        let resource = resourceDimensions.lazy.compactMap { dimensions[$0] }.first ?? arn
        let text = [description, reason].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
        let alert = IntakeAlert(source: .cloudwatch, status: status, externalId: arn, alertName: name, title: "CloudWatch alarm \(name) is \(state)",
                                description: text, priority: "HIGH", resource: resource, labels: labels,
                                startsAt: status == .firing ? time : nil, endsAt: status == .resolved ? time : nil)
        return AdaptedDelivery(sender: .cloudwatch, alerts: [alert])
    }
}
