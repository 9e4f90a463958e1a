import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Sends one HTTP request once: no retries, no signing. The seam below `AWSHTTPTransport`,
/// so tests (and later a recorder) can stand in for the network.
public protocol HTTPExecutor: Sendable {
    /// Sends `request` and reads at most `maxBodyBytes` of the response body.
    ///
    /// Throws `HTTPExecutorError` for what the transport must tell apart; any other error is a
    /// connection failure.
    func execute(_ request: AWSHTTPRequest, timeout: Duration, maxBodyBytes: Int) async throws -> AWSHTTPResponse
}

public enum HTTPExecutorError: Error, Sendable, Equatable {
    case timedOut
    case bodyTooLarge(limit: Int)
    case invalidURL(String)
}

/// `HTTPExecutor` on async-http-client. It does not own the `HTTPClient`: whoever created the
/// client shuts it down (`try await client.shutdown()`), once, after the last call.
public struct AsyncHTTPClientExecutor: HTTPExecutor {
    public let client: HTTPClient

    public init(client: HTTPClient) {
        self.client = client
    }

    /// An `HTTPClient` configured for AWS calls: no redirects (AWS does not redirect reads, and a
    /// redirect would carry the signature elsewhere), connect timeout of 10 seconds.
    /// The caller owns it and must call `shutdown()`.
    public static func makeHTTPClient(connectTimeout: Duration = .seconds(10)) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(connectTimeout.nanoseconds))
        )
        configuration.decompression = .disabled
        // A refused connection fails the attempt at once; AWSHTTPTransport decides about retrying
        // (with backoff and within the deadline) instead of the pool retrying silently.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func execute(_ request: AWSHTTPRequest, timeout: Duration, maxBodyBytes: Int) async throws -> AWSHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            outgoing.body = .bytes(request.body)
        }
        let limit = maxBodyBytes
        let client = client
        let prepared = outgoing
        return try await withTimeout(timeout) {
            let response: HTTPClientResponse
            do {
                response = try await client.execute(prepared, timeout: .nanoseconds(timeout.nanoseconds))
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                throw HTTPExecutorError.timedOut
            } catch let error as HTTPClientError where error == .invalidURL {
                throw HTTPExecutorError.invalidURL(request.endpoint.origin)
            }
            if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > limit {
                throw HTTPExecutorError.bodyTooLarge(limit: limit)
            }
            let buffer: ByteBuffer
            do {
                buffer = try await response.body.collect(upTo: limit)
            } catch is NIOTooManyBytesError {
                throw HTTPExecutorError.bodyTooLarge(limit: limit)
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                throw HTTPExecutorError.timedOut
            }
            return AWSHTTPResponse(
                status: Int(response.status.code),
                headers: response.headers.map { (name: $0.name, value: $0.value) },
                body: Array(buffer.readableBytesView)
            )
        }
    }
}

extension Duration {
    /// Whole nanoseconds, saturating at `Int64.max`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        let (total, overflow2) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? Int64.max : total
    }

    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
