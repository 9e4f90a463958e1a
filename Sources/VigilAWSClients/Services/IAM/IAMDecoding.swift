import Foundation

/// Reads IAM's query-protocol XML shapes into the models. Missing required members are
/// reported as malformed answers, never force-unwrapped.
enum IAMDecoding {
    struct Missing: Error {
        var element: String
    }

    static func required(_ node: XMLNode, _ name: String, in shape: String) throws(Missing) -> String {
        guard let value = node.string(name) else { throw Missing(element: "\(shape).\(name)") }
        return value
    }

    static func date(_ node: XMLNode, _ name: String) -> Date? {
        node.string(name).flatMap(AWSTimestamp.parseISO8601)
    }

    static func int(_ node: XMLNode, _ name: String) -> Int? {
        node.string(name).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    static func bool(_ node: XMLNode, _ name: String) -> Bool? {
        node.string(name).map { $0.trimmingCharacters(in: .whitespaces).lowercased() == "true" }
    }

    /// IAM returns policy documents URL-encoded (RFC 3986; `+` is literal).
    static func document(_ node: XMLNode, _ name: String) -> String? {
        node.string(name).map { AWSPercentEncoding.decode($0) }
    }

    static func tags(_ node: XMLNode) -> [AWSTag] {
        node.members("Tags").compactMap { member in
            guard let key = member.string("Key") else { return nil }
            return AWSTag(key: key, value: member.string("Value") ?? "")
        }
    }

    static func role(_ node: XMLNode) throws(Missing) -> IAMRole {
        IAMRole(
            roleName: try required(node, "RoleName", in: "Role"),
            roleId: node.string("RoleId") ?? "",
            arn: try required(node, "Arn", in: "Role"),
            path: node.string("Path") ?? "/",
            createDate: date(node, "CreateDate"),
            assumeRolePolicyDocument: document(node, "AssumeRolePolicyDocument"),
            description: node.string("Description"),
            maxSessionDuration: int(node, "MaxSessionDuration"),
            permissionsBoundaryArn: node["PermissionsBoundary", "PermissionsBoundaryArn"]?.text,
            tags: tags(node),
            lastUsedDate: node["RoleLastUsed"].flatMap { date($0, "LastUsedDate") },
            lastUsedRegion: node["RoleLastUsed", "Region"]?.text)
    }

    static func attached(_ node: XMLNode) throws(Missing) -> IAMAttachedPolicy {
        IAMAttachedPolicy(policyName: try required(node, "PolicyName", in: "AttachedPolicy"),
                          policyArn: try required(node, "PolicyArn", in: "AttachedPolicy"))
    }

    static func inline(_ node: XMLNode) throws(Missing) -> IAMInlinePolicy {
        IAMInlinePolicy(policyName: try required(node, "PolicyName", in: "PolicyDetail"),
                        policyDocument: document(node, "PolicyDocument") ?? "")
    }

    static func managedPolicy(_ node: XMLNode) throws(Missing) -> IAMManagedPolicy {
        let arn = try required(node, "Arn", in: "Policy")
        // GetAccountAuthorizationDetails may leave the name out (moto does): it ends the ARN.
        return IAMManagedPolicy(
            policyName: node.string("PolicyName") ?? String(arn.split(separator: "/").last ?? ""),
            policyId: node.string("PolicyId") ?? "",
            arn: arn,
            path: node.string("Path") ?? "/",
            defaultVersionId: node.string("DefaultVersionId"),
            attachmentCount: int(node, "AttachmentCount"),
            permissionsBoundaryUsageCount: int(node, "PermissionsBoundaryUsageCount"),
            isAttachable: bool(node, "IsAttachable"),
            description: node.string("Description"),
            createDate: date(node, "CreateDate"),
            updateDate: date(node, "UpdateDate"),
            tags: tags(node))
    }

    static func policyVersion(_ node: XMLNode) throws(Missing) -> IAMPolicyVersion {
        IAMPolicyVersion(
            versionId: try required(node, "VersionId", in: "PolicyVersion"),
            isDefaultVersion: bool(node, "IsDefaultVersion") ?? false,
            createDate: date(node, "CreateDate"),
            document: document(node, "Document"))
    }

    static func authorizationDetails(_ result: XMLNode) throws(Missing) -> IAMAccountAuthorizationDetails {
        var details = IAMAccountAuthorizationDetails()
        for member in result.members("UserDetailList") {
            details.users.append(.init(
                userName: try required(member, "UserName", in: "UserDetail"),
                userId: member.string("UserId") ?? "",
                arn: try required(member, "Arn", in: "UserDetail"),
                path: member.string("Path") ?? "/",
                groups: member.members("GroupList").map(\.text),
                inlinePolicies: try member.members("UserPolicyList").map { (m) throws(Missing) in try inline(m) },
                attachedPolicies: try member.members("AttachedManagedPolicies").map { (m) throws(Missing) in try attached(m) },
                permissionsBoundaryArn: member["PermissionsBoundary", "PermissionsBoundaryArn"]?.text))
        }
        for member in result.members("GroupDetailList") {
            details.groups.append(.init(
                groupName: try required(member, "GroupName", in: "GroupDetail"),
                groupId: member.string("GroupId") ?? "",
                arn: try required(member, "Arn", in: "GroupDetail"),
                path: member.string("Path") ?? "/",
                inlinePolicies: try member.members("GroupPolicyList").map { (m) throws(Missing) in try inline(m) },
                attachedPolicies: try member.members("AttachedManagedPolicies").map { (m) throws(Missing) in try attached(m) }))
        }
        for member in result.members("RoleDetailList") {
            details.roles.append(.init(
                role: try role(member),
                inlinePolicies: try member.members("RolePolicyList").map { (m) throws(Missing) in try inline(m) },
                attachedPolicies: try member.members("AttachedManagedPolicies").map { (m) throws(Missing) in try attached(m) },
                instanceProfileArns: member.members("InstanceProfileList").compactMap { $0.string("Arn") }))
        }
        for member in result.members("Policies") {
            details.policies.append(.init(
                policy: try managedPolicy(member),
                versions: try member.members("PolicyVersionList").map { (m) throws(Missing) in try policyVersion(m) }))
        }
        return details
    }

    /// `Marker` when `IsTruncated` is true.
    static func nextMarker(_ result: XMLNode) -> String? {
        guard bool(result, "IsTruncated") == true, let marker = result.string("Marker"), !marker.isEmpty else { return nil }
        return marker
    }
}
