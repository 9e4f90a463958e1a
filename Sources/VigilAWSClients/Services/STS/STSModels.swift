import Foundation

/// A session tag (`Key`/`Value`), also the shape of IAM resource tags.
public struct AWSTag: Sendable, Equatable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// Input of STS AssumeRole.
public struct AssumeRoleRequest: Sendable, Equatable {
    public var roleArn: String
    public var roleSessionName: String
    public var externalId: String?
    /// 900 to the role's maximum session duration (AWS's default: 3600).
    public var durationSeconds: Int?
    /// Session tags (the role's trust policy must allow `sts:TagSession`).
    public var tags: [AWSTag]
    public var transitiveTagKeys: [String]

    public init(
        roleArn: String, roleSessionName: String, externalId: String? = nil, durationSeconds: Int? = nil,
        tags: [AWSTag] = [], transitiveTagKeys: [String] = []
    ) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName
        self.externalId = externalId
        self.durationSeconds = durationSeconds
        self.tags = tags
        self.transitiveTagKeys = transitiveTagKeys
    }
}

/// Output of STS AssumeRole. Its `credentials` print redacted.
public struct AssumeRoleResult: Sendable, Equatable {
    public var credentials: AWSCredentials
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    public var assumedRoleArn: String
    public var assumedRoleId: String
    public var packedPolicySize: Int?
    public var sourceIdentity: String?

    /// The account of the assumed role session, read from its ARN.
    public var accountId: String? {
        let parts = assumedRoleArn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 ? String(parts[4]) : nil
    }
}

/// Output of STS GetCallerIdentity.
public struct CallerIdentity: Sendable, Equatable {
    public var account: String
    public var arn: String
    public var userId: String
}
