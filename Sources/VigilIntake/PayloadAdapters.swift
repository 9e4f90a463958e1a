import VigilAPIModel

/// Recognises a delivery's sender by shape and headers, so one webhook URL serves them all.
public enum PayloadAdapters {
    public static func adapt(_ json: JSONValue, headers: DeliveryHeaders) throws(PayloadError) -> AdaptedDelivery {
        let body = try Fields(json, path: "")
        if SNSEnvelope.looksLikeSNS(body, headers: headers) { return try adaptSNS(body) }
        if body.optionalString("version") == "4", body.object["alerts"] != nil {
            return try PrometheusStyleAdapter.adapt(body, source: .alertmanager)
        }
        if body.object["alerts"] != nil, body.object["orgId"] != nil || body.object["state"] != nil || body.optionalString("version") == "1" {
            return try PrometheusStyleAdapter.adapt(body, source: .grafana)
        }
        if body.object["event"]?["event_type"] != nil { return try PagerDutyAdapter.adapt(body) }
        if body.object["object_kind"] != nil || headers["x-gitlab-event"] != nil { return try GitLabAdapter.adapt(body) }
        if CloudWatchAdapter.isEventBridge(body) { return try CloudWatchAdapter.adaptEventBridge(body) }
        if CloudWatchAdapter.isAlarmMessage(body) { return try CloudWatchAdapter.adaptAlarmMessage(body) }
        if GenericAdapter.matches(body) { return try GenericAdapter.adapt(body) }
        if body.object["alerts"] != nil { return try PrometheusStyleAdapter.adapt(body, source: .alertmanager) }
        throw PayloadError("unrecognised payload: expected the generic form (eventType, action, incidentId, title) or a supported sender's format (Alertmanager, Grafana, PagerDuty v3, GitLab, CloudWatch via EventBridge or SNS)")
    }

    static func adaptSNS(_ body: Fields) throws(PayloadError) -> AdaptedDelivery {
        let envelope = try SNSEnvelope(body)
        switch envelope.type {
        case "SubscriptionConfirmation":
            return AdaptedDelivery(sender: .cloudwatch, alerts: [],
                                   control: .confirmSNSSubscription(subscribeURL: envelope.subscribeURL ?? "", topicArn: envelope.topicArn),
                                   snsEnvelope: envelope)
        case "UnsubscribeConfirmation":
            return AdaptedDelivery(sender: .cloudwatch, alerts: [], control: .nothingToDo(reason: "SNS unsubscribe confirmation"),
                                   snsEnvelope: envelope)
        default:
            // The message is the alarm (or EventBridge event) as JSON text.
            let inner: JSONValue
            do { inner = try JSONParser.parse(envelope.message) } catch {
                throw PayloadError("the SNS Message is not JSON: \(error)")
            }
            var adapted = try adapt(inner, headers: DeliveryHeaders())
            guard adapted.snsEnvelope == nil else { throw PayloadError("an SNS message cannot contain another SNS envelope") }
            adapted.snsEnvelope = envelope
            return adapted
        }
    }
}
