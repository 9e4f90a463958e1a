import Foundation
import Testing
import VigilAPIModel
@testable import VigilIntake

/// Sample payloads written from each sender's documented format, in Payloads/.
enum SamplePayload {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Payloads/\(name).json")
        return [UInt8](try Data(contentsOf: url))
    }

    static func adapt(_ name: String, headers: [(String, String)] = []) throws -> AdaptedDelivery {
        try PayloadAdapters.adapt(try JSONParser.parse(try bytes(name)), headers: DeliveryHeaders(headers))
    }
}

@Suite struct PayloadAdapterTests {
    @Test func alertmanagerV4GroupWithFiringAndResolvedAlerts() throws {
        let d = try SamplePayload.adapt("alertmanager-v4")
        #expect(d.sender == .alertmanager)
        #expect(d.senderGroupKey == #"{}/{severity="critical"}:{alertname="HighErrorRate"}"#)
        #expect(d.alerts.count == 2)
        let firing = d.alerts[0]
        #expect(firing.status == .firing && firing.alertName == "HighErrorRate" && firing.title == "checkout 5xx above 5%")
        #expect(firing.resource == "checkout" && firing.priority == "CRITICAL" && firing.externalId == "c6e7a1b2d3f40a1b")
        #expect(firing.endsAt == nil && firing.startsAt.map { abs($0 - 1_795_759_200.123) < 0.001 } == true)
        #expect(firing.description.contains("Error ratio 7.2%"))
        #expect(d.alerts[1].status == .resolved && d.alerts[1].endsAt == ISO8601.parse("2026-11-27T05:58:00Z"))
    }

    @Test func grafanaContactPoint() throws {
        let d = try SamplePayload.adapt("grafana")
        #expect(d.sender == .grafana && d.alerts.count == 1)
        #expect(d.alerts[0].alertName == "LatencyHigh" && d.alerts[0].resource == "cart" && d.alerts[0].priority == "MEDIUM")
        #expect(d.alerts[0].externalId == "57c6d9296de2ad39")
    }

    @Test func pagerDutyV3IncidentEvents() throws {
        let d = try SamplePayload.adapt("pagerduty-v3-triggered")
        #expect(d.sender == .pagerduty && d.alerts.count == 1)
        let a = d.alerts[0]
        #expect(a.status == .firing && a.externalId == "d3640fbd41094207a1c11e58e46b1662" && a.priority == "CRITICAL")
        #expect(a.resource == "checkout-db" && a.title == "Checkout database connections exhausted")
        var json = try JSONParser.parse(try SamplePayload.bytes("pagerduty-v3-triggered"))
        json = json.replacingEventType("incident.resolved")
        let resolved = try PayloadAdapters.adapt(json, headers: DeliveryHeaders())
        #expect(resolved.alerts.first?.status == .resolved && resolved.alerts.first?.externalId == a.externalId)
        let acked = try PayloadAdapters.adapt(json.replacingEventType("incident.acknowledged"), headers: DeliveryHeaders())
        #expect(acked.alerts.isEmpty && acked.control == .nothingToDo(reason: "event type incident.acknowledged changes no alert"))
    }

    @Test func gitLabAlertAndPipelineEvents() throws {
        let alert = try SamplePayload.adapt("gitlab-alert", headers: [("X-Gitlab-Event", "Alert Hook")])
        #expect(alert.sender == .gitlab && alert.alerts.first?.status == .firing && alert.alerts.first?.priority == "CRITICAL")
        #expect(alert.alerts.first?.startsAt == ISO8601.parse("2026-11-27T06:03:00Z"))
        let pipeline = try SamplePayload.adapt("gitlab-pipeline-failed")
        #expect(pipeline.alerts.first?.status == .firing && pipeline.alerts.first?.resource == "acme/shop")
        #expect(pipeline.alerts.first?.externalId == "pipeline:acme/shop:main")
    }

    @Test func cloudWatchThroughEventBridgeAndSNS() throws {
        let eb = try SamplePayload.adapt("eventbridge-alarm")
        #expect(eb.sender == .cloudwatch && eb.alerts.first?.resource == "checkout" && eb.alerts.first?.status == .firing)
        #expect(eb.alerts.first?.externalId == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-errors")
        let sns = try SamplePayload.adapt("sns-alarm-notification", headers: [("x-amz-sns-message-type", "Notification")])
        #expect(sns.snsEnvelope?.topicArn == "arn:aws:sns:us-east-1:123456789012:alarms")
        #expect(sns.alerts.first?.alertName == "orders-queue-depth" && sns.alerts.first?.resource == "orders")
        let confirm = try SamplePayload.adapt("sns-subscription-confirmation", headers: [("x-amz-sns-message-type", "SubscriptionConfirmation")])
        guard case .confirmSNSSubscription(let url, _)? = confirm.control else { Issue.record("expected a confirmation"); return }
        #expect(url.hasPrefix("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription"))
        #expect(confirm.snsEnvelope?.stringToSign.hasPrefix("Message\nYou have chosen") == true)
        #expect(confirm.snsEnvelope?.stringToSign.contains("\nToken\n2336412f") == true)
    }

    @Test func genericFormKeepsUnknownFieldsAndRequiresItsOwn() throws {
        let d = try SamplePayload.adapt("generic")
        #expect(d.sender == .generic && d.alerts.first?.externalId == "INC-1042" && d.alerts.first?.priority == "HIGH")
        #expect(d.alerts.first?.labels["data.region"] == "us-east-1" && d.alerts.first?.resource == "checkout")
        for (field, message) in [("incidentId", "missing required field incidentId"), ("title", "missing required field title"),
                                 ("action", "missing required field action")] {
            guard case .object(var o) = try JSONParser.parse(try SamplePayload.bytes("generic")) else { return }
            o[field] = nil
            #expect(throws: PayloadError(message)) { try PayloadAdapters.adapt(.object(o), headers: DeliveryHeaders()) }
        }
        #expect(throws: PayloadError("action must be one of created, updated, resolved")) {
            try PayloadAdapters.adapt(["eventType": "incident", "action": "exploded", "incidentId": "1", "title": "t"], headers: DeliveryHeaders())
        }
        #expect(throws: PayloadError.self) { try PayloadAdapters.adapt(["hello": "world"], headers: DeliveryHeaders()) }
        #expect(throws: PayloadError("the body must be a JSON object")) { try PayloadAdapters.adapt([1, 2], headers: DeliveryHeaders()) }
    }

    @Test func alertmanagerAlertWithoutLabelsIsRefused() throws {
        let body: JSONValue = ["version": "4", "alerts": [["status": "firing"]]]
        #expect(throws: PayloadError("missing required field alerts[0].labels")) { try PayloadAdapters.adapt(body, headers: DeliveryHeaders()) }
    }
}

extension JSONValue {
    func replacingEventType(_ type: String) -> JSONValue {
        guard case .object(var root) = self, case .object(var event)? = root["event"] else { return self }
        event["event_type"] = .string(type)
        root["event"] = .object(event)
        return .object(root)
    }
}
