import Foundation
import Hummingbird
import Logging
import NIOCore
import VigilAPIModel
import VigilAWS
import VigilCore

/// Serves every DevOps Agent operation; requests that match none pass on to the next responder.
public struct APIMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let env: APIEnvironment
    let router: OperationRouter
    let authenticator: RequestAuthenticator
    let handlers: [String: OperationHandler]

    public init(environment: APIEnvironment) {
        self.env = environment
        self.router = OperationRouter(operations: ServiceModel.operations)
        self.authenticator = RequestAuthenticator(account: environment.account, accessKeys: environment.accessKeys,
                                                  maxClockSkew: environment.limits.maxClockSkewSeconds)
        self.handlers = OperationHandlers.all
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let rawPath = request.uri.path
        guard let match = router.match(method: request.method.rawValue, rawPath: rawPath) else {
            return try await next(request, context)
        }
        let requestId = UUID().uuidString.lowercased()
        let started = ContinuousClock.now
        var logger = env.logger
        logger[metadataKey: "requestId"] = .string(requestId)
        logger[metadataKey: "operation"] = .string(match.operation.name)
        let response: Response
        do {
            response = try await serve(request, match: match, requestId: requestId, sourceIp: context.remoteAddress?.ipAddress)
        } catch let error as APIError {
            response = ErrorResponse.make(error, requestId: requestId)
        } catch let error as SigV4Error {
            logger.info("authentication failed", metadata: ["code": .string(error.code)])
            response = ErrorResponse.make(APIError(code: error.code, httpStatus: error.httpStatus, message: error.message),
                                          requestId: requestId)
        } catch {
            logger.error("operation failed", metadata: ["error": .string(String(describing: error))])
            response = ErrorResponse.make(.internalFailure, requestId: requestId)
        }
        logger.debug("served", metadata: [
            "status": .stringConvertible(response.status.code),
            "ms": .stringConvertible((ContinuousClock.now - started).milliseconds),
        ])
        return response
    }

    private func serve(_ request: Request, match: OperationRouter.Match, requestId: String, sourceIp: String?) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: env.limits.maxBodyBytes)
        } catch {
            throw APIError.contentTooLarge("Request body exceeds \(env.limits.maxBodyBytes) bytes")
        }
        let bodyBytes = Array(body.readableBytesView)
        var headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        // HTTP/1 `Host` arrives as the request's authority, not among the header fields.
        if let authority = request.head.authority { headers.append((name: "host", value: authority)) }
        let now = Date()
        let signable = SignableRequest(method: request.method.rawValue, rawPath: request.uri.path,
                                       rawQuery: request.uri.query, headers: headers, body: bodyBytes)
        let principal = try await authenticator.authenticate(signable, now: now)
        guard let handler = handlers[match.operation.name] else {
            throw APIError.internalFailure
        }
        let raw = RawRequest(pathLabels: match.labels, query: QueryString.parse(request.uri.query),
                             headers: headers, body: bodyBytes)
        let context = OperationContext(operation: match.operation, request: raw, principal: principal,
                                       requestId: requestId, sourceIp: sourceIp, env: env, now: now)
        let result = try await handler(context)
        return ResponseWriter.make(result, requestId: requestId)
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
