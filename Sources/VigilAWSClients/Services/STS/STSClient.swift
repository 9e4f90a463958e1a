import Foundation

/// AWS Security Token Service (query protocol, regional endpoints `sts.{region}.amazonaws.com`).
public struct STSClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "STS", signingName: "sts", apiVersion: "2011-06-15", wireProtocol: .query)

    public let client: AWSClient

    public init(_ client: AWSClient) {
        self.client = client
    }

    public func getCallerIdentity() async throws -> CallerIdentity {
        let result = try await client.query(Self.service, action: "GetCallerIdentity")
        guard let account = result.string("Account"), let arn = result.string("Arn") else {
            throw malformed("GetCallerIdentity", "missing Account or Arn")
        }
        return CallerIdentity(account: account, arn: arn, userId: result.string("UserId") ?? "")
    }

    public func assumeRole(_ request: AssumeRoleRequest) async throws -> AssumeRoleResult {
        var parameters = QueryParameters()
        parameters.set("RoleArn", request.roleArn)
        parameters.set("RoleSessionName", request.roleSessionName)
        parameters.set("ExternalId", request.externalId)
        parameters.set("DurationSeconds", request.durationSeconds)
        parameters.setKeyValueList("Tags", request.tags.map { (key: $0.key, value: $0.value) })
        parameters.setList("TransitiveTagKeys", request.transitiveTagKeys)
        let result = try await client.query(Self.service, action: "AssumeRole", parameters: parameters)
        guard let credentials = result["Credentials"],
              let keyId = credentials.string("AccessKeyId"), let secret = credentials.string("SecretAccessKey"),
              let token = credentials.string("SessionToken"),
              let expirationText = credentials.string("Expiration"),
              let expiration = AWSTimestamp.parseISO8601(expirationText)
        else {
            throw malformed("AssumeRole", "incomplete Credentials")
        }
        guard let user = result["AssumedRoleUser"], let arn = user.string("Arn") else {
            throw malformed("AssumeRole", "missing AssumedRoleUser")
        }
        return AssumeRoleResult(
            credentials: AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: token, expiration: expiration),
            assumedRoleArn: arn, assumedRoleId: user.string("AssumedRoleId") ?? "",
            packedPolicySize: result.string("PackedPolicySize").flatMap { Int($0) },
            sourceIdentity: result.string("SourceIdentity"))
    }

    private func malformed(_ operation: String, _ detail: String) -> AWSClientError {
        client.context(Self.service, operation).error(.malformedResponse(detail), attempts: 1)
    }
}
