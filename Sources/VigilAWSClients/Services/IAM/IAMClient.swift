import Foundation

/// AWS Identity and Access Management, read operations (query protocol; a global service: one
/// endpoint per partition, signed for `us-east-1` in `aws`).
///
/// Listings return an `AWSPaginator` (pages fetched as iterated; `.all()` collects them).
public struct IAMClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "IAM", signingName: "iam", apiVersion: "2010-05-08", wireProtocol: .query,
        globalEndpoints: ["aws": "iam.amazonaws.com", "aws-cn": "iam.cn-north-1.amazonaws.com.cn",
                          "aws-us-gov": "iam.us-gov.amazonaws.com"])

    public let client: AWSClient
    /// `MaxItems` of each page request (IAM allows 1...1000; nil lets IAM choose, 100).
    public var pageSize: Int?

    public init(_ client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize
    }

    public func getRole(name: String) async throws -> IAMRole {
        var parameters = QueryParameters()
        parameters.set("RoleName", name)
        let result = try await call("GetRole", parameters)
        return try decode("GetRole") { () throws(IAMDecoding.Missing) in
            guard let role = result["Role"] else { throw IAMDecoding.Missing(element: "Role") }
            return try IAMDecoding.role(role)
        }
    }

    public func listRoles(pathPrefix: String? = nil) -> AWSPaginator<IAMRole> {
        paginate("ListRoles", base: { $0.set("PathPrefix", pathPrefix) }) { result throws(IAMDecoding.Missing) in
            try result.members("Roles").map { (m) throws(IAMDecoding.Missing) in try IAMDecoding.role(m) }
        }
    }

    public func listAttachedRolePolicies(roleName: String, pathPrefix: String? = nil) -> AWSPaginator<IAMAttachedPolicy> {
        attachedPolicies("ListAttachedRolePolicies", entity: "RoleName", name: roleName, pathPrefix: pathPrefix)
    }

    /// Names of the role's inline policies.
    public func listRolePolicies(roleName: String) -> AWSPaginator<String> {
        inlinePolicyNames("ListRolePolicies", entity: "RoleName", name: roleName)
    }

    public func getRolePolicy(roleName: String, policyName: String) async throws -> IAMInlinePolicy {
        try await inlinePolicy("GetRolePolicy", entity: "RoleName", name: roleName, policyName: policyName)
    }

    public func getPolicy(arn: String) async throws -> IAMManagedPolicy {
        var parameters = QueryParameters()
        parameters.set("PolicyArn", arn)
        let result = try await call("GetPolicy", parameters)
        return try decode("GetPolicy") { () throws(IAMDecoding.Missing) in
            guard let policy = result["Policy"] else { throw IAMDecoding.Missing(element: "Policy") }
            return try IAMDecoding.managedPolicy(policy)
        }
    }

    public func getPolicyVersion(arn: String, versionId: String) async throws -> IAMPolicyVersion {
        var parameters = QueryParameters()
        parameters.set("PolicyArn", arn)
        parameters.set("VersionId", versionId)
        let result = try await call("GetPolicyVersion", parameters)
        return try decode("GetPolicyVersion") { () throws(IAMDecoding.Missing) in
            guard let version = result["PolicyVersion"] else { throw IAMDecoding.Missing(element: "PolicyVersion") }
            return try IAMDecoding.policyVersion(version)
        }
    }

    /// The default version's document of a managed policy (GetPolicy, then GetPolicyVersion).
    public func defaultPolicyDocument(arn: String) async throws -> String {
        let policy = try await getPolicy(arn: arn)
        guard let versionId = policy.defaultVersionId else {
            throw client.context(Self.service, "GetPolicy").error(.malformedResponse("policy \(arn) has no DefaultVersionId"), attempts: 1)
        }
        let version = try await getPolicyVersion(arn: arn, versionId: versionId)
        guard let document = version.document else {
            throw client.context(Self.service, "GetPolicyVersion").error(.malformedResponse("version \(versionId) of \(arn) has no Document"), attempts: 1)
        }
        return document
    }

    /// Pages of GetAccountAuthorizationDetails, optionally filtered to some entity types.
    public func getAccountAuthorizationDetails(filter: [IAMEntityFilter] = []) -> AWSPaginator<IAMAccountAuthorizationDetails> {
        paginate("GetAccountAuthorizationDetails", base: { $0.setList("Filter", filter.map(\.rawValue)) }) { result throws(IAMDecoding.Missing) in
            [try IAMDecoding.authorizationDetails(result)]
        }
    }

    /// Every page of GetAccountAuthorizationDetails merged into one.
    public func accountAuthorizationDetails(filter: [IAMEntityFilter] = []) async throws -> IAMAccountAuthorizationDetails {
        var merged = IAMAccountAuthorizationDetails()
        for try await page in getAccountAuthorizationDetails(filter: filter) {
            for details in page.items { merged.append(details) }
        }
        return merged
    }

    // MARK: - Plumbing

    func call(_ action: String, _ parameters: QueryParameters) async throws -> XMLNode {
        try await client.query(Self.service, action: action, parameters: parameters)
    }

    func decode<T>(_ action: String, _ body: () throws(IAMDecoding.Missing) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw client.context(Self.service, action).error(.malformedResponse("missing <\(error.element)>"), attempts: 1)
        }
    }

    /// A `Marker`/`IsTruncated` listing.
    func paginate<Item: Sendable>(
        _ action: String, base: @escaping @Sendable (inout QueryParameters) -> Void,
        items: @escaping @Sendable (XMLNode) throws(IAMDecoding.Missing) -> [Item]
    ) -> AWSPaginator<Item> {
        let pageSize = pageSize
        let this = self
        return AWSPaginator { marker in
            var parameters = QueryParameters()
            base(&parameters)
            parameters.set("MaxItems", pageSize)
            parameters.set("Marker", marker)
            let result = try await this.call(action, parameters)
            let list = try this.decode(action) { () throws(IAMDecoding.Missing) in try items(result) }
            return AWSPage(items: list, nextToken: IAMDecoding.nextMarker(result))
        }
    }
}
