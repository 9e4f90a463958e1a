import Foundation

/// Temporary credentials from STS AssumeRole, kept in memory until `refreshMargin` (5 minutes)
/// before they expire, then fetched again. Concurrent callers share one refresh. The credentials
/// are never logged, written or printed (`AWSCredentials` redacts itself).
///
/// When `expectedAccountId` is set, a session that lands in another account is refused: the
/// role ARN decides the account, and this checks that STS agreed.
public actor AssumeRoleCredentialProvider: CredentialProvider {
    public nonisolated let request: AssumeRoleRequest
    public nonisolated let expectedAccountId: String?
    private let sts: STSClient
    private let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: AssumeRoleResult?
    private var inFlight: Task<AssumeRoleResult, any Error>?
    /// AssumeRole calls made (for tests and metrics).
    public private(set) var refreshCount = 0

    /// - Parameters:
    ///   - sts: an STS client with the credentials that may assume the role (the base identity).
    ///   - now: the clock cached credentials are compared with.
    public init(
        request: AssumeRoleRequest, sts: STSClient, expectedAccountId: String? = nil,
        refreshMargin: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.request = request
        self.sts = sts
        self.expectedAccountId = expectedAccountId
        self.refreshMargin = refreshMargin
        self.now = now
    }

    public nonisolated var providerName: String { "assume role \(request.roleArn)" }

    public func credentials() async throws -> AWSCredentials {
        try await session().credentials
    }

    /// The current session (credentials and assumed-role ARN), refreshed when needed.
    public func session() async throws -> AssumeRoleResult {
        if let cached, cached.credentials.isValid(at: now(), margin: refreshMargin) {
            return cached
        }
        if let inFlight {
            return try await inFlight.value
        }
        let sts = sts
        let request = request
        let expected = expectedAccountId
        let task = Task<AssumeRoleResult, any Error> {
            let result = try await sts.assumeRole(request)
            if let expected, result.accountId != expected {
                throw sts.client.context(STSClient.service, "AssumeRole").error(
                    .outsideBoundary("assumed \(result.assumedRoleArn), which is not in account \(expected)"), attempts: 1)
            }
            return result
        }
        inFlight = task
        refreshCount += 1
        defer { inFlight = nil }
        let result = try await task.value
        cached = result
        return result
    }

    /// Forgets the cached credentials (after AWS rejected them as expired, say).
    public func invalidate() {
        cached = nil
    }
}
