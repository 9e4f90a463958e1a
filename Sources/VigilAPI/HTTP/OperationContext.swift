import Foundation
import VigilAPIModel
import VigilCore
import VigilIdentity
import VigilStore

/// One authenticated API call on its way through a handler.
struct OperationContext: Sendable {
    let operation: OperationDescriptor
    let request: RawRequest
    let principal: Principal
    let requestId: String
    let sourceIp: String?
    let env: APIEnvironment
    let now: Date

    var store: Store { env.store }
    var account: AccountContext { env.account }

    /// Binds and validates the operation's input; violations become a ValidationException.
    func input<T: APIShape>(_ type: T.Type) throws(APIError) -> T {
        do {
            return try RequestBinder.decode(type, for: operation, from: request)
        } catch {
            throw APIError.validation(error.message, fields: error.fieldList.map { APIError.Field(path: $0.path, message: $0.message) })
        }
    }

    /// Checks `aidevops:<Operation>` (or an extension operation's own action) for this principal on the resource.
    func authorize(_ resourceArn: String?) async throws(APIError) {
        try await env.authorizer.authorize(authorization(resourceArn))
    }

    func authorization(_ resourceArn: String?) -> AuthorizationRequest {
        AuthorizationRequest(principal: principal, action: ExtensionOperations.action(for: operation), resourceArn: resourceArn, sourceIp: sourceIp)
    }
}

typealias OperationHandler = @Sendable (OperationContext) async throws -> APIResponse
