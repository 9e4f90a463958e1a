import VigilAWSClients
import VigilTopology

/// Instances (not terminated) and security groups with the groups their ingress rules admit.
enum EC2Inventory {
    static func read(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let ec2 = EC2Client(context.client, pageSize: context.pageSize)
        let groups = try await ec2.describeSecurityGroups().all()
        let instances = try await context.detail("EC2", "DescribeInstances") { try await ec2.describeInstances().all() }
        var out = ServiceInventory(completeServices: instances == nil ? [] : ["ec2"])
        for group in groups {
            let owner = group.ownerId ?? context.account
            var references: [String: String] = [:]
            if !group.ingressFromGroups.isEmpty { references["ingressFromGroups"] = group.ingressFromGroups.joined(separator: ",") }
            out.resources.append(context.resource(
                arn: group.arn ?? "arn:aws:ec2:\(context.region):\(owner):security-group/\(group.groupId)",
                type: "AWS::EC2::SecurityGroup", name: group.groupName, tags: group.tags, identifiers: [group.groupId],
                references: references))
        }
        for instance in instances ?? [] where instance.state != "terminated" {
            let owner = instance.ownerId ?? context.account
            let identifiers = [instance.instanceId, instance.privateIpAddress, instance.privateDnsName,
                               instance.publicIpAddress, instance.publicDnsName].compactMap { $0 }
            out.resources.append(context.resource(
                arn: "arn:aws:ec2:\(context.region):\(owner):instance/\(instance.instanceId)", type: "AWS::EC2::Instance",
                name: instance.tags["Name"] ?? instance.instanceId, tags: instance.tags, identifiers: identifiers,
                references: InventoryReadContext.withGroups([:], instance.securityGroupIds)))
        }
        return out
    }
}
