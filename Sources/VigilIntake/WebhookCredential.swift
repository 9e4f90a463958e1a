/// How a delivery to one webhook proves it comes from the sender that holds the secret.
public enum WebhookAuthType: String, Sendable, CaseIterable {
    /// `x-amzn-event-timestamp` + `x-amzn-event-signature` = base64 HMAC-SHA256(secret, timestamp:body).
    case hmac
    /// `Authorization: Bearer <apiKey>` (Alertmanager, Grafana, EventBridge API destinations).
    case apikey
    /// `X-Gitlab-Token: <secret>`.
    case gitlab
    /// `X-PagerDuty-Signature: v1=<hex HMAC-SHA256(secret, body)>`.
    case pagerduty
}

/// A webhook with its secret unsealed, as the receiver checks deliveries against it.
public struct WebhookCredential: Sendable, Equatable {
    public var space: String
    public var webhookId: String
    public var type: WebhookAuthType
    public var secret: String

    public init(space: String, webhookId: String, type: WebhookAuthType, secret: String) {
        self.space = space
        self.webhookId = webhookId
        self.type = type
        self.secret = secret
    }
}
