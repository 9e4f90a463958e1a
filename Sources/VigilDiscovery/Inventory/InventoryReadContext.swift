import VigilAWSClients
import VigilTopology

/// What every service reader needs: the client, where it reads, page size, the bound on
/// per-resource calls and the gap recorder.
struct InventoryReadContext: Sendable {
    let client: AWSClient
    let account: String
    let region: String
    let pageSize: Int?
    /// Per-resource detail calls (GetQueueAttributes, DescribeTable, ...) in flight per service.
    let detailConcurrency: Int
    let gaps: InventoryGaps

    /// Runs a detail read; a failure becomes a gap and `nil`.
    func detail<T: Sendable>(_ service: String, _ operation: String, _ read: () async throws -> T) async throws -> T? {
        do {
            return try await read()
        } catch {
            try await gaps.record(error, service: service, operation: operation)
            return nil
        }
    }

    func resource(arn: String, type: String, name: String, tags: [String: String] = [:], identifiers: [String] = [],
                  references: [String: String] = [:], relations: [DeclaredRelation] = []) -> DiscoveredResource {
        var seen = Set<String>()
        let unique = identifiers.filter { !$0.isEmpty && $0 != arn && seen.insert($0).inserted }
        return DiscoveredResource(arn: arn, type: type, name: name, account: account, region: region, tags: tags,
                                  stack: tags["aws:cloudformation:stack-name"], identifiers: unique,
                                  references: references, relations: relations)
    }

    /// `references["securityGroups"]` when the resource is in any group.
    static func withGroups(_ references: [String: String], _ groups: [String]) -> [String: String] {
        guard !groups.isEmpty else { return references }
        var out = references
        out["securityGroups"] = groups.joined(separator: ",")
        return out
    }
}
