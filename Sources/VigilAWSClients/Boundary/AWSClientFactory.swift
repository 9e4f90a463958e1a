import Foundation
import Logging

/// The only way agent-space work reaches AWS: it hands out clients for the space's associated
/// accounts and allowed regions, and refuses everything else with
/// `AWSClientError.outsideBoundary`, whatever the caller asks for.
///
/// - Each account's client signs with credentials from STS AssumeRole on the association's role,
///   obtained with the base credentials (Vigil's own identity) and cached per account until five
///   minutes before they expire.
/// - Source accounts are assumed with `ExternalId` = the association's external id, else the
///   agent space ARN, and session tag `vigil:agentSpaceId` (monitor accounts too when
///   `tagMonitorSessions`). Their trust policies must allow `sts:TagSession` for that.
/// - A role ARN outside the associated account is refused before any call, and a session that
///   lands in another account is refused after it.
/// - Clients are read-only (`AWSOperationPolicy.readOnly`), so they cannot assume further roles.
public final class AWSClientFactory: Sendable {
    public struct Options: Sendable {
        /// Requested session length (AWS's range: 900 ... the role's maximum).
        public var sessionDurationSeconds: Int
        /// Credentials are refreshed this long before they expire.
        public var refreshMargin: TimeInterval
        /// Tag monitor-account sessions as well (their trust policy must then allow `sts:TagSession`).
        public var tagMonitorSessions: Bool
        /// The region of the STS endpoint used with the base credentials; default: the first
        /// allowed region in sorted order, else `us-east-1`.
        public var stsRegion: String?
        /// Operations beyond reads that the agent's clients may send (`service:Operation`).
        public var additionalOperations: Set<String>

        public init(
            sessionDurationSeconds: Int = 3600, refreshMargin: TimeInterval = 300, tagMonitorSessions: Bool = false,
            stsRegion: String? = nil, additionalOperations: Set<String> = []
        ) {
            self.sessionDurationSeconds = sessionDurationSeconds
            self.refreshMargin = refreshMargin
            self.tagMonitorSessions = tagMonitorSessions
            self.stsRegion = stsRegion
            self.additionalOperations = additionalOperations
        }
    }

    public static let agentSpaceTagKey = "vigil:agentSpaceId"

    public let boundary: AgentSpaceAWSBoundary
    public let options: Options
    let baseSTS: STSClient
    private let transport: AWSHTTPTransport
    private let endpoints: AWSEndpointResolver
    private let now: @Sendable () -> Date
    private let providers = Locked<[String: AssumeRoleCredentialProvider]>([:])

    public init(
        boundary: AgentSpaceAWSBoundary, baseCredentials: any CredentialProvider, transport: AWSHTTPTransport,
        endpoints: AWSEndpointResolver = .standard, options: Options = Options(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.boundary = boundary
        self.options = options
        self.transport = transport
        self.endpoints = endpoints
        self.now = now
        let stsRegion = options.stsRegion ?? boundary.allowedRegions.sorted().first ?? "us-east-1"
        self.baseSTS = STSClient(AWSClient(region: stsRegion, credentials: baseCredentials, transport: transport,
                                           endpoints: endpoints, now: now))
    }

    /// The association of `accountId`, if the space has one.
    public func association(for accountId: String) -> AWSAccountAssociation? {
        boundary.associations.first { $0.accountId == accountId }
    }

    /// A client for `accountId` in `region`, or `AWSClientError.outsideBoundary` when the
    /// account is not associated, the region is not allowed, or the association's role ARN is
    /// not a role of that account. Nothing is sent until the client is used.
    public func client(for accountId: String, region: String) throws -> AWSClient {
        let association = try checkedAssociation(accountId: accountId, region: region)
        let provider = try credentialProvider(for: association)
        return AWSClient(region: region, credentials: provider, transport: transport, endpoints: endpoints,
                         accountId: accountId, policy: .readOnly(additional: options.additionalOperations), now: now)
    }

    func checkedAssociation(accountId: String, region: String) throws -> AWSAccountAssociation {
        guard let association = association(for: accountId) else {
            throw AWSClientError.outsideBoundary(
                "account \(accountId) is not associated with agent space \(boundary.agentSpaceId)",
                accountId: accountId, region: region)
        }
        guard boundary.allowedRegions.contains(region) else {
            throw AWSClientError.outsideBoundary(
                "region \(region) is not allowed for agent space \(boundary.agentSpaceId) (allowed: \(boundary.allowedRegions.sorted().joined(separator: ", ")))",
                accountId: accountId, region: region)
        }
        _ = try roleARN(of: association)
        return association
    }

    /// The parsed role ARN, refused unless it is a role of the associated account.
    func roleARN(of association: AWSAccountAssociation) throws -> IAMRoleARN {
        guard let arn = IAMRoleARN(association.roleArn) else {
            throw AWSClientError.outsideBoundary("'\(association.roleArn)' is not an IAM role ARN",
                                                 accountId: association.accountId)
        }
        guard arn.accountId == association.accountId else {
            throw AWSClientError.outsideBoundary(
                "role \(association.roleArn) belongs to account \(arn.accountId), not to the associated account \(association.accountId)",
                accountId: association.accountId)
        }
        return arn
    }

    /// The AssumeRole input for an association: the same for the clients and for `RoleValidator`.
    public func assumeRoleRequest(for association: AWSAccountAssociation, durationSeconds: Int? = nil) -> AssumeRoleRequest {
        let externalId: String? = switch association.kind {
        case .source: association.externalId ?? boundary.agentSpaceArn
        case .monitor: association.externalId
        }
        let tagged = association.kind == .source || options.tagMonitorSessions
        return AssumeRoleRequest(
            roleArn: association.roleArn, roleSessionName: Self.sessionName(agentSpaceId: boundary.agentSpaceId),
            externalId: externalId, durationSeconds: durationSeconds ?? options.sessionDurationSeconds,
            tags: tagged ? [AWSTag(key: Self.agentSpaceTagKey, value: boundary.agentSpaceId)] : [])
    }

    /// `vigil-<space id>`, limited to STS's 64 characters of `[\w+=,.@-]`.
    static func sessionName(agentSpaceId: String) -> String {
        let allowed = agentSpaceId.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@_-".contains($0)) }
        return String(("vigil-" + allowed).prefix(64))
    }

    private func credentialProvider(for association: AWSAccountAssociation) throws -> AssumeRoleCredentialProvider {
        let request = assumeRoleRequest(for: association)
        return providers.withLock { cache in
            if let existing = cache[association.accountId], existing.request == request { return existing }
            let provider = AssumeRoleCredentialProvider(
                request: request, sts: baseSTS, expectedAccountId: association.accountId,
                refreshMargin: options.refreshMargin, now: now)
            cache[association.accountId] = provider
            return provider
        }
    }
}
