import VigilAPIModel

/// GitLab alert events (`object_kind: "alert"`, status triggered/acknowledged/resolved/ignored)
/// and pipeline events (`object_kind: "pipeline"`): a failed pipeline fires an alert keyed by
/// project and ref, the next successful pipeline on that ref resolves it.
enum GitLabAdapter {
    static func adapt(_ body: Fields) throws(PayloadError) -> AdaptedDelivery {
        let kind = try body.string("object_kind")
        let attributes = try body.nested("object_attributes")
        switch kind {
        case "alert":
            let title = try attributes.string("title")
            let statusName = (attributes.optionalString("status") ?? "triggered").lowercased()
            let status: IntakeAlert.Status = statusName == "resolved" || statusName == "ignored" ? .resolved : .firing
            let project = body.optionalNested("project")?.optionalString("path_with_namespace")
            var labels: [String: String] = ["gitlab_status": statusName]
            if let url = attributes.optionalString("url") { labels["url"] = url }
            let alert = IntakeAlert(
                source: .gitlab, status: status, externalId: attributes.optionalString("url") ?? title, alertName: title, title: title,
                description: attributes.optionalString("description") ?? "", priority: PriorityName.normalize(attributes.optionalString("severity")),
                resource: project, labels: labels,
                startsAt: attributes.lenientTime("started_at"))
            return AdaptedDelivery(sender: .gitlab, alerts: [alert])
        case "pipeline":
            let project = try body.nested("project")
            let path: String
            if let full = project.optionalString("path_with_namespace") { path = full } else { path = try project.string("name") }
            let ref = attributes.optionalString("ref") ?? "unknown"
            let state = try attributes.string("status")
            let status: IntakeAlert.Status
            switch state {
            case "failed": status = .firing
            case "success": status = .resolved
            default:
                return AdaptedDelivery(sender: .gitlab, alerts: [], control: .nothingToDo(reason: "pipeline status \(state) changes no alert"))
            }
            var labels: [String: String] = ["project": path, "ref": ref, "pipeline_status": state]
            if let id = attributes.optionalString("id") { labels["pipeline_id"] = id }
            if let sha = attributes.optionalString("sha") { labels["sha"] = sha }
            let alert = IntakeAlert(
                source: .gitlab, status: status, externalId: "pipeline:\(path):\(ref)", alertName: "PipelineFailed",
                title: "Pipeline failed on \(path) \(ref)", description: "GitLab pipeline \(labels["pipeline_id"] ?? "?") ended \(state)",
                priority: "HIGH", resource: path, labels: labels, startsAt: attributes.lenientTime("created_at"),
                endsAt: status == .resolved ? attributes.lenientTime("finished_at") : nil)
            return AdaptedDelivery(sender: .gitlab, alerts: [alert])
        default:
            return AdaptedDelivery(sender: .gitlab, alerts: [], control: .nothingToDo(reason: "GitLab \(kind) events carry no alert"))
        }
    }
}
