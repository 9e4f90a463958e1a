import Foundation
import Logging
import ServiceLifecycle
import VigilAWSClients
import VigilStore

/// The accounts of one agent space the alarm poller reads, through the space's client factory
/// (which refuses any account or region outside the space's associations).
public struct AlarmPollTarget: Sendable {
    public var space: String
    public var factory: AWSClientFactory
    public var accounts: [String]
    public var regions: [String]

    public init(space: String, factory: AWSClientFactory, accounts: [String], regions: [String]? = nil) {
        self.space = space
        self.factory = factory
        self.accounts = accounts
        self.regions = regions ?? factory.boundary.allowedRegions.sorted()
    }
}

/// Polls CloudWatch DescribeAlarms (metric and composite alarms) in every associated account and
/// allowed region of every agent space, and puts each state change into the intake inbox, where it
/// is applied like a webhook delivery (ALARM fires, OK resolves; fingerprint = account, region and
/// alarm ARN). The alarms' last seen versions move in the same transaction as the inbox rows, so a
/// restart neither loses nor repeats a change.
public actor CloudWatchAlarmPoller: ServiceLifecycle.Service {
    public static let source = "cloudwatch"
    /// The source identity of every alert this poller makes (part of the fingerprint).
    public static let sourceIdentity = "poller:cloudwatch"

    /// What one poll did, for logs and tests.
    public struct Summary: Sendable, Equatable {
        public var scopes = 0
        public var alarms = 0
        public var changes = 0
        public var failures: [String] = []
    }

    let store: Store
    let targets: @Sendable () async throws -> [AlarmPollTarget]
    let interval: Duration
    let wake: @Sendable () -> Void
    let logger: Logger
    let now: @Sendable () -> Double

    public init(store: Store, targets: @escaping @Sendable () async throws -> [AlarmPollTarget], intervalSeconds: Int = 60,
                wake: @escaping @Sendable () -> Void = {}, logger: Logger, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.store = store
        self.targets = targets
        self.interval = .seconds(intervalSeconds)
        self.wake = wake
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        logger.info("CloudWatch alarm poller started", metadata: ["intervalSeconds": "\(interval.components.seconds)"])
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                let summary = await pollOnce()
                if summary.changes > 0 || !summary.failures.isEmpty {
                    logger.info("CloudWatch alarms polled", metadata: [
                        "scopes": "\(summary.scopes)", "alarms": "\(summary.alarms)", "changes": "\(summary.changes)",
                        "failures": "\(summary.failures.count)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
        logger.info("CloudWatch alarm poller stopped")
    }

    /// One poll of every space, account and region. A failing scope is logged and skipped; the rest go on.
    @discardableResult
    public func pollOnce() async -> Summary {
        var summary = Summary()
        let all: [AlarmPollTarget]
        do { all = try await targets() } catch {
            logger.error("alarm poller could not list its targets", metadata: ["error": "\(error)"])
            summary.failures.append("targets: \(error)")
            return summary
        }
        for target in all {
            for account in target.accounts {
                for region in target.regions {
                    summary.scopes += 1
                    do {
                        let (listed, changed) = try await poll(target: target, account: account, region: region)
                        summary.alarms += listed
                        summary.changes += changed
                    } catch {
                        let scope = "\(target.space) \(account)/\(region)"
                        logger.warning("alarm poll failed", metadata: ["scope": "\(scope)", "error": "\(error)"])
                        summary.failures.append("\(scope): \(error)")
                    }
                }
            }
        }
        if summary.changes > 0 { wake() }
        return summary
    }

    /// Lists the alarms of one account and region, then records the changes and the new versions in one transaction.
    func poll(target: AlarmPollTarget, account: String, region: String) async throws -> (listed: Int, changed: Int) {
        let client = CloudWatchClient(try target.factory.client(for: account, region: region))
        let alarms = try await client.describeAlarmStates().all()
        let space = target.space, scope = "\(account)/\(region)", at = now()
        let changed = try await store.write { tx -> Int in
            // A space deleted meanwhile has nothing to record.
            guard try tx.agentSpaces.get(space) != nil else { return 0 }
            let previous = try tx.pollerItems.versions(space: space, source: Self.source, scope: scope)
            let result = AlarmChangeDetector.detect(previous: previous, current: alarms, accountId: account, region: region)
            var inserted = 0
            for alarm in result.changes {
                guard let alert = AlarmChangeDetector.alert(alarm, accountId: account, region: region) else { continue }
                let key = "\(scope)|\(AlarmChangeDetector.key(alarm, accountId: account, region: region))|\(AlarmChangeDetector.version(alarm))"
                if try PollerDelivery.insert(tx, space: space, sourceIdentity: Self.sourceIdentity, sender: .cloudwatch,
                                             alerts: [alert], deliveryKey: key, now: at) { inserted += 1 }
            }
            for (arn, version) in result.versions {
                try tx.pollerItems.put(space: space, source: Self.source, scope: scope, item: arn, version: version, updatedAt: at)
            }
            try tx.pollerItems.remove(space: space, source: Self.source, scope: scope, items: result.removed)
            return inserted
        }
        return (alarms.count, changed)
    }
}
