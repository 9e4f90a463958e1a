import Foundation

/// An IAM user (the members a permission check needs).
public struct IAMUser: Sendable, Equatable {
    public var userName: String
    public var arn: String
    public var permissionsBoundaryArn: String?
}

/// Read operations on users and groups: what a principal's own identity-based policies and
/// permissions boundary are (for checks such as "does the caller's policy allow sts:AssumeRole").
extension IAMClient {
    public func getUser(name: String) async throws -> IAMUser {
        var parameters = QueryParameters()
        parameters.set("UserName", name)
        let result = try await call("GetUser", parameters)
        return try decode("GetUser") { () throws(IAMDecoding.Missing) in
            guard let user = result["User"] else { throw IAMDecoding.Missing(element: "User") }
            return IAMUser(userName: try IAMDecoding.required(user, "UserName", in: "User"),
                           arn: try IAMDecoding.required(user, "Arn", in: "User"),
                           permissionsBoundaryArn: user["PermissionsBoundary", "PermissionsBoundaryArn"]?.text)
        }
    }

    public func listAttachedUserPolicies(userName: String) -> AWSPaginator<IAMAttachedPolicy> {
        attachedPolicies("ListAttachedUserPolicies", entity: "UserName", name: userName)
    }

    /// Names of the user's inline policies.
    public func listUserPolicies(userName: String) -> AWSPaginator<String> {
        inlinePolicyNames("ListUserPolicies", entity: "UserName", name: userName)
    }

    public func getUserPolicy(userName: String, policyName: String) async throws -> IAMInlinePolicy {
        try await inlinePolicy("GetUserPolicy", entity: "UserName", name: userName, policyName: policyName)
    }

    /// Names of the groups the user belongs to.
    public func listGroupsForUser(userName: String) -> AWSPaginator<String> {
        paginate("ListGroupsForUser", base: { $0.set("UserName", userName) }) { result throws(IAMDecoding.Missing) in
            try result.members("Groups").map { (m) throws(IAMDecoding.Missing) in try IAMDecoding.required(m, "GroupName", in: "Group") }
        }
    }

    public func listAttachedGroupPolicies(groupName: String) -> AWSPaginator<IAMAttachedPolicy> {
        attachedPolicies("ListAttachedGroupPolicies", entity: "GroupName", name: groupName)
    }

    /// Names of the group's inline policies.
    public func listGroupPolicies(groupName: String) -> AWSPaginator<String> {
        inlinePolicyNames("ListGroupPolicies", entity: "GroupName", name: groupName)
    }

    public func getGroupPolicy(groupName: String, policyName: String) async throws -> IAMInlinePolicy {
        try await inlinePolicy("GetGroupPolicy", entity: "GroupName", name: groupName, policyName: policyName)
    }
}

/// IAM has one operation per entity kind (user, group, role) for the same question; these answer it
/// once, named by the operation and the entity's parameter (`UserName`, `GroupName`, `RoleName`).
extension IAMClient {
    func attachedPolicies(_ operation: String, entity: String, name: String,
                          pathPrefix: String? = nil) -> AWSPaginator<IAMAttachedPolicy> {
        paginate(operation, base: {
            $0.set(entity, name)
            $0.set("PathPrefix", pathPrefix)
        }) { result throws(IAMDecoding.Missing) in
            try result.members("AttachedPolicies").map { (m) throws(IAMDecoding.Missing) in try IAMDecoding.attached(m) }
        }
    }

    func inlinePolicyNames(_ operation: String, entity: String, name: String) -> AWSPaginator<String> {
        paginate(operation, base: { $0.set(entity, name) }) { result in
            result.members("PolicyNames").map(\.text)
        }
    }

    func inlinePolicy(_ operation: String, entity: String, name: String, policyName: String) async throws -> IAMInlinePolicy {
        var parameters = QueryParameters()
        parameters.set(entity, name)
        parameters.set("PolicyName", policyName)
        let result = try await call(operation, parameters)
        return try decode(operation) { () throws(IAMDecoding.Missing) in try IAMDecoding.inline(result) }
    }
}
