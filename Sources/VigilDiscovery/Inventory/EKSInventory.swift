import Foundation
import VigilAWSClients
import VigilTopology

/// Clusters (DescribeCluster) and their node groups (DescribeNodegroup).
enum EKSInventory {
    static func read(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let eks = EKSClient(context.client, pageSize: context.pageSize)
        let names = try await eks.listClusters().all()
        let clusters = try await boundedMap(names, limit: context.detailConcurrency) { name -> (EKSCluster, [EKSNodegroup])? in
            guard let cluster = try await context.detail("EKS", "DescribeCluster", { try await eks.describeCluster(name: name) }) else { return nil }
            let groupNames = try await context.detail("EKS", "ListNodegroups") { try await eks.listNodegroups(cluster: name).all() } ?? []
            var groups: [EKSNodegroup] = []
            for group in groupNames {
                if let described = try await context.detail("EKS", "DescribeNodegroup", {
                    try await eks.describeNodegroup(cluster: name, nodegroup: group)
                }) { groups.append(described) }
            }
            return (cluster, groups)
        }
        var out = ServiceInventory(completeServices: clusters.count == names.count ? ["eks"] : [])
        for case let (cluster, groups)? in clusters {
            var identifiers = [cluster.name]
            if let endpoint = cluster.endpoint, let host = URL(string: endpoint)?.host { identifiers.append(host) }
            let relations = groups.map {
                DeclaredRelation(kind: .contains, target: $0.nodegroupArn, evidence: "node group \($0.nodegroupName)")
            }
            out.resources.append(context.resource(
                arn: cluster.arn, type: "AWS::EKS::Cluster", name: cluster.name, tags: cluster.tags, identifiers: identifiers,
                references: InventoryReadContext.withGroups([:], cluster.securityGroupIds), relations: relations))
            for group in groups {
                out.resources.append(context.resource(arn: group.nodegroupArn, type: "AWS::EKS::Nodegroup",
                                                      name: group.nodegroupName, tags: group.tags))
            }
        }
        return out
    }
}
