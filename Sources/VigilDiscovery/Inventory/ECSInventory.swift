import VigilAWSClients
import VigilTopology

/// Clusters, their services and the services' task definitions (container environments).
enum ECSInventory {
    static func read(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let ecs = ECSClient(context.client, pageSize: context.pageSize)
        let clusterArns = try await ecs.listClusters().all()
        var clusters: [ECSCluster] = []
        for batch in batches(clusterArns, of: ECSClient.describeClustersBatch) {
            clusters += try await ecs.describeClusters(batch)
        }
        var complete = true
        // Services per cluster; a cluster whose services cannot be read stays, with a gap.
        let servicesPerCluster = try await boundedMap(clusters, limit: context.detailConcurrency) { cluster -> [ECSService]? in
            guard let arns = try await context.detail("ECS", "ListServices", { try await ecs.listServices(cluster: cluster.clusterArn).all() })
            else { return nil }
            var services: [ECSService] = []
            for batch in batches(arns, of: ECSClient.describeServicesBatch) {
                guard let described = try await context.detail("ECS", "DescribeServices", {
                    try await ecs.describeServices(cluster: cluster.clusterArn, services: batch)
                }) else { return nil }
                services += described
            }
            return services
        }
        let allServices = servicesPerCluster.flatMap { $0 ?? [] }
        if servicesPerCluster.contains(where: { $0 == nil }) { complete = false }
        let definitionArns = Array(Set(allServices.compactMap(\.taskDefinition))).sorted()
        let definitions = try await boundedMap(definitionArns, limit: context.detailConcurrency) { arn in
            try await context.detail("ECS", "DescribeTaskDefinition") { try await ecs.describeTaskDefinition(arn) }
        }
        var definitionByArn: [String: ECSTaskDefinition] = [:]
        for (arn, definition) in zip(definitionArns, definitions) { definitionByArn[arn] = definition }

        var out = ServiceInventory(completeServices: complete ? ["ecs"] : [])
        for (cluster, services) in zip(clusters, servicesPerCluster) {
            let relations = (services ?? []).map {
                DeclaredRelation(kind: .contains, target: $0.serviceArn, evidence: "cluster service \($0.serviceName)")
            }.sorted { $0.target < $1.target }
            out.resources.append(context.resource(arn: cluster.clusterArn, type: "AWS::ECS::Cluster", name: cluster.clusterName,
                                                  tags: cluster.tags, identifiers: [cluster.clusterName], relations: relations))
        }
        for service in allServices {
            var references: [String: String] = [:]
            if let arn = service.taskDefinition, let definition = definitionByArn[arn] {
                for container in definition.containerDefinitions {
                    for variable in container.environment ?? [] {
                        guard let name = variable.name, let value = variable.value else { continue }
                        references["env:\(container.name):\(name)"] = value
                    }
                }
            }
            // Target groups are resolved to their load balancers when the inventory is assembled.
            let relations = service.loadBalancers.compactMap { balancer -> DeclaredRelation? in
                if let group = balancer.targetGroupArn {
                    return DeclaredRelation(kind: .routesTo, target: group, evidence: "target group \(group)", reversed: true)
                }
                if let name = balancer.loadBalancerName {
                    return DeclaredRelation(kind: .routesTo, target: name, evidence: "classic load balancer \(name)", reversed: true)
                }
                return nil
            }
            out.resources.append(context.resource(
                arn: service.serviceArn, type: "AWS::ECS::Service", name: service.serviceName, tags: service.tags,
                identifiers: [service.serviceName], references: InventoryReadContext.withGroups(references, service.securityGroups),
                relations: relations))
        }
        return out
    }
}
