import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// SNS over HTTP: fetches signing certificates (cached by URL) and confirms subscriptions, only
/// from https SNS hosts on amazonaws.com, or from the configured test host.
public actor SNSHTTPHandling: SNSHandling {
    let client: HTTPClient
    let testHost: String?
    let logger: Logger
    private var certificates: [String: String] = [:]

    public init(client: HTTPClient, testHost: String?, logger: Logger) {
        self.client = client
        self.testHost = testHost
        self.logger = logger
    }

    public func verify(_ envelope: SNSEnvelope) async -> String? {
        guard let url = SNSSignature.allowedURL(envelope.signingCertURL, testHost: testHost) else {
            return "SigningCertURL is not an https SNS host on amazonaws.com"
        }
        let pem: String
        if let cached = certificates[url.absoluteString] {
            pem = cached
        } else {
            guard let fetched = await get(url) else { return "the signing certificate could not be fetched" }
            pem = fetched
            if certificates.count > 64 { certificates.removeAll() }
            certificates[url.absoluteString] = fetched
        }
        return SNSSignature.verify(envelope, certificatePEM: pem)
    }

    public func confirm(subscribeURL: String) async -> String? {
        guard let url = SNSSignature.allowedURL(subscribeURL, testHost: testHost) else {
            return "SubscribeURL is not an https SNS host on amazonaws.com"
        }
        return await get(url) == nil ? "the SubscribeURL did not answer 200" : nil
    }

    private func get(_ url: URL) async -> String? {
        do {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .GET
            let response = try await client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 256 * 1024)
            guard response.status == .ok else { return nil }
            return String(buffer: body)
        } catch {
            logger.warning("SNS request failed", metadata: ["url": "\(url.host ?? "")", "error": "\(error)"])
            return nil
        }
    }
}
