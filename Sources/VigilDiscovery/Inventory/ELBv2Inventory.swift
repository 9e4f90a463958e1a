import VigilAWSClients
import VigilTopology

/// Load balancers (with DescribeTags), target groups, and the registered targets of groups
/// whose targets are instances, IPs or functions (DescribeTargetHealth).
enum ELBv2Inventory {
    static let type = "AWS::ElasticLoadBalancingV2::LoadBalancer"

    static func read(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let elb = ELBv2Client(context.client, pageSize: context.pageSize)
        let balancers = try await elb.describeLoadBalancers().all()
        let groups = try await context.detail("ELBv2", "DescribeTargetGroups") { try await elb.describeTargetGroups().all() }
        var tags: [String: [String: String]] = [:]
        for batch in batches(balancers.map(\.arn), of: ELBv2Client.describeTagsBatch) {
            if let found = try await context.detail("ELBv2", "DescribeTags", { try await elb.describeTags(arns: batch) }) {
                tags.merge(found) { $1 }
            }
        }
        let registered = ["instance", "ip", "lambda"]
        let withTargets = (groups ?? []).filter { registered.contains($0.targetType ?? "instance") && !$0.loadBalancerArns.isEmpty }
        let targets = try await boundedMap(withTargets, limit: context.detailConcurrency) { group in
            try await context.detail("ELBv2", "DescribeTargetHealth") { try await elb.describeTargetHealth(targetGroupArn: group.arn) } ?? []
        }
        var relations: [String: [DeclaredRelation]] = [:]
        for (group, targets) in zip(withTargets, targets) {
            for balancer in group.loadBalancerArns {
                for target in targets {
                    relations[balancer, default: []].append(
                        DeclaredRelation(kind: .routesTo, target: target.id, evidence: "target group \(group.name)"))
                }
            }
        }
        var out = ServiceInventory(targetGroups: groups ?? [], completeServices: groups == nil ? [] : ["elasticloadbalancing"])
        for balancer in balancers {
            out.resources.append(context.resource(
                arn: balancer.arn, type: type, name: balancer.name, tags: tags[balancer.arn] ?? [:],
                identifiers: [balancer.dnsName].compactMap { $0 },
                references: InventoryReadContext.withGroups([:], balancer.securityGroups),
                relations: Array(Set(relations[balancer.arn] ?? [])).sorted { ($0.target, $0.evidence) < ($1.target, $1.evidence) }))
        }
        return out
    }
}
