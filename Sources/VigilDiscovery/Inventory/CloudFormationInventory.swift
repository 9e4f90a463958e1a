import VigilAWSClients
import VigilTopology

/// Stacks (DescribeStacks, with tags) and their members (ListStackResources per stack).
enum CloudFormationInventory {
    static let type = "AWS::CloudFormation::Stack"

    static func read(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let cfn = CloudFormationClient(context.client)
        let stacks = try await cfn.describeStacks().all()
        var out = ServiceInventory(completeServices: ["cloudformation"])
        let members = try await boundedMap(stacks, limit: context.detailConcurrency) { stack in
            try await context.detail("CloudFormation", "ListStackResources") {
                try await cfn.listStackResources(stack: stack.stackId).all()
            } ?? []
        }
        for (stack, resources) in zip(stacks, members) {
            out.resources.append(context.resource(arn: stack.stackId, type: type, name: stack.stackName, tags: stack.tags,
                                                  identifiers: [stack.stackName]))
            for member in resources {
                guard let physical = member.physicalId else { continue }
                out.stackMembers.append(StackMember(stackName: stack.stackName, type: member.type, physicalId: physical))
            }
        }
        return out
    }
}
