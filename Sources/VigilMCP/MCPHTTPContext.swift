import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// What every HTTP exchange of one connection shares: the client, the TLS settings (certificate
/// verification always on, plus an optional CA bundle), the loopback rule and the logger.
struct MCPHTTPContext: Sendable {
    let client: HTTPClient
    let tls: TLSConfiguration?
    let allowLoopbackHTTP: Bool
    let logger: Logger

    init(client: HTTPClient, options: MCPClientOptions, logger: Logger) throws(MCPError) {
        self.client = client
        self.allowLoopbackHTTP = options.allowLoopbackHTTP
        self.logger = logger
        self.tls = try Self.tlsConfiguration(caBundlePath: options.caBundlePath)
    }

    /// Nil (the client's defaults, full verification) without a bundle; with one, full
    /// verification against the system roots plus the bundle's certificates.
    static func tlsConfiguration(caBundlePath: String?) throws(MCPError) -> TLSConfiguration? {
        guard let path = caBundlePath, !path.isEmpty else { return nil }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw MCPError(.endpointRefused, "The CA bundle \(path) could not be read as PEM certificates: \(error)")
        }
        guard !certificates.isEmpty else {
            throw MCPError(.endpointRefused, "The CA bundle \(path) holds no PEM certificate")
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        tls.additionalTrustRoots = [.certificates(certificates)]
        return tls
    }

    func request(_ url: URL, method: HTTPMethod, headers: [(String, String)], body: [UInt8]?) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        if let tls { request.tlsConfiguration = tls }
        return request
    }

    /// Sends and waits for the response head. Transport failures become `connectionFailed`
    /// naming the host (never headers or bodies, which may hold credentials).
    func execute(_ request: HTTPClientRequest, timeout: Duration) async throws -> HTTPClientResponse {
        do {
            return try await client.execute(request, timeout: .nanoseconds(Int64(timeout.nanosecondsClamped)), logger: logger)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw MCPError(.timeout, "No answer from \(Self.origin(request.url)) within \(timeout)")
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .cancelled {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw MCPError(.connectionFailed, "Could not reach \(Self.origin(request.url)): \(error)")
        }
    }

    /// Reads a whole body of at most `limit` bytes; more is `replyTooLarge`.
    static func collect(_ body: HTTPClientResponse.Body, limit: Int, what: String) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body {
            bytes.append(contentsOf: chunk.readableBytesView)
            if bytes.count > limit {
                throw MCPError(.replyTooLarge, "\(what) was larger than \(limit) bytes")
            }
        }
        return bytes
    }

    /// scheme://host:port, for messages.
    static func origin(_ url: String) -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else { return "the server" }
        return parsed.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }

    /// The media type of a Content-Type header, lower-cased, without parameters.
    static func mediaType(_ response: HTTPClientResponse) -> String {
        let raw = response.headers.first(name: "content-type") ?? ""
        return raw.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }
}

extension Duration {
    var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        if seconds >= Int64.max / 1_000_000_000 { return Int64.max }
        if seconds < 0 { return 0 }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
