import VigilAWSClients
import VigilTopology

/// What one service reader found: resources, plus what assembly joins across services.
struct ServiceInventory: Sendable {
    var resources: [DiscoveredResource] = []
    /// ELBv2 target groups, to turn an ECS service's target group into its load balancers.
    var targetGroups: [ELBTargetGroup] = []
    /// CloudFormation stack members: (stack name, resource type, physical id).
    var stackMembers: [StackMember] = []
    /// Tags by ARN from the Tagging API; nil when it was not read (or failed).
    var tagged: [TaggedResource]?
    /// Resources Resource Explorer returned.
    var explored: [ResourceExplorerResource] = []
    /// ARN service names (`lambda`, `sqs`, ...) whose listings were read completely.
    var completeServices: Set<String> = []

    mutating func merge(_ other: ServiceInventory) {
        resources += other.resources
        targetGroups += other.targetGroups
        stackMembers += other.stackMembers
        if let tags = other.tagged { tagged = (tagged ?? []) + tags }
        explored += other.explored
        completeServices.formUnion(other.completeServices)
    }
}

struct StackMember: Sendable, Hashable {
    var stackName: String
    var type: String
    var physicalId: String
}
