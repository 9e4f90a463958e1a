import VigilAWSClients
import VigilTopology

/// One discovery to run: an account and region of an agent space, and the readers for it.
public struct DiscoveryTarget: Sendable {
    public var space: String
    public var account: String
    public var region: String
    public var source: any InventorySource
    public var observed: (any ObservedEdgeSource)?

    public init(space: String, account: String, region: String, source: any InventorySource, observed: (any ObservedEdgeSource)? = nil) {
        self.space = space
        self.account = account
        self.region = region
        self.source = source
        self.observed = observed
    }
}

/// Where the scheduler learns what to discover: the AWS associations of each agent space.
public protocol DiscoveryTargetProvider: Sendable {
    /// The discoveries of `space`, or of every agent space when nil.
    func targets(space: String?) async throws -> [DiscoveryTarget]
}

/// The AWS accounts of one agent space, with the factory whose clients may reach them.
public struct SpaceAWSAccounts: Sendable {
    public var space: String
    public var factory: AWSClientFactory
    public var accounts: [String]

    public init(space: String, factory: AWSClientFactory, accounts: [String]) {
        self.space = space
        self.factory = factory
        self.accounts = accounts
    }
}

/// Targets for every associated account × allowed region of each space, read through the space's
/// `AWSClientFactory` (AssumeRole into the association's role; nothing outside the boundary):
/// the inventory (`AWSInventorySource`) and the X-Ray service graph (`XRayServiceGraphReader`).
public struct AWSDiscoveryTargets: DiscoveryTargetProvider {
    let spaces: @Sendable (_ space: String?) async throws -> [SpaceAWSAccounts]
    let pageSize: Int?

    /// - Parameter spaces: the spaces (one, or all when nil) with their AWS accounts and factory.
    public init(pageSize: Int? = nil, spaces: @escaping @Sendable (_ space: String?) async throws -> [SpaceAWSAccounts]) {
        self.spaces = spaces
        self.pageSize = pageSize
    }

    public func targets(space: String?) async throws -> [DiscoveryTarget] {
        var targets: [DiscoveryTarget] = []
        for entry in try await spaces(space) {
            for account in entry.accounts {
                for region in entry.factory.boundary.allowedRegions.sorted() {
                    let client = try entry.factory.client(for: account, region: region)
                    targets.append(DiscoveryTarget(space: entry.space, account: account, region: region,
                                                   source: AWSInventorySource(client: client, accountId: account, region: region,
                                                                              pageSize: pageSize),
                                                   observed: XRayServiceGraphReader(client: client)))
                }
            }
        }
        return targets
    }
}
