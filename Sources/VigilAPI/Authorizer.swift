import VigilCore
import VigilIdentity

/// Decides whether a principal may perform `aidevops:<Operation>` on a resource.
///
/// This is the seam the IAM policy engine plugs into. Until principals other than the account
/// administrator exist, `AccountAdministratorAuthorizer` is the implementation: the administrator
/// may do everything, anyone else nothing.
public protocol Authorizer: Sendable {
    func authorize(_ principal: Principal, action: String, resourceArn: String?) async throws(APIError)
}

public struct AccountAdministratorAuthorizer: Authorizer {
    public init() {}

    public func authorize(_ principal: Principal, action: String, resourceArn: String?) async throws(APIError) {
        guard principal.isAdministrator else {
            throw APIError.accessDenied(
                "User: \(principal.arn) is not authorized to perform: \(action)"
                + (resourceArn.map { " on resource: \($0)" } ?? ""))
        }
    }
}
