import VigilAWSClients
import VigilTopology

/// DB instances and Aurora clusters (both carry their tags and security groups).
enum RDSInventory {
    static func read(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let rds = RDSClient(context.client, pageSize: context.pageSize)
        let instances = try await rds.describeDBInstances().all()
        let clusters = try await context.detail("RDS", "DescribeDBClusters") { try await rds.describeDBClusters().all() }
        var out = ServiceInventory(completeServices: clusters == nil ? [] : ["rds"])
        for instance in instances {
            var identifiers = [instance.identifier]
            if let address = instance.endpointAddress {
                identifiers.append(address)
                if let port = instance.port { identifiers.append("\(address):\(port)") }
            }
            out.resources.append(context.resource(
                arn: instance.arn, type: "AWS::RDS::DBInstance", name: instance.identifier, tags: instance.tags,
                identifiers: identifiers, references: InventoryReadContext.withGroups([:], instance.securityGroupIds)))
        }
        for cluster in clusters ?? [] {
            var identifiers = [cluster.identifier]
            for endpoint in [cluster.endpoint, cluster.readerEndpoint].compactMap({ $0 }) {
                identifiers.append(endpoint)
                if let port = cluster.port { identifiers.append("\(endpoint):\(port)") }
            }
            let relations = cluster.memberIdentifiers.sorted().map {
                DeclaredRelation(kind: .contains, target: $0, evidence: "cluster member \($0)")
            }
            out.resources.append(context.resource(
                arn: cluster.arn, type: "AWS::RDS::DBCluster", name: cluster.identifier, tags: cluster.tags,
                identifiers: identifiers, references: InventoryReadContext.withGroups([:], cluster.securityGroupIds), relations: relations))
        }
        return out
    }
}
