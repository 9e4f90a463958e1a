import VigilAWSClients
import VigilTopology

/// The account-wide indexes: the Tagging API (tags of everything, in one listing) and Resource
/// Explorer (when the account has an index and a default view).
enum IndexInventory {
    static func tagging(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let tagging = ResourceGroupsTaggingClient(context.client, pageSize: context.pageSize.map { min($0, 100) })
        return ServiceInventory(tagged: try await tagging.getResources().all())
    }

    static func explorer(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let explorer = ResourceExplorerClient(context.client, pageSize: context.pageSize)
        return ServiceInventory(explored: try await explorer.search().all())
    }
}
