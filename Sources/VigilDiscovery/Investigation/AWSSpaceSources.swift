import Logging
import VigilInvestigation
import VigilStore
import VigilTelemetry
import VigilTopology

/// The investigation sources of agent spaces associated with AWS accounts: telemetry read from
/// every associated account and allowed region through the space's `AWSClientFactory` (each
/// account through its association's assumed role; nothing outside the space's boundary), and
/// resources resolved in the space's stored topology (the result of discovery, stale resources
/// left out). A space with no AWS association gets `fallback`'s sources (the demo, a telemetry
/// bundle) or none, and then its tasks keep waiting.
public struct AWSSpaceSources: SpaceSourceProvider {
    let store: Store
    let accounts: @Sendable (_ space: String) async throws -> SpaceAWSAccounts?
    let fallback: (any SpaceSourceProvider)?
    let options: AWSTelemetryOptions
    let logger: Logger

    /// - Parameter accounts: the space's AWS accounts with the factory bound to its associations,
    ///   nil when it has none.
    public init(store: Store, options: AWSTelemetryOptions = AWSTelemetryOptions(), fallback: (any SpaceSourceProvider)?,
                logger: Logger = Logger(label: "vigil.investigation.aws"),
                accounts: @escaping @Sendable (_ space: String) async throws -> SpaceAWSAccounts?) {
        self.store = store
        self.accounts = accounts
        self.fallback = fallback
        self.options = options
        self.logger = logger
    }

    public func sources(forSpace space: String) async throws -> SpaceSources? {
        guard let entry = try await accounts(space), !entry.accounts.isEmpty else {
            return try await fallback?.sources(forSpace: space)
        }
        let graph = try await store.read { tx in try StoredTopology.load(tx, space: space, includeStale: false) }
        var options = self.options
        // REST APIs' CloudWatch metrics are keyed by name, which the ARN does not carry.
        for node in graph.nodes where node.type == "AWS::ApiGateway::RestApi" && options.apiGatewayNames[node.arn] == nil {
            options.apiGatewayNames[node.arn] = node.name
        }
        let accountIds = Array(Set(entry.accounts)).sorted()
        let regions = entry.factory.boundary.allowedRegions.sorted()
        var parts: [AccountSplitTelemetrySource.Part] = []
        for account in accountIds {
            for region in regions {
                let client = try entry.factory.client(for: account, region: region)
                parts.append(AccountSplitTelemetrySource.Part(
                    account: account, region: region, source: AWSTelemetrySource(client: client, options: options, logger: logger)))
            }
        }
        return SpaceSources(name: Self.describe(accounts: accountIds, regions: regions, collectors: options.collectors,
                                                resources: graph.nodes.count),
                            telemetry: AccountSplitTelemetrySource(parts: parts), topology: GraphTopologyResolver(graph: graph))
    }

    /// The sources as the PLANNING record names them. Pure.
    static func describe(accounts: [String], regions: [String], collectors: Set<AWSTelemetryOptions.Collector>,
                         resources: Int) -> String {
        let read = AWSTelemetryOptions.Collector.allCases.filter(collectors.contains).map(\.rawValue).joined(separator: ", ")
        let topology = resources == 0 ? "no discovered topology yet (nothing to match the incident against)"
            : "discovered topology of \(resources) resources"
        return "aws: \(read) of account\(accounts.count == 1 ? "" : "s") \(accounts.joined(separator: ", ")) in "
            + "\(regions.joined(separator: ", ")); \(topology)"
    }
}
