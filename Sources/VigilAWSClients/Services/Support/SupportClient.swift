import Foundation

extension AWSOperationPolicy {
    /// Exactly the AWS Support operations behind Vigil's "create a support case" action:
    /// `AddAttachmentsToSet` and `CreateCase` (writes: they create a case and its attachments in the
    /// space's account, which is the point of the action) and `DescribeCases` (reads the case back).
    /// Nothing else of Support, and nothing of any other service. These writes are deliberately not
    /// in `readOnly`: only the action executor, after `ActionGuard` allowed the action, holds a
    /// client with this policy.
    public static let supportCases = AWSOperationPolicy(name: "support-cases") { signingName, operation in
        signingName == "support" && ["AddAttachmentsToSet", "CreateCase", "DescribeCases"].contains(operation)
    }
}

/// AWS Support (json 1.1, `AWSSupport_20130415`), one endpoint per partition
/// (`support.us-east-1.amazonaws.com` in the commercial partition). Calls fail with
/// `SubscriptionRequiredException` on accounts without Business, Enterprise On-Ramp or
/// Enterprise Support.
public struct SupportClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "Support", signingName: "support", apiVersion: "2013-04-15",
        wireProtocol: .json(version: "1.1", targetPrefix: "AWSSupport_20130415"),
        globalEndpoints: [
            "aws": "support.us-east-1.amazonaws.com",
            "aws-cn": "support.cn-north-1.amazonaws.com.cn",
            "aws-us-gov": "support.us-gov-west-1.amazonaws.com",
        ])

    /// The error code of an account without a Support plan that includes the API.
    public static let subscriptionRequired = "SubscriptionRequiredException"

    public let client: AWSClient

    public init(_ client: AWSClient) {
        self.client = client
    }

    /// A Support client over `client`'s account, region, credentials and transport, with the
    /// `supportCases` policy instead of `client`'s. Pass a client from `AWSClientFactory`, so the
    /// account has already been checked against the space's boundary.
    public static func forCases(basedOn client: AWSClient) -> SupportClient {
        SupportClient(AWSClient(region: client.region, credentials: client.credentials, transport: client.transport,
                                endpoints: client.endpoints, accountId: client.accountId, policy: .supportCases))
    }

    public func addAttachmentsToSet(_ input: AddAttachmentsToSetInput) async throws -> AddAttachmentsToSetOutput {
        try await client.json(Self.service, operation: "AddAttachmentsToSet", input: input)
    }

    public func createCase(_ input: CreateCaseInput) async throws -> CreateCaseOutput {
        try await client.json(Self.service, operation: "CreateCase", input: input)
    }

    public func describeCases(_ input: DescribeCasesInput) async throws -> DescribeCasesOutput {
        try await client.json(Self.service, operation: "DescribeCases", input: input)
    }
}
