import VigilAPIModel

/// PagerDuty v3 webhooks: `{"event": {"id", "event_type": "incident.triggered", "resource_type":
/// "incident", "occurred_at", "data": {incident}}}`. Triggered and reopened incidents fire,
/// resolved ones resolve; other incident events (acknowledged, annotated, …) change nothing.
enum PagerDutyAdapter {
    static func adapt(_ body: Fields) throws(PayloadError) -> AdaptedDelivery {
        let event = try body.nested("event")
        let type = try event.string("event_type")
        let data = try event.nested("data")
        guard type.hasPrefix("incident.") else {
            return AdaptedDelivery(sender: .pagerduty, alerts: [], control: .nothingToDo(reason: "event type \(type) is not about an incident"))
        }
        let status: IntakeAlert.Status
        switch type {
        case "incident.triggered", "incident.reopened", "incident.escalated", "incident.priority_updated", "incident.unacknowledged":
            status = .firing
        case "incident.resolved":
            status = .resolved
        default:
            return AdaptedDelivery(sender: .pagerduty, alerts: [], control: .nothingToDo(reason: "event type \(type) changes no alert"))
        }
        let id = try data.string("id")
        let title = data.optionalString("title") ?? data.optionalString("summary") ?? "PagerDuty incident \(id)"
        let service = data.optionalNested("service")
        let serviceName = service?.optionalString("summary") ?? service?.optionalString("name")
        let priority = data.optionalNested("priority")?.optionalString("summary")
            ?? (data.optionalString("urgency") == "high" ? "HIGH" : data.optionalString("urgency") == "low" ? "LOW" : nil)
        var labels: [String: String] = ["event_type": type]
        if let number = data.optionalString("number") { labels["number"] = number }
        if let url = data.optionalString("html_url") { labels["html_url"] = url }
        if let serviceId = service?.optionalString("id") { labels["service_id"] = serviceId }
        // The incident key is PagerDuty's dedup_key: alerts sharing it are one incident.
        let externalId = data.optionalString("incident_key") ?? id
        let alert = IntakeAlert(
            source: .pagerduty, status: status, externalId: externalId, alertName: serviceName.map { "PagerDuty: \($0)" } ?? "PagerDuty incident",
            title: title, description: data.optionalString("description") ?? "",
            priority: PriorityName.normalize(priority), resource: serviceName, labels: labels,
            startsAt: try data.time("created_at"), endsAt: status == .resolved ? try event.time("occurred_at") : nil)
        return AdaptedDelivery(sender: .pagerduty, alerts: [alert])
    }
}
