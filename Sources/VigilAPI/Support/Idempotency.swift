import Crypto
import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// `clientToken` semantics: the same token with the same parameters returns the first response
/// for the idempotency window; the same token with other parameters is a ConflictException.
///
/// The check, the mutation and the remembered response share one write transaction, so two
/// concurrent retries cannot both create.
enum Idempotency {
    static func run(
        _ ctx: OperationContext, scope: String, token: String?, input: JSONValue,
        _ body: @escaping @Sendable (StoreTransaction) throws -> APIResponse
    ) async throws -> APIResponse {
        guard let token else {
            return try await ctx.store.write(body)
        }
        let fingerprint = Array(SHA256.hash(data: JSONWriter.write(input.removing("clientToken"))))
        let operation = ctx.operation.name
        let now = ctx.now
        let window = ctx.env.limits.idempotencyWindowSeconds
        return try await ctx.store.write { tx in
            if let previous = try tx.idempotency.find(scope: scope, operation: operation, token: token, now: now, window: window) {
                guard previous.fingerprint == fingerprint else {
                    throw APIError.conflict("The client token \(token) was already used with different parameters")
                }
                return previous.body.isEmpty
                    ? .empty(status: previous.status)
                    : .json(status: previous.status, body: try JSONParser.parse(previous.body))
            }
            let response = try body(tx)
            let record: IdempotencyTable.Record
            switch response {
            case .json(let status, let json):
                record = .init(fingerprint: fingerprint, status: status, body: JSONWriter.write(json))
            case .empty(let status):
                record = .init(fingerprint: fingerprint, status: status, body: [])
            case .eventStream:
                return response
            }
            try tx.idempotency.save(scope: scope, operation: operation, token: token, record: record, now: now)
            return response
        }
    }
}
