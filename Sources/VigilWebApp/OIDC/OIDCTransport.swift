import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// How the sign-in reaches the issuer: discovery, JWKS and token endpoint. Responses are capped
/// and time-limited; a transport failure becomes the OIDCError of the step that needed it.
public protocol OIDCTransport: Sendable {
    func get(_ url: String) async throws -> (status: Int, body: [UInt8])
    func postForm(_ url: String, headers: [(String, String)], body: String) async throws -> (status: Int, body: [UInt8])
}

/// The transport over the server's shared AsyncHTTPClient. `extraTrustRootsPEMFile` adds
/// certificate authorities to the system's for issuers behind a private CA
/// (`VIGIL_OIDC_CA_FILE`, docs/webapp-sign-in.md).
public struct HTTPClientOIDCTransport: OIDCTransport {
    let client: HTTPClient
    let tls: TLSConfiguration?
    let timeout: TimeAmount = .seconds(10)
    let maxBytes = 1 << 20

    public init(client: HTTPClient, extraTrustRootsPEMFile: String? = nil) throws {
        self.client = client
        if let file = extraTrustRootsPEMFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .default
            tls.additionalTrustRoots = [.file(file)]
            // Fail at start-up, not at the first sign-in, when the file is not a certificate.
            _ = try NIOSSLCertificate.fromPEMFile(file)
            self.tls = tls
        } else {
            tls = nil
        }
    }

    public func get(_ url: String) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        return try await execute(request)
    }

    public func postForm(_ url: String, headers: [(String, String)], body: String) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        return try await execute(request)
    }

    private func execute(_ original: HTTPClientRequest) async throws -> (status: Int, body: [UInt8]) {
        var request = original
        request.tlsConfiguration = tls
        let response = try await client.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: maxBytes)
        return (Int(response.status.code), Array(buffer.readableBytesView))
    }
}
