import AsyncHTTPClient
import VigilAWSClients

/// The AWS client of a command run by a person: credentials from the standard chain (or a profile),
/// optionally a role assumed first, one endpoint override for tests, and the caller's account from
/// STS. Always read-only.
enum AWSCommandLineClient {
    static func make(http: HTTPClient, region: String, endpointUrl: String?, profile: String?,
                     roleArn: String?, externalId: String?, sessionName: String) async throws -> AWSClient {
        let transport = AWSHTTPTransport(executor: AsyncHTTPClientExecutor(client: http))
        let endpoints: AWSEndpointResolver = try endpointUrl.map { .override(try AWSEndpoint(url: $0)) } ?? .standard
        var credentials: any CredentialProvider = CredentialProviderChain.standard(profile: profile)
        if let roleArn {
            let sts = STSClient(AWSClient(region: region, credentials: credentials, transport: transport, endpoints: endpoints))
            credentials = AssumeRoleCredentialProvider(
                request: AssumeRoleRequest(roleArn: roleArn, roleSessionName: sessionName, externalId: externalId),
                sts: sts, expectedAccountId: IAMRoleARN(roleArn)?.accountId)
        }
        let identity = try await STSClient(AWSClient(region: region, credentials: credentials, transport: transport,
                                                     endpoints: endpoints, policy: .readOnly())).getCallerIdentity()
        return AWSClient(region: region, credentials: credentials, transport: transport, endpoints: endpoints,
                         accountId: identity.account, policy: .readOnly())
    }
}
