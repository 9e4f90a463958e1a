import VigilAPIModel
import VigilStore

/// An inbox row decoded outside the write transaction, exactly as the receiver decoded it: the
/// JSON parsing and payload adaptation are pure, so only applying the alerts needs to hold the
/// store's single writer. The outcome recorded on the row is known once the row is decoded.
struct PreparedDelivery: Sendable {
    var seq: Int64
    var space: String
    var receivedAt: Double
    /// What is written to the row's `outcome` when it is processed.
    var outcome: String
    /// The alerts to apply and the identity they are deduplicated under; nil when the row is
    /// rejected or carries nothing to do.
    var work: (sourceIdentity: String, delivery: AdaptedDelivery)?

    var alertCount: Int { work?.delivery.alerts.count ?? 0 }

    init(_ row: IntakeInboxTable.Row) {
        seq = row.seq
        space = row.space
        receivedAt = row.receivedAt
        if PollerDelivery.isPoller(webhookId: row.webhookId) {
            do {
                let delivery = try PollerDelivery.decode(row.body)
                outcome = "applied: \(delivery.alerts.count) alert(s) from \(row.webhookId)"
                work = (row.webhookId, delivery)
            } catch {
                outcome = "rejected: \(error)"
            }
            return
        }
        let headers = InboxHeaders.decode(row.headers)
        let delivery: AdaptedDelivery
        do {
            delivery = try PayloadAdapters.adapt(try JSONParser.parse(row.body), headers: headers)
        } catch {
            outcome = "rejected: \(error)"
            return
        }
        if case .nothingToDo(let reason)? = delivery.control {
            outcome = "ignored: \(reason)"
            return
        }
        outcome = "applied: \(delivery.alerts.count) alert(s) from \(delivery.sender.rawValue)"
        work = ("webhook:\(row.webhookId)", delivery)
    }

    /// Marks the row processed and applies its alerts, in the caller's transaction; a row that
    /// is no longer pending is left alone. Returns whether the row was processed here.
    func process(at now: Double, applier: inout IntakeApplier, tx: StoreTransaction) throws -> Bool {
        guard try tx.intakeInbox.markProcessed(seq: seq, at: now, outcome: outcome) else { return false }
        if let work { try applier.apply(space: space, sourceIdentity: work.sourceIdentity, delivery: work.delivery, now: receivedAt) }
        return true
    }
}
