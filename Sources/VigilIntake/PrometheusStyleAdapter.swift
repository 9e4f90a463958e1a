import VigilAPIModel

/// Alertmanager webhook v4 and Grafana alerting's webhook contact point (version "1"): both post
/// a group of alerts with labels, annotations, startsAt/endsAt and a per-alert fingerprint.
enum PrometheusStyleAdapter {
    static func adapt(_ body: Fields, source: IntakeAlert.Source) throws(PayloadError) -> AdaptedDelivery {
        let items = try body.array("alerts")
        var alerts: [IntakeAlert] = []
        alerts.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            let a = try Fields(item, path: "alerts[\(index)]")
            let statusText = try a.string("status")
            guard let status = IntakeAlert.Status(rawValue: statusText.lowercased()) else {
                throw PayloadError("\(a.name("status")) must be firing or resolved")
            }
            guard a.object["labels"]?.objectValue != nil else { throw PayloadError("missing required field \(a.name("labels"))") }
            let labels = a.stringMap("labels")
            let annotations = a.stringMap("annotations")
            let name = labels["alertname"] ?? labels["__alert_rule_uid__"] ?? "alert"
            let title = annotations["summary"] ?? annotations["title"] ?? name
            var description = annotations["description"] ?? annotations["message"] ?? ""
            if let url = a.optionalString("generatorURL") { description += description.isEmpty ? "Source: \(url)" : "\nSource: \(url)" }
            alerts.append(IntakeAlert(
                source: source, status: status, externalId: a.optionalString("fingerprint"), alertName: name, title: title,
                description: description, priority: PriorityName.normalize(labels["severity"] ?? labels["priority"]),
                resource: ResourceLabels.resource(from: labels), labels: labels,
                startsAt: try a.time("startsAt"), endsAt: status == .resolved ? try a.time("endsAt") : nil))
        }
        return AdaptedDelivery(sender: source, alerts: alerts, senderGroupKey: body.optionalString("groupKey"),
                               control: alerts.isEmpty ? .nothingToDo(reason: "the group has no alerts") : nil)
    }
}

/// Which label names the affected resource, in order of preference.
enum ResourceLabels {
    static let preferred = ["resource", "arn", "service", "service_name", "app", "job", "instance"]

    static func resource(from labels: [String: String]) -> String? {
        for key in preferred { if let v = labels[key], !v.isEmpty { return v } }
        return nil
    }
}
