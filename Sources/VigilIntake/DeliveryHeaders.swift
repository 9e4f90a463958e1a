/// Request headers of one delivery, names lower-cased. Only these are kept in the inbox: the
/// ones adapters look at to recognise a sender. Authentication headers are never stored.
public struct DeliveryHeaders: Sendable, Equatable {
    public private(set) var values: [String: String]

    public static let retained: Set<String> = [
        "content-type", "user-agent", "x-amzn-event-timestamp", "x-gitlab-event", "x-gitlab-event-uuid",
        "x-gitlab-instance", "x-pagerduty-webhook-id", "x-amz-sns-message-type", "x-amz-sns-topic-arn",
        "x-amz-sns-message-id", "x-grafana-alerting-signature", "idempotency-key",
    ]

    public init(_ pairs: [(String, String)] = []) {
        var v: [String: String] = [:]
        for (name, value) in pairs {
            let key = name.lowercased()
            // Repeated headers are joined as HTTP allows for list-valued fields.
            if let existing = v[key] { v[key] = existing + "," + value } else { v[key] = value }
        }
        values = v
    }

    public subscript(_ name: String) -> String? { values[name.lowercased()] }

    /// The subset written to the inbox.
    public var retainedSubset: [String: String] { values.filter { Self.retained.contains($0.key) } }
}
