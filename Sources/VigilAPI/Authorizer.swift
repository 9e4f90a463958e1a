import Foundation
import VigilCore
import VigilIdentity

/// What is being asked: `aidevops:<Operation>` (or `sts:AssumeRole`) on a resource, by whom, from where.
public struct AuthorizationRequest: Sendable {
    public var principal: Principal
    public var action: String
    public var resourceArn: String?
    public var sourceIp: String?
    /// Extra condition keys of the request (for example `sts:ExternalId`).
    public var context: [String: [String]]

    public init(principal: Principal, action: String, resourceArn: String?, sourceIp: String? = nil,
                context: [String: [String]] = [:]) {
        self.principal = principal
        self.action = action
        self.resourceArn = resourceArn
        self.sourceIp = sourceIp
        self.context = context
    }
}

/// Decides whether a request is allowed; a denial is an `AccessDeniedException` that names the
/// principal, action and resource the caller gave, and nothing else.
public protocol Authorizer: Sendable {
    func authorize(_ request: AuthorizationRequest) async throws(APIError)
}

extension Authorizer {
    public func isAllowed(_ request: AuthorizationRequest) async -> Bool {
        do {
            try await authorize(request)
            return true
        } catch {
            return false
        }
    }
}

func accessDenied(_ request: AuthorizationRequest, reason: String? = nil) -> APIError {
    APIError.accessDenied(
        "User: \(request.principal.arn) is not authorized to perform: \(request.action)"
        + (request.resourceArn.map { " on resource: \($0)" } ?? "")
        + (reason.map { " \($0)" } ?? ""))
}
