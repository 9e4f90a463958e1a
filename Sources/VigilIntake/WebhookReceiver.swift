import Foundation
import Logging
import VigilAPIModel
import VigilAudit
import VigilStore

/// Accepts one webhook delivery: finds the webhook, checks size, content type and credentials,
/// recognises and validates the payload, and commits it to the inbox before answering 2xx.
/// Everything refused is answered with a precise 4xx and recorded in the audit trail (with the
/// reason, never a secret); nothing refused is stored.
public struct WebhookReceiver: Sendable {
    public struct Reply: Sendable, Equatable {
        public var status: Int
        public var body: String
    }

    let store: Store
    /// Opens a webhook's sealed secret (the server passes its SecretBox).
    let unseal: @Sendable (_ sealed: [UInt8], _ context: String) throws -> String
    let audit: any AuditSink
    let wake: @Sendable () -> Void
    let sns: SNSHandling?
    let logger: Logger
    public let maxBodyBytes: Int
    /// Secrets opened for earlier deliveries (keyed by the sealed bytes, so rotation is immediate).
    let openedSecrets = OpenedSecretCache()

    public init(store: Store, unseal: @escaping @Sendable ([UInt8], String) throws -> String, audit: any AuditSink,
                wake: @escaping @Sendable () -> Void = {}, sns: SNSHandling? = nil, logger: Logger, maxBodyBytes: Int = 1 << 20) {
        self.store = store
        self.unseal = unseal
        self.audit = audit
        self.wake = wake
        self.sns = sns
        self.logger = logger
        self.maxBodyBytes = maxBodyBytes
    }

    /// Which webhook types each URL path serves (the paths AssociateService hands out).
    static let pathTypes: [String: Set<WebhookAuthType>] = [
        "generic": [.hmac, .apikey], "gitlab": [.gitlab], "pagerduty": [.pagerduty],
    ]

    public func receive(path: String, webhookId: String, headers: DeliveryHeaders, body: [UInt8]?,
                        now: Double = Date().timeIntervalSince1970) async -> Reply {
        let found: IntakeWebhookRecord?
        do { found = try await store.read { tx in try tx.webhooks.find(id: webhookId) } } catch {
            logger.error("webhook lookup failed", metadata: ["error": "\(error)"])
            return Reply(status: 503, body: Self.message("The delivery could not be accepted now; retry"))
        }
        guard let record = found, let type = WebhookAuthType(rawValue: record.type), Self.pathTypes[path]?.contains(type) == true else {
            await reject(space: nil, webhookId: webhookId, path: path, status: 404, reason: "no such webhook")
            return Reply(status: 404, body: Self.message("No webhook \(webhookId) at /webhook/\(path)"))
        }
        guard let body else {
            await reject(space: record.space, webhookId: webhookId, path: path, status: 413, reason: "payload larger than \(maxBodyBytes) bytes")
            return Reply(status: 413, body: Self.message("The payload is larger than \(maxBodyBytes) bytes"))
        }
        let isSNS = headers["x-amz-sns-message-type"] != nil
        guard Self.acceptableContentType(headers["content-type"], sns: isSNS) else {
            await reject(space: record.space, webhookId: webhookId, path: path, status: 415, reason: "content type \(headers["content-type"] ?? "(none)")")
            return Reply(status: 415, body: Self.message("Content-Type must be application/json"))
        }
        let secret: String
        do {
            secret = try openedSecrets.secret(webhookId: record.id, sealed: record.secretSealed) {
                try unseal(record.secretSealed, "webhook:\(record.id)")
            }
        } catch {
            logger.error("webhook secret could not be opened", metadata: ["webhookId": "\(record.id)"])
            return Reply(status: 503, body: Self.message("The delivery could not be accepted now; retry"))
        }
        let credential = WebhookCredential(space: record.space, webhookId: record.id, type: type, secret: secret)
        let deliveryKey: String
        switch WebhookAuthenticator.verify(credential, headers: headers, body: body, now: now) {
        case .rejected(let reason):
            await reject(space: record.space, webhookId: webhookId, path: path, status: 401, reason: reason)
            return Reply(status: 401, body: Self.message("The delivery is not authenticated"))
        case .accepted(let key):
            deliveryKey = key
        }
        let adapted: AdaptedDelivery
        do {
            let json = try JSONParser.parse(body)
            adapted = try PayloadAdapters.adapt(json, headers: headers)
        } catch let error as PayloadError {
            await reject(space: record.space, webhookId: webhookId, path: path, status: 400, reason: error.message)
            return Reply(status: 400, body: Self.message("Invalid payload: \(error.message)"))
        } catch {
            await reject(space: record.space, webhookId: webhookId, path: path, status: 400, reason: "malformed JSON: \(error)")
            return Reply(status: 400, body: Self.message("Malformed JSON: \(error)"))
        }
        if let envelope = adapted.snsEnvelope {
            guard let sns else {
                await reject(space: record.space, webhookId: webhookId, path: path, status: 401, reason: "SNS deliveries are not enabled")
                return Reply(status: 401, body: Self.message("SNS deliveries are not enabled on this server"))
            }
            if let problem = await sns.verify(envelope) {
                await reject(space: record.space, webhookId: webhookId, path: path, status: 401, reason: "SNS signature: \(problem)")
                return Reply(status: 401, body: Self.message("The SNS message signature does not verify"))
            }
            if case .confirmSNSSubscription(let url, let topic)? = adapted.control {
                if let problem = await sns.confirm(subscribeURL: url) {
                    await reject(space: record.space, webhookId: webhookId, path: path, status: 400, reason: "SNS confirmation: \(problem)")
                    return Reply(status: 400, body: Self.message("The SNS subscription could not be confirmed: \(problem)"))
                }
                logger.notice("SNS subscription confirmed", metadata: ["webhookId": "\(record.id)", "topicArn": "\(topic)"])
                return Reply(status: 200, body: #"{"status":"confirmed"}"#)
            }
        }
        let stored = InboxHeaders.encode(headers)
        let inserted: Bool
        do {
            inserted = try await store.write { tx in
                try tx.intakeInbox.insert(space: record.space, webhookId: record.id, receivedAt: now, headers: stored, body: body,
                                          deliveryKey: deliveryKey)
            }
        } catch {
            logger.error("inbox write failed", metadata: ["error": "\(error)"])
            return Reply(status: 503, body: Self.message("The delivery could not be stored; retry"))
        }
        guard inserted else {
            // The same signed delivery again: already accepted once, not applied twice.
            return Reply(status: 200, body: #"{"status":"duplicate","message":"This delivery was already accepted; it is not applied again"}"#)
        }
        wake()
        return Reply(status: 202, body: "{\"status\":\"accepted\",\"sender\":\"\(adapted.sender.rawValue)\",\"alerts\":\(adapted.alerts.count)}")
    }

    static func acceptableContentType(_ value: String?, sns: Bool) -> Bool {
        guard let value else { return false }
        let media = value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json")) { return true }
        // SNS posts its JSON envelope as text/plain.
        return sns && media == "text/plain"
    }

    static func message(_ text: String) -> String {
        JSONWriter.writeString(.object(["message": .string(text)]))
    }

    private func reject(space: String?, webhookId: String, path: String, status: Int, reason: String) async {
        await audit.record(AuditEntry(
            kind: status == 401 || status == 404 ? .authFailure : .apiCall, agentSpaceId: space, principal: "webhook:\(webhookId)",
            action: "intake:DeliverWebhook", resource: "/webhook/\(path)/\(webhookId)", decision: status == 401 || status == 404 ? .deny : .error,
            detail: JSONWriter.writeString(.object(["status": .int(Int64(status)), "reason": .string(String(reason.prefix(500)))]))))
        logger.info("webhook delivery refused", metadata: ["webhookId": "\(webhookId)", "status": "\(status)", "reason": "\(reason)"])
    }
}
