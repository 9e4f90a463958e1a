import VigilAWSClients
import VigilCore
import VigilStore

/// Asks for a topology discovery of an agent space's AWS accounts soon. The server's discovery
/// scheduler implements it; the API only asks, so it does not depend on discovery.
public protocol DiscoveryRequesting: Sendable {
    func requestDiscovery(space: String)
}

extension SpaceAWSAssociations {
    /// The AWS accounts of one agent space (or of every live space when nil), each space with the
    /// client factory bound to its associations: what topology discovery reads.
    public static func discoveryAccounts(store: Store, account: AccountContext, aws: AWSAccess, space: String?)
        async throws -> [(space: String, factory: AWSClientFactory, accounts: [String])] {
        let entries = try await store.read { tx -> [(String, [AWSAccountAssociation])] in
            var ids: [String] = []
            if let space {
                if try tx.agentSpaces.get(space) != nil { ids = [space] }
            } else {
                var cursor: PageCursor?
                repeat {
                    let page = try tx.agentSpaces.list(after: cursor, limit: 500)
                    ids += page.items.map(\.id)
                    cursor = page.nextCursor
                } while cursor != nil
            }
            return try ids.map { ($0, try load(tx, space: $0).map(\.1)) }
        }
        return entries.filter { !$0.1.isEmpty }.map { space, targets in
            (space, aws.factory(agentSpaceId: space, agentSpaceArn: account.agentSpaceArn(space), associations: targets),
             targets.map(\.accountId))
        }
    }
}
