import Foundation
import VigilCore
import VigilIdentity
import VigilPolicy
import VigilStore

/// Authorization by IAM policies, with AWS's evaluation logic (VigilPolicy): the account
/// administrator may do everything; users and role sessions need an identity-policy Allow, within
/// their permissions boundary and session policy, and no explicit Deny.
///
/// Each principal's compiled policy set is kept for five seconds, so changes made with `vigil iam`
/// (another process) take effect within that time.
public struct PolicyAuthorizer: Authorizer {
    let store: Store
    let account: AccountContext
    private let cache = ExpiringCache<PolicySet>(lifetime: .seconds(5))

    public init(store: Store, account: AccountContext) {
        self.store = store
        self.account = account
    }

    public func authorize(_ request: AuthorizationRequest) async throws(APIError) {
        let principal = request.principal
        if principal.isAdministrator { return }
        let set: PolicySet
        let resourceTags: [String: String]
        do {
            set = try await policySet(for: principal)
            resourceTags = try await tags(of: request.resourceArn)
        } catch let error as APIError {
            throw error
        } catch {
            throw accessDenied(request, reason: "because its policies could not be evaluated")
        }
        var keys = request.context
        for (key, value) in resourceTags { keys["aws:ResourceTag/\(key)"] = [value] }
        keys["aws:username"] = principal.kind == .user ? [String(principal.arn.split(separator: "/").last ?? "")] : nil
        keys["aws:userid"] = [principal.uniqueId]
        keys["aws:PrincipalType"] = [principal.kind == .assumedRole ? "AssumedRole" : "User"]
        keys.merge(principal.principalKeys(accountId: account.accountId)) { _, derived in derived }
        let context = RequestContext.standard(
            principal: principal.policyInfo(accountId: account.accountId), epochSeconds: Int(Date().timeIntervalSince1970), secureTransport: false,
            sourceIp: request.sourceIp, region: account.region, resourceAccount: account.accountId, extra: keys)
        guard set.isAllowed(action: request.action, resource: request.resourceArn ?? "*", context: context) else {
            throw accessDenied(request)
        }
    }

    private func policySet(for principal: Principal) async throws -> PolicySet {
        let key = principal.policySubjectArn + "\u{0}" + (principal.sessionPolicy ?? "")
        if let cached = cache.get(key) { return cached }
        let governing = try await store.read { tx in try IAMDirectory.governing(tx, principalArn: principal.policySubjectArn) }
        guard let governing else {
            throw APIError.accessDenied("User: \(principal.arn) is not authorized: the identity no longer exists")
        }
        let identity = try governing.identity.map { try Policy(name: $0.name, json: $0.document) }
        let boundary = try governing.boundary.map { try Policy(name: $0.name, json: $0.document) }
        let session = try principal.sessionPolicy.map { try Policy(name: "session policy", json: $0) }
        let set = PolicySet(identity: identity, permissionsBoundary: boundary, session: session)
        cache.put(key, set)
        return set
    }

    private func tags(of resourceArn: String?) async throws -> [String: String] {
        guard let resourceArn, !resourceArn.hasSuffix("/*"), ResourceARN.parse(resourceArn, in: account) != nil else { return [:] }
        return try await store.read { tx in try tx.tags.get(resourceArn) }
    }
}
