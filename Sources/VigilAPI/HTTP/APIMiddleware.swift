import Foundation
import Hummingbird
import Logging
import NIOCore
import VigilAPIModel
import VigilAudit
import VigilAWS
import VigilCore
import VigilIdentity

/// Serves every DevOps Agent operation; requests that match none pass on to the next responder.
/// Every call that reaches an operation, allowed or not, is recorded in the audit trail before the
/// response leaves.
public struct APIMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let env: APIEnvironment
    let router: OperationRouter
    let authenticator: RequestAuthenticator
    let handlers: [String: OperationHandler]

    public init(environment: APIEnvironment) {
        self.env = environment
        self.router = OperationRouter(operations: OperationTable.descriptors)
        self.authenticator = RequestAuthenticator(account: environment.account, accessKeys: environment.accessKeys,
                                                  maxClockSkew: environment.limits.maxClockSkewSeconds)
        self.handlers = OperationTable.handlers
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let match = router.match(method: request.method.rawValue, rawPath: request.uri.path) else {
            return try await next(request, context)
        }
        let requestId = UUID().uuidString.lowercased()
        let started = ContinuousClock.now
        var logger = env.logger
        logger[metadataKey: "requestId"] = .string(requestId)
        logger[metadataKey: "operation"] = .string(match.operation.name)
        let trail = AuditTrail(operation: match.operation.name, labels: match.labels, requestId: requestId, account: env.account)
        let outcome = await serve(request, match: match, requestId: requestId,
                                  sourceIp: context.remoteAddress?.ipAddress, logger: logger)
        let response: Response
        switch outcome {
        case .served(let served, let principal):
            response = served
            await env.audit.record(trail.entry(principal: principal.arn, status: served.status.code, errorCode: nil))
        case .failed(let error, let principal):
            response = ErrorResponse.make(error, requestId: requestId)
            await env.audit.record(trail.entry(principal: principal?.arn ?? "unauthenticated", status: error.httpStatus,
                                               errorCode: error.code))
        case .unauthenticated(let error):
            logger.info("authentication failed", metadata: ["code": .string(error.code)])
            response = ErrorResponse.make(APIError(code: error.code, httpStatus: error.httpStatus, message: error.message),
                                          requestId: requestId)
            await env.audit.record(trail.authenticationFailure(error.code, accessKeyId: Self.claimedAccessKey(request)))
        }
        logger.debug("served", metadata: [
            "status": .stringConvertible(response.status.code),
            "ms": .stringConvertible((ContinuousClock.now - started).milliseconds),
        ])
        return response
    }

    enum Outcome {
        case served(Response, Principal)
        case failed(APIError, Principal?)
        case unauthenticated(SigV4Error)
    }

    private func serve(_ request: Request, match: OperationRouter.Match, requestId: String, sourceIp: String?,
                       logger: Logger) async -> Outcome {
        var request = request
        let bodyBytes: [UInt8]
        do {
            bodyBytes = Array(try await request.collectBody(upTo: env.limits.maxBodyBytes).readableBytesView)
        } catch {
            return .failed(.contentTooLarge("Request body exceeds \(env.limits.maxBodyBytes) bytes"), nil)
        }
        let now = Date()
        let signable = SignableRequest(request, body: bodyBytes)
        let principal: Principal
        do {
            principal = try await authenticator.authenticate(signable, now: now)
        } catch let error as SigV4Error {
            return .unauthenticated(error)
        } catch {
            logger.error("authentication failed unexpectedly", metadata: ["error": .string(String(describing: error))])
            return .failed(.internalFailure, nil)
        }
        guard let handler = handlers[match.operation.name] else { return .failed(.internalFailure, principal) }
        let raw = RawRequest(pathLabels: match.labels, query: QueryString.parse(request.uri.query),
                             headers: signable.headers, body: bodyBytes)
        let context = OperationContext(operation: match.operation, request: raw, principal: principal,
                                       requestId: requestId, sourceIp: sourceIp, env: env, now: now)
        do {
            return .served(ResponseWriter.make(try await handler(context), requestId: requestId), principal)
        } catch let error as APIError {
            return .failed(error, principal)
        } catch {
            logger.error("operation failed", metadata: ["error": .string(String(describing: error))])
            return .failed(.internalFailure, principal)
        }
    }

    /// The access key id a request claims, for the audit record of a failed authentication.
    static func claimedAccessKey(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], let range = header.range(of: "Credential=") else { return nil }
        return header[range.upperBound...].split(separator: "/").first.map(String.init)
    }
}

/// Builds the audit record of one API call: the operation as its IAM action, the resource it
/// named (agent space, service or tagged resource), and the outcome.
struct AuditTrail {
    let operation: String
    let labels: [String: String]
    let requestId: String
    let account: AccountContext

    var agentSpaceId: String? { labels["agentSpaceId"] }

    /// The operation's IAM action (extension operations declare their own).
    var action: String { ExtensionOperations.actions[operation] ?? "aidevops:\(operation)" }

    var resource: String {
        if let space = labels["agentSpaceId"] { return account.agentSpaceArn(space) }
        if let service = labels["serviceId"] { return account.serviceArn(service) }
        return labels["resourceArn"] ?? labels["name"] ?? ""
    }

    func entry(principal: String, status: Int, errorCode: String?) -> AuditEntry {
        let decision: AuditDecision = status < 300 ? .allow : (errorCode == "AccessDeniedException" ? .deny : .error)
        var detail: [String: JSONValue] = ["status": .int(Int64(status))]
        if let errorCode { detail["errorCode"] = .string(errorCode) }
        return AuditEntry(kind: .apiCall, agentSpaceId: agentSpaceId, principal: principal, action: action,
                          resource: resource, decision: decision, requestId: requestId,
                          detail: String(decoding: JSONWriter.write(.object(detail)), as: UTF8.self))
    }

    func authenticationFailure(_ code: String, accessKeyId: String?) -> AuditEntry {
        var detail: [String: JSONValue] = ["errorCode": .string(code)]
        if let accessKeyId { detail["claimedAccessKeyId"] = .string(String(accessKeyId.prefix(128))) }
        return AuditEntry(kind: .authFailure, agentSpaceId: agentSpaceId, principal: "anonymous", action: action,
                          resource: resource, decision: .deny, requestId: requestId,
                          detail: String(decoding: JSONWriter.write(.object(detail)), as: UTF8.self))
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
