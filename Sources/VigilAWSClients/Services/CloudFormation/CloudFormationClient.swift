import Foundation

/// AWS CloudFormation, read operations (query protocol; `NextToken` pagination).
public struct CloudFormationClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "CloudFormation", signingName: "cloudformation", apiVersion: "2010-05-15", wireProtocol: .query)

    /// Every status but `DELETE_COMPLETE`: ListStacks otherwise returns deleted stacks for 90 days.
    public static let liveStackStatuses = [
        "CREATE_IN_PROGRESS", "CREATE_FAILED", "CREATE_COMPLETE", "ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED",
        "ROLLBACK_COMPLETE", "DELETE_IN_PROGRESS", "DELETE_FAILED", "UPDATE_IN_PROGRESS",
        "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE", "UPDATE_FAILED", "UPDATE_ROLLBACK_IN_PROGRESS",
        "UPDATE_ROLLBACK_FAILED", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE",
        "REVIEW_IN_PROGRESS", "IMPORT_IN_PROGRESS", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_IN_PROGRESS",
        "IMPORT_ROLLBACK_FAILED", "IMPORT_ROLLBACK_COMPLETE",
    ]

    public let client: AWSClient

    public init(_ client: AWSClient) {
        self.client = client
    }

    /// Stack summaries with the given statuses (default: every live status).
    public func listStacks(statuses: [String] = CloudFormationClient.liveStackStatuses) -> AWSPaginator<CloudFormationStackSummary> {
        client.queryPaginator(Self.service, action: "ListStacks", base: { $0.setList("StackStatusFilter", statuses) }) { result throws(XMLMissingElement) in
            try result.members("StackSummaries").map { (node) throws(XMLMissingElement) in
                CloudFormationStackSummary(
                    stackId: try node.requiredText("StackId", in: "StackSummary"),
                    stackName: try node.requiredText("StackName", in: "StackSummary"),
                    status: node.trimmedText("StackStatus") ?? "")
            }
        }
    }

    /// Every live stack with its tags (one stack when `name` is given).
    public func describeStacks(name: String? = nil) -> AWSPaginator<CloudFormationStack> {
        client.queryPaginator(Self.service, action: "DescribeStacks", base: { $0.set("StackName", name) }) { result throws(XMLMissingElement) in
            try result.members("Stacks").map { (node) throws(XMLMissingElement) in
                CloudFormationStack(
                    stackId: try node.requiredText("StackId", in: "Stack"),
                    stackName: try node.requiredText("StackName", in: "Stack"),
                    status: node.trimmedText("StackStatus") ?? "",
                    parentId: node.trimmedText("ParentId"),
                    tags: node.tagMap("Tags"))
            }
        }
    }

    /// The resources of one stack (by name or id). Entries without a logical id (half-created
    /// resources) are skipped.
    public func listStackResources(stack: String) -> AWSPaginator<CloudFormationStackResource> {
        client.queryPaginator(Self.service, action: "ListStackResources", base: { $0.set("StackName", stack) }) { result in
            result.members("StackResourceSummaries").compactMap { node in
                guard let logical = node.trimmedText("LogicalResourceId"), let type = node.trimmedText("ResourceType") else { return nil }
                return CloudFormationStackResource(logicalId: logical, physicalId: node.trimmedText("PhysicalResourceId"),
                                                   type: type, status: node.trimmedText("ResourceStatus") ?? "")
            }
        }
    }
}

public struct CloudFormationStackSummary: Sendable, Equatable {
    public var stackId: String
    public var stackName: String
    public var status: String
}

public struct CloudFormationStack: Sendable, Equatable {
    public var stackId: String
    public var stackName: String
    public var status: String
    /// The id of the root's parent for a nested stack.
    public var parentId: String?
    public var tags: [String: String]
}

public struct CloudFormationStackResource: Sendable, Equatable {
    public var logicalId: String
    /// The id the owning service gave it (queue URL, function name, ARN, group id, ...); nil
    /// while it is being created.
    public var physicalId: String?
    /// CloudFormation type name (`AWS::SQS::Queue`).
    public var type: String
    public var status: String
}
