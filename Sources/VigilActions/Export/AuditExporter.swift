import Foundation
import VigilAudit

/// Exports the audit trail to the operator's destination, continuously and at least once:
/// records are read from the persisted position in seq order, delivered in batches, and the
/// position advances (durably) only after a batch was accepted. After a crash or a failed
/// delivery, export resumes at the first undelivered batch: no record is skipped; the records of
/// a batch whose acceptance was not yet persisted may be delivered twice (each line carries its
/// `seq`, so readers can drop duplicates).
public actor AuditExporter {
    private let log: AuditLog
    private let destination: any AuditExportDestination
    private let position: AuditExportPosition
    private var prepared = false

    public init(log: AuditLog, destination: any AuditExportDestination, position: AuditExportPosition) {
        self.log = log
        self.destination = destination
        self.position = position
    }

    /// Delivers everything recorded so far (at most `maxBatches` batches); returns how many
    /// records were delivered.
    @discardableResult
    public func exportPending(maxBatches: Int = .max) async throws -> Int {
        if !prepared {
            try await destination.prepare()
            prepared = true
        }
        var next = try position.load()
        var delivered = 0
        var batches = 0
        while batches < maxBatches {
            let records = try await log.records(from: next, limit: destination.maxBatch)
            guard !records.isEmpty else { break }
            try await destination.deliver(records.map { ($0.seq, $0.entry.time, AuditExportRecord.line($0)) })
            next = (records.last?.seq ?? next) + 1
            try position.save(nextSeq: next)
            delivered += records.count
            batches += 1
        }
        return delivered
    }

    /// Exports every `interval` until cancelled; failures are retried at the next tick.
    public func run(interval: Duration = .seconds(5), onError: @Sendable (any Error) -> Void = { _ in }) async {
        while !Task.isCancelled {
            do {
                try await exportPending()
            } catch {
                onError(error)
            }
            try? await Task.sleep(for: interval)
        }
    }
}
