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
        paginate("ListAttachedUserPolicies", base: { $0.set("UserName", userName) }) { result throws(IAMDecoding.Missing) in
            try result.members("AttachedPolicies").map { (m) throws(IAMDecoding.Missing) in try IAMDecoding.attached(m) }
        }
    }

    /// Names of the user's inline policies.
    public func listUserPolicies(userName: String) -> AWSPaginator<String> {
        paginate("ListUserPolicies", base: { $0.set("UserName", userName) }) { result in
            result.members("PolicyNames").map(\.text)
        }
    }

    public func getUserPolicy(userName: String, policyName: String) async throws -> IAMInlinePolicy {
        var parameters = QueryParameters()
        parameters.set("UserName", userName)
        parameters.set("PolicyName", policyName)
        let result = try await call("GetUserPolicy", parameters)
        return try decode("GetUserPolicy") { () throws(IAMDecoding.Missing) in try IAMDecoding.inline(result) }
    }

    /// Names of the groups the user belongs to.
    public func listGroupsForUser(userName: String) -> AWSPaginator<String> {
        paginate("ListGroupsForUser", base: { $0.set("UserName", userName) }) { result throws(IAMDecoding.Missing) in
            try result.members("Groups").map { (m) throws(IAMDecoding.Missing) in try IAMDecoding.required(m, "GroupName", in: "Group") }
        }
    }

    public func listAttachedGroupPolicies(groupName: String) -> AWSPaginator<IAMAttachedPolicy> {
        paginate("ListAttachedGroupPolicies", base: { $0.set("GroupName", groupName) }) { result throws(IAMDecoding.Missing) in
            try result.members("AttachedPolicies").map { (m) throws(IAMDecoding.Missing) in try IAMDecoding.attached(m) }
        }
    }

    /// Names of the group's inline policies.
    public func listGroupPolicies(groupName: String) -> AWSPaginator<String> {
        paginate("ListGroupPolicies", base: { $0.set("GroupName", groupName) }) { result in
            result.members("PolicyNames").map(\.text)
        }
    }

    public func getGroupPolicy(groupName: String, policyName: String) async throws -> IAMInlinePolicy {
        var parameters = QueryParameters()
        parameters.set("GroupName", groupName)
        parameters.set("PolicyName", policyName)
        let result = try await call("GetGroupPolicy", parameters)
        return try decode("GetGroupPolicy") { () throws(IAMDecoding.Missing) in try IAMDecoding.inline(result) }
    }
}
