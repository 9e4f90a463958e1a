import Foundation
import VigilAWS

/// Calls one AWS account and region: builds the request in the service's wire protocol, signs it
/// with SigV4 (`SigV4Signer` of `VigilAWS`) for every attempt, sends it through the transport and
/// decodes the answer or the error.
///
/// Service clients (`STSClient`, `IAMClient`, …) wrap one of these. For an agent space every
/// `AWSClient` comes from `AWSClientFactory`, which fixes its account, region, credentials and
/// operation policy; creating one directly is for Vigil's own account (the base credentials, the
/// CLI with the standard chain) and for tests.
public struct AWSClient: Sendable {
    public let region: String
    /// The account the credentials belong to, when known (errors and logs name it).
    public let accountId: String?
    public let credentials: any CredentialProvider
    public let transport: AWSHTTPTransport
    public let endpoints: AWSEndpointResolver
    public let policy: AWSOperationPolicy
    private let now: @Sendable () -> Date

    public init(
        region: String, credentials: any CredentialProvider, transport: AWSHTTPTransport,
        endpoints: AWSEndpointResolver = .standard, accountId: String? = nil,
        policy: AWSOperationPolicy = .unrestricted, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.region = region
        self.accountId = accountId
        self.credentials = credentials
        self.transport = transport
        self.endpoints = endpoints
        self.policy = policy
        self.now = now
    }

    func context(_ service: AWSServiceDescriptor, _ operation: String) -> AWSCallContext {
        AWSCallContext(service: service.name, operation: operation, accountId: accountId, region: region)
    }

    // MARK: - Protocols

    /// A query-protocol call; returns the `{Action}Result` element.
    public func query(_ service: AWSServiceDescriptor, action: String, parameters: QueryParameters = QueryParameters()) async throws -> XMLNode {
        let context = context(service, action)
        let response = try await send(service, action) { endpoint in
            QueryCodec.request(service: service, action: action, parameters: parameters, endpoint: endpoint)
        } decodeError: { QueryCodec.errorDetails($0) }
        do throws(AWSClientError.Kind) {
            return try QueryCodec.result(of: response, action: action)
        } catch {
            throw context.error(error, status: response.status, requestId: response.requestIdHeader, attempts: 1)
        }
    }

    /// A json-protocol call with an `Encodable` input and a `Decodable` output.
    public func json<Input: Encodable & Sendable, Output: Decodable>(
        _ service: AWSServiceDescriptor, operation: String, input: Input, output: Output.Type = Output.self
    ) async throws -> Output {
        let context = context(service, operation)
        let body: [UInt8]
        do {
            body = Array(try JSONCodec.makeEncoder().encode(input))
        } catch {
            throw context.error(.invalidRequest("cannot encode the input: \(error)"), attempts: 0)
        }
        let response = try await send(service, operation) { (endpoint) throws(AWSClientError.Kind) in
            try JSONCodec.request(service: service, operation: operation, body: body, endpoint: endpoint)
        } decodeError: { JSONErrorDecoding.details($0) }
        do throws(AWSClientError.Kind) {
            return try JSONCodec.decode(Output.self, from: response.body)
        } catch {
            throw context.error(error, status: response.status, requestId: response.requestIdHeader, attempts: 1)
        }
    }

    /// A rest-json call; the output is decoded from the JSON body (`AWSEmptyOutput` for none).
    public func restJSON<Output: Decodable>(
        _ service: AWSServiceDescriptor, operation: String, request: RestJSONRequest, output: Output.Type = Output.self
    ) async throws -> Output {
        let context = context(service, operation)
        let response = try await send(service, operation) { (endpoint) throws(AWSClientError.Kind) in
            try RestJSONCodec.request(request, endpoint: endpoint)
        } decodeError: { JSONErrorDecoding.details($0) }
        do throws(AWSClientError.Kind) {
            return try JSONCodec.decode(Output.self, from: response.body)
        } catch {
            throw context.error(error, status: response.status, requestId: response.requestIdHeader, attempts: 1)
        }
    }

    // MARK: - Sending

    /// Checks the policy, resolves the endpoint, then lets the transport send the request that
    /// `encode` builds, signed afresh for each attempt.
    public func send(
        _ service: AWSServiceDescriptor, _ operation: String,
        encode: @escaping @Sendable (AWSEndpoint) throws(AWSClientError.Kind) -> AWSHTTPRequest,
        decodeError: @escaping @Sendable (AWSHTTPResponse) -> AWSErrorDetails
    ) async throws -> AWSHTTPResponse {
        let context = context(service, operation)
        guard policy.permits(service: service, operation: operation) else {
            throw context.error(.outsideBoundary("\(service.signingName):\(operation) is not allowed by the \(policy.name) policy of this client"),
                                attempts: 0)
        }
        let endpoint: AWSEndpoint
        do {
            endpoint = try endpoints.endpoint(for: service, region: region)
        } catch let error as AWSClientError {
            throw context.error(error.kind, attempts: 0)
        } catch {
            throw context.error(.invalidRequest("no endpoint: \(error)"), attempts: 0)
        }
        let unsigned: AWSHTTPRequest
        do throws(AWSClientError.Kind) {
            unsigned = try encode(endpoint)
        } catch {
            throw context.error(error, attempts: 0)
        }
        let signingRegion = service.signingRegion(for: region)
        let signingName = service.signingName
        let credentials = credentials
        let now = now
        return try await transport.send(context, build: { _ in
            let keys: AWSCredentials
            do {
                keys = try await credentials.credentials()
            } catch let error as AWSClientError {
                throw context.error(.credentials("\(credentials.providerName): \(error.description)"), attempts: 0)
            } catch {
                throw context.error(.credentials("\(error)"), attempts: 0)
            }
            return Self.sign(unsigned, credentials: keys, region: signingRegion, service: signingName, date: now())
        }, decodeError: decodeError)
    }

    /// Signs `request` in place of its headers: adds `X-Amz-Date`, the session token and
    /// `Authorization` (`VigilAWS.SigV4Signer`; the payload hash goes in `X-Amz-Content-Sha256`
    /// only for services that want it, none of ours).
    static func sign(_ request: AWSHTTPRequest, credentials: AWSCredentials, region: String, service: String, date: Date) -> AWSHTTPRequest {
        var signable = SignableRequest(method: request.method, rawPath: request.rawPath, rawQuery: request.rawQuery,
                                       headers: request.headers, body: request.body)
        SigV4Signer().sign(&signable, credentials: credentials.signing, region: region, service: service, date: date)
        var signed = request
        signed.headers = signable.headers
        return signed
    }
}
