import Foundation
import VigilAWSClients

/// How Vigil reaches AWS on behalf of agent spaces: one HTTP transport, the endpoints (an override
/// for tests and private endpoints), Vigil's own base credentials (the standard chain), and the
/// regions agents may read. Every client comes from an `AWSClientFactory` bound to one space's
/// associations, so no call can leave the space's accounts and regions.
public struct AWSAccess: Sendable {
    public var transport: AWSHTTPTransport
    public var endpoints: AWSEndpointResolver
    public var baseCredentials: any CredentialProvider
    public var allowedRegions: Set<String>

    public init(transport: AWSHTTPTransport, endpoints: AWSEndpointResolver, baseCredentials: any CredentialProvider,
                allowedRegions: Set<String>) {
        self.transport = transport
        self.endpoints = endpoints
        self.baseCredentials = baseCredentials
        self.allowedRegions = allowedRegions
    }

    public func factory(agentSpaceId: String, agentSpaceArn: String, associations: [AWSAccountAssociation]) -> AWSClientFactory {
        AWSClientFactory(
            boundary: AgentSpaceAWSBoundary(agentSpaceId: agentSpaceId, agentSpaceArn: agentSpaceArn,
                                            associations: associations, allowedRegions: allowedRegions),
            baseCredentials: baseCredentials, transport: transport, endpoints: endpoints)
    }
}
