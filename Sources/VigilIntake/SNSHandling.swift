/// What the receiver needs for Amazon SNS deliveries: verifying a message's signature and
/// confirming a subscription. `nil` problem means success.
public protocol SNSHandling: Sendable {
    func verify(_ envelope: SNSEnvelope) async -> String?
    func confirm(subscribeURL: String) async -> String?
}
