import Foundation

/// An IAM role. `assumeRolePolicyDocument` is the trust policy as JSON text, already URL-decoded.
public struct IAMRole: Sendable, Equatable {
    public var roleName: String
    public var roleId: String
    public var arn: String
    public var path: String
    public var createDate: Date?
    public var assumeRolePolicyDocument: String?
    public var description: String?
    public var maxSessionDuration: Int?
    public var permissionsBoundaryArn: String?
    public var tags: [AWSTag]
    public var lastUsedDate: Date?
    public var lastUsedRegion: String?
}

/// A managed policy attached to a role, user or group.
public struct IAMAttachedPolicy: Sendable, Equatable, Hashable {
    public var policyName: String
    public var policyArn: String
}

/// An inline policy of a role; `policyDocument` is URL-decoded JSON text.
public struct IAMInlinePolicy: Sendable, Equatable {
    public var policyName: String
    public var policyDocument: String
}

/// A managed policy (without its document; see `IAMPolicyVersion`).
public struct IAMManagedPolicy: Sendable, Equatable {
    public var policyName: String
    public var policyId: String
    public var arn: String
    public var path: String
    public var defaultVersionId: String?
    public var attachmentCount: Int?
    public var permissionsBoundaryUsageCount: Int?
    public var isAttachable: Bool?
    public var description: String?
    public var createDate: Date?
    public var updateDate: Date?
    public var tags: [AWSTag]
}

/// A version of a managed policy; `document` is URL-decoded JSON text.
public struct IAMPolicyVersion: Sendable, Equatable {
    public var versionId: String
    public var isDefaultVersion: Bool
    public var createDate: Date?
    public var document: String?
}

/// The entity types GetAccountAuthorizationDetails can be filtered to.
public enum IAMEntityFilter: String, Sendable, CaseIterable {
    case user = "User"
    case role = "Role"
    case group = "Group"
    case localManagedPolicy = "LocalManagedPolicy"
    case awsManagedPolicy = "AWSManagedPolicy"
}

/// One page (or the merge of all pages) of GetAccountAuthorizationDetails.
public struct IAMAccountAuthorizationDetails: Sendable, Equatable {
    public struct Role: Sendable, Equatable {
        public var role: IAMRole
        public var inlinePolicies: [IAMInlinePolicy]
        public var attachedPolicies: [IAMAttachedPolicy]
        public var instanceProfileArns: [String]
    }

    public struct User: Sendable, Equatable {
        public var userName: String
        public var userId: String
        public var arn: String
        public var path: String
        public var groups: [String]
        public var inlinePolicies: [IAMInlinePolicy]
        public var attachedPolicies: [IAMAttachedPolicy]
        public var permissionsBoundaryArn: String?
    }

    public struct Group: Sendable, Equatable {
        public var groupName: String
        public var groupId: String
        public var arn: String
        public var path: String
        public var inlinePolicies: [IAMInlinePolicy]
        public var attachedPolicies: [IAMAttachedPolicy]
    }

    public struct Policy: Sendable, Equatable {
        public var policy: IAMManagedPolicy
        public var versions: [IAMPolicyVersion]

        /// The document of the default version.
        public var defaultDocument: String? {
            versions.first(where: \.isDefaultVersion)?.document
        }
    }

    public var users: [User] = []
    public var groups: [Group] = []
    public var roles: [Role] = []
    public var policies: [Policy] = []

    public init() {}

    mutating func append(_ other: IAMAccountAuthorizationDetails) {
        users += other.users
        groups += other.groups
        roles += other.roles
        policies += other.policies
    }
}
