import Foundation
import VigilStore

/// How a poller's alerts travel through the durable inbox: a row whose webhook id is the poller's
/// source identity (`poller:…`, which no webhook id can be) and whose body is the alerts as JSON.
/// The intake processor applies such rows through the same dedup, grouping and linking as webhook
/// deliveries.
public enum PollerDelivery {
    static let prefix = "poller:"

    /// True for inbox rows written by a poller.
    static func isPoller(webhookId: String) -> Bool { webhookId.hasPrefix(prefix) }

    struct Body: Codable {
        var sender: IntakeAlert.Source
        var alerts: [IntakeAlert]
    }

    /// Writes one change to the inbox inside the caller's transaction (the same one that moves the
    /// poller's position). Returns false when the delivery key was already accepted.
    @discardableResult
    public static func insert(_ tx: StoreTransaction, space: String, sourceIdentity: String, sender: IntakeAlert.Source,
                              alerts: [IntakeAlert], deliveryKey: String, now: Double) throws -> Bool {
        guard isPoller(webhookId: sourceIdentity) else { throw PayloadError("a poller's source identity must start with \(prefix)") }
        let body = try JSONEncoder().encode(Body(sender: sender, alerts: alerts))
        return try tx.intakeInbox.insert(space: space, webhookId: sourceIdentity, receivedAt: now, headers: Array("{}".utf8),
                                         body: Array(body), deliveryKey: deliveryKey)
    }

    static func decode(_ body: [UInt8]) throws -> AdaptedDelivery {
        let decoded = try JSONDecoder().decode(Body.self, from: Data(body))
        return AdaptedDelivery(sender: decoded.sender, alerts: decoded.alerts)
    }
}
