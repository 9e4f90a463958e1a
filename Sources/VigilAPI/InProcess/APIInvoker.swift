import Foundation
import Logging
import VigilAPIModel
import VigilCore
import VigilIdentity

/// Calls an operation in-process as an already authenticated principal: the Operator Web App's
/// way to act. The call goes through the same handler table as the HTTP API, so it is validated,
/// authorized (`aidevops:<Operation>` for this principal) and audited exactly like an API call;
/// only SigV4 authentication is skipped, because the caller established the principal itself
/// (a web session re-resolved on this request).
public struct APIInvoker: Sendable {
    let env: APIEnvironment

    public init(environment: APIEnvironment) {
        self.env = environment
    }

    /// Whether this build serves an operation of that name (extension operations arrive over time).
    public static func supports(_ operation: String) -> Bool {
        OperationTable.handlers[operation] != nil && OperationTable.descriptorsByName[operation] != nil
    }

    /// Runs `operation` with URI `labels`, `query` parameters, `headers` and a JSON `body`, and
    /// returns the output document (an empty object for operations without output). Errors are
    /// the operation's own `APIError`s; anything else becomes `InternalServerException`.
    public func call(operation name: String, labels: [String: String] = [:], query: [(name: String, value: String)] = [],
                     headers: [(name: String, value: String)] = [], body: JSONValue? = nil,
                     principal: Principal, sourceIp: String?) async throws(APIError) -> JSONValue {
        guard let descriptor = OperationTable.descriptorsByName[name], let handler = OperationTable.handlers[name] else {
            throw APIError.validation("Operation \(name) is not available in this build")
        }
        let requestId = UUID().uuidString.lowercased()
        var logger = env.logger
        logger[metadataKey: "requestId"] = .string(requestId)
        logger[metadataKey: "operation"] = .string(name)
        let trail = AuditTrail(operation: name, labels: labels, requestId: requestId, account: env.account)
        let raw = RawRequest(pathLabels: labels, query: query, headers: headers,
                             body: body.map { JSONWriter.write($0) } ?? [])
        let context = OperationContext(operation: descriptor, request: raw, principal: principal, requestId: requestId,
                                       sourceIp: sourceIp, env: env, now: Date())
        let failure: APIError
        do {
            let result = try await handler(context)
            switch result {
            case .json(let status, let output):
                await env.audit.record(trail.entry(principal: principal.arn, status: status, errorCode: nil))
                return output
            case .empty(let status):
                await env.audit.record(trail.entry(principal: principal.arn, status: status, errorCode: nil))
                return .object([:])
            case .eventStream:
                // Streaming operations (SendMessage) answer over HTTP only.
                failure = APIError.validation("Operation \(name) streams its answer and cannot be called in-process")
            }
        } catch let error as APIError {
            failure = error
        } catch {
            logger.error("operation failed", metadata: ["error": .string(String(describing: error))])
            failure = .internalFailure
        }
        await env.audit.record(trail.entry(principal: principal.arn, status: failure.httpStatus, errorCode: failure.code))
        throw failure
    }

    /// `call` decoded into the operation's output shape.
    public func call<Output: APIShape>(_ output: Output.Type, operation name: String, labels: [String: String] = [:],
                                       query: [(name: String, value: String)] = [], body: JSONValue? = nil,
                                       principal: Principal, sourceIp: String?) async throws(APIError) -> Output {
        let json = try await call(operation: name, labels: labels, query: query, body: body, principal: principal, sourceIp: sourceIp)
        do {
            return try Output(json: json)
        } catch {
            env.logger.error("in-process output did not decode", metadata: ["operation": .string(name), "error": .string(String(describing: error))])
            throw APIError.internalFailure
        }
    }
}
