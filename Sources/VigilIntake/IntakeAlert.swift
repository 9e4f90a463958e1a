/// One alert as every adapter delivers it, whatever the sender (Alertmanager, Grafana, PagerDuty,
/// GitLab, CloudWatch via EventBridge or SNS, the generic form, pollers). The seam between payload
/// adapters and deduplication; change it only additively. All text fields are untrusted.
public struct IntakeAlert: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        case generic, alertmanager, grafana, pagerduty, gitlab, cloudwatch, servicenow, manual
    }
    public enum Status: String, Sendable, Hashable, Codable {
        case firing, resolved
    }

    public var source: Source
    public var status: Status
    /// The sender's own identity for this alert, when it has one (PagerDuty dedup_key or incident
    /// id, Alertmanager fingerprint, generic `incidentId`, alarm ARN, ServiceNow sys_id).
    public var externalId: String?
    public var alertName: String
    public var title: String
    public var description: String
    /// The model's priority vocabulary: CRITICAL, HIGH, MEDIUM, LOW, MINIMAL.
    public var priority: String
    /// The affected service or resource (ARN, service name), if the sender says.
    public var resource: String?
    public var labels: [String: String]
    /// When the alert started at the sender, epoch seconds.
    public var startsAt: Double?
    public var endsAt: Double?

    public init(source: Source, status: Status, externalId: String? = nil, alertName: String, title: String,
                description: String = "", priority: String = "MEDIUM", resource: String? = nil,
                labels: [String: String] = [:], startsAt: Double? = nil, endsAt: Double? = nil) {
        self.source = source
        self.status = status
        self.externalId = externalId
        self.alertName = alertName
        self.title = title
        self.description = description
        self.priority = priority
        self.resource = resource
        self.labels = labels
        self.startsAt = startsAt
        self.endsAt = endsAt
    }
}
