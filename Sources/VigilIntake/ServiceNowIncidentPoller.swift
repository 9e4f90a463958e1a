import Foundation
import Logging
import ServiceLifecycle
import VigilAWSClients
import VigilStore

/// Polls the incidents of every `servicenow` association (Table API, OAuth client credentials from
/// the registration's sealed details) and puts each new or changed incident into the intake inbox as
/// an alert (Resolved, Closed and Canceled resolve it). The query resumes at the last
/// `sys_updated_on` read; the versions of the incidents at that second are kept so that a tie is
/// neither missed nor repeated. Cursor, versions and inbox rows commit in one transaction.
public actor ServiceNowIncidentPoller: ServiceLifecycle.Service {
    public static let source = "servicenow"
    public static let sourceIdentity = "poller:servicenow"

    public struct Summary: Sendable, Equatable {
        public var associations = 0
        public var incidents = 0
        public var changes = 0
        public var failures: [String] = []
    }

    let store: Store
    let unseal: @Sendable (_ sealed: [UInt8], _ context: String) throws -> [UInt8]
    let http: any HTTPExecutor
    let interval: Duration
    let initialLookback: Double
    let maxPages: Int
    let wake: @Sendable () -> Void
    let logger: Logger
    let now: @Sendable () -> Double
    private var readers: [String: ServiceNowTableReader] = [:]

    /// `initialLookbackSeconds`: how far back the first poll of an association reads.
    public init(store: Store, unseal: @escaping @Sendable ([UInt8], String) throws -> [UInt8], http: any HTTPExecutor,
                intervalSeconds: Int = 60, initialLookbackSeconds: Double = 3600, maxPagesPerPoll: Int = 20,
                wake: @escaping @Sendable () -> Void = {}, logger: Logger,
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.store = store
        self.unseal = unseal
        self.http = http
        self.interval = .seconds(intervalSeconds)
        self.initialLookback = initialLookbackSeconds
        self.maxPages = maxPagesPerPoll
        self.wake = wake
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        logger.info("ServiceNow incident poller started", metadata: ["intervalSeconds": "\(interval.components.seconds)"])
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                let summary = await pollOnce()
                if summary.changes > 0 || !summary.failures.isEmpty {
                    logger.info("ServiceNow incidents polled", metadata: [
                        "associations": "\(summary.associations)", "changes": "\(summary.changes)", "failures": "\(summary.failures.count)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    @discardableResult
    public func pollOnce() async -> Summary {
        var summary = Summary()
        let sources: [PollerSourceTable.Source]
        do { sources = try await store.read { tx in try tx.pollerSources.associations(serviceType: "servicenow") } } catch {
            summary.failures.append("associations: \(error)")
            return summary
        }
        for source in sources {
            summary.associations += 1
            do {
                let (read, changed) = try await poll(source)
                summary.incidents += read
                summary.changes += changed
            } catch {
                logger.warning("ServiceNow poll failed", metadata: ["association": "\(source.associationId)", "error": "\(error)"])
                summary.failures.append("\(source.space)/\(source.associationId): \(error)")
            }
        }
        if summary.changes > 0 { wake() }
        return summary
    }

    func reader(for source: PollerSourceTable.Source) throws -> ServiceNowTableReader {
        guard let sealed = source.sealedDetails else { throw ServiceNowError("service \(source.serviceId) has no stored details") }
        let access: ServiceNowAccess
        do {
            access = try ServiceNowAccess.fromServiceDetails(try unseal(sealed, "service:\(source.serviceId)"))
        } catch let error as PayloadError {
            throw ServiceNowError("service \(source.serviceId): \(error.message)")
        } catch {
            throw ServiceNowError("service \(source.serviceId): its details could not be opened")
        }
        if let existing = readers[source.associationId], existing.access == access { return existing }
        let reader = try ServiceNowTableReader(access: access, http: http)
        readers[source.associationId] = reader
        return reader
    }

    func poll(_ source: PollerSourceTable.Source) async throws -> (read: Int, changed: Int) {
        let reader = try reader(for: source)
        let space = source.space, scope = source.associationId, at = now()
        let stored = try await store.read { tx in try tx.pollerCursors.position(space: space, source: Self.source, scope: scope) }
        let since = stored ?? ServiceNowTime.format(at - initialLookback)
        var incidents: [ServiceNowIncident] = []
        for page in 0..<maxPages {
            let rows = try await reader.incidents(updatedSince: since, offset: page * ServiceNowTableReader.pageSize)
            incidents += rows
            if rows.count < ServiceNowTableReader.pageSize { break }
        }
        let instance = reader.access.instanceUrl, read = incidents
        let changed = try await store.write { tx -> Int in
            guard try tx.agentSpaces.get(space) != nil else { return 0 }
            let previous = try tx.pollerItems.versions(space: space, source: Self.source, scope: scope, items: read.map(\.sysId))
            var inserted = 0
            var cursor = since
            for incident in read {
                if incident.updatedOn > cursor { cursor = incident.updatedOn }
                guard previous[incident.sysId] != incident.version else { continue }
                if try PollerDelivery.insert(tx, space: space, sourceIdentity: Self.sourceIdentity, sender: .servicenow,
                                             alerts: [incident.alert(instance: instance)],
                                             deliveryKey: "\(scope)|\(incident.sysId)|\(incident.version)", now: at) { inserted += 1 }
                try tx.pollerItems.put(space: space, source: Self.source, scope: scope, item: incident.sysId, version: incident.version,
                                       updatedAt: ServiceNowTime.parse(incident.updatedOn) ?? at)
            }
            try tx.pollerCursors.set(space: space, source: Self.source, scope: scope, position: cursor)
            // Only incidents at the cursor's second can come back unchanged; older versions are not needed.
            if let floor = ServiceNowTime.parse(cursor) {
                try tx.pollerItems.prune(space: space, source: Self.source, scope: scope, updatedBefore: floor)
            }
            return inserted
        }
        return (incidents.count, changed)
    }
}
