/// An AWS account associated with an agent space, and the role Vigil assumes in it.
public struct AWSAccountAssociation: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// The space's monitor account (`aws` association).
        case monitor
        /// A secondary account (`sourceAws` association): assumed with the space ARN as ExternalId.
        case source
    }

    public var accountId: String
    public var roleArn: String
    /// The ExternalId to pass; for a source account without one, the agent space ARN is passed.
    public var externalId: String?
    public var kind: Kind

    public init(accountId: String, roleArn: String, externalId: String? = nil, kind: Kind) {
        self.accountId = accountId
        self.roleArn = roleArn
        self.externalId = externalId
        self.kind = kind
    }
}

/// Everything of an agent space that bounds where its AWS calls may go.
public struct AgentSpaceAWSBoundary: Sendable, Equatable {
    public var agentSpaceId: String
    /// `arn:aws:aidevops:REGION:ACCOUNT:agentspace/ID`; the ExternalId for source accounts.
    public var agentSpaceArn: String
    public var associations: [AWSAccountAssociation]
    public var allowedRegions: Set<String>

    public init(agentSpaceId: String, agentSpaceArn: String, associations: [AWSAccountAssociation], allowedRegions: Set<String>) {
        self.agentSpaceId = agentSpaceId
        self.agentSpaceArn = agentSpaceArn
        self.associations = associations
        self.allowedRegions = allowedRegions
    }
}
