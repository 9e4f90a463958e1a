import VigilAPIModel

/// The generic form AWS DevOps Agent documents: `{"eventType": "incident", "action": "created" |
/// "updated" | "resolved", "priority", "incidentId", "title", "description", "service",
/// "timestamp", "data"}`. eventType, action, incidentId and title are required.
enum GenericAdapter {
    static func matches(_ body: Fields) -> Bool { body.object["eventType"] != nil }

    static func adapt(_ body: Fields) throws(PayloadError) -> AdaptedDelivery {
        let eventType = try body.string("eventType")
        guard eventType == "incident" else { throw PayloadError("eventType must be \"incident\"") }
        let action = try body.string("action")
        let status: IntakeAlert.Status
        switch action {
        case "created", "updated": status = .firing
        case "resolved": status = .resolved
        default: throw PayloadError("action must be one of created, updated, resolved")
        }
        let incidentId = try body.string("incidentId")
        let title = try body.string("title")
        if let p = body.object["priority"], p.stringValue == nil { throw PayloadError("priority must be a string") }
        let timestamp = try body.time("timestamp")
        var labels: [String: String] = ["action": action]
        if let data = body.object["data"]?.objectValue {
            for (k, v) in data { labels["data." + k] = v.stringValue ?? JSONWriter.writeString(v) }
        }
        let service = body.optionalString("service")
        let alert = IntakeAlert(source: .generic, status: status, externalId: incidentId, alertName: title, title: title,
                                description: body.optionalString("description") ?? "",
                                priority: PriorityName.normalize(body.optionalString("priority")), resource: service, labels: labels,
                                startsAt: status == .firing ? timestamp : nil, endsAt: status == .resolved ? timestamp : nil)
        return AdaptedDelivery(sender: .generic, alerts: [alert])
    }
}
