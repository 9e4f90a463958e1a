import Foundation
import VigilAWSClients

/// The AWS client the exporter writes with: Vigil's base credentials, or a role in the account
/// the operator configured (`VIGIL_AUDIT_EXPORT_ROLE_ARN`, with an external id if the role's
/// trust policy asks for one). The destination re-wraps it with `AWSOperationPolicy.auditExport`.
public struct AWSClientForExport: Sendable {
    public let client: AWSClient

    public init(region: String, baseCredentials: any CredentialProvider, transport: AWSHTTPTransport, endpoints: AWSEndpointResolver,
                roleArn: String?, externalId: String?) {
        var credentials = baseCredentials
        if let roleArn {
            // STS is only asked for AssumeRole, with the base identity.
            let sts = STSClient(AWSClient(region: region, credentials: baseCredentials, transport: transport, endpoints: endpoints,
                                          policy: AWSOperationPolicy(name: "audit-export-assume-role") { $0 == "sts" && $1 == "AssumeRole" }))
            credentials = AssumeRoleCredentialProvider(
                request: AssumeRoleRequest(roleArn: roleArn, roleSessionName: "vigil-audit-export", externalId: externalId), sts: sts,
                expectedAccountId: Self.accountId(ofRole: roleArn))
        }
        client = AWSClient(region: region, credentials: credentials, transport: transport, endpoints: endpoints,
                           accountId: roleArn.flatMap(Self.accountId(ofRole:)), policy: .auditExport)
    }

    static func accountId(ofRole arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[4].count == 12, parts[4].allSatisfy(\.isNumber) else { return nil }
        return String(parts[4])
    }
}
