import Foundation
import VigilAWS

/// Amazon S3, path-style (`/{bucket}/{key}`), for the few calls Vigil makes: `PutObject` (the
/// audit exporter, under its own policy) and `GetObject` (reading an object back). Keys are
/// restricted to unreserved characters and `/`, so they need no escaping and sign the same way
/// whatever the signer's path normalisation.
public struct S3Client: Sendable {
    public static let service = AWSServiceDescriptor(name: "S3", signingName: "s3", apiVersion: "2006-03-01", wireProtocol: .restJSON)

    public let client: AWSClient

    public init(_ client: AWSClient) {
        self.client = client
    }

    /// Bucket names as S3 accepts them today (3–63 lowercase letters, digits, dots and hyphens).
    public static func isValidBucket(_ name: String) -> Bool {
        (3...63).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") }
            && name.first.map { $0.isLetter || $0.isNumber } == true && name.last.map { $0.isLetter || $0.isNumber } == true
    }

    /// Keys Vigil writes: 1–1024 characters of `A-Z a-z 0-9 - _ . /`, not starting with `/`.
    public static func isValidKey(_ key: String) -> Bool {
        (1...1024).contains(key.count) && !key.hasPrefix("/")
            && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
    }

    /// Stores `body` at `bucket/key`, replacing any object there (so a retry overwrites).
    public func putObject(bucket: String, key: String, body: [UInt8], contentType: String) async throws {
        try Self.check(bucket: bucket, key: key, operation: "PutObject", region: client.region)
        _ = try await client.send(Self.service, "PutObject", encode: { endpoint in
            var request = AWSHTTPRequest(method: "PUT", endpoint: endpoint, rawPath: "/\(bucket)/\(key)",
                                         headers: [("Host", endpoint.hostHeader)], body: body)
            request.setHeader("Content-Type", contentType)
            request.setHeader("Content-Length", String(body.count))
            // S3 requires the payload hash as a header; the signer then signs with it.
            request.setHeader("x-amz-content-sha256", SigV4.sha256Hex(body))
            return request
        }, decodeError: Self.errorDetails)
    }

    /// The object's bytes.
    public func getObject(bucket: String, key: String) async throws -> [UInt8] {
        try Self.check(bucket: bucket, key: key, operation: "GetObject", region: client.region)
        let response = try await client.send(Self.service, "GetObject", encode: { endpoint in
            var request = AWSHTTPRequest(method: "GET", endpoint: endpoint, rawPath: "/\(bucket)/\(key)",
                                         headers: [("Host", endpoint.hostHeader)])
            request.setHeader("x-amz-content-sha256", SigV4.sha256Hex([]))
            return request
        }, decodeError: Self.errorDetails)
        return response.body
    }

    static func check(bucket: String, key: String, operation: String, region: String) throws {
        guard isValidBucket(bucket) else {
            throw AWSClientError(.invalidRequest("'\(bucket)' is not a valid S3 bucket name"), service: "S3", operation: operation)
        }
        guard isValidKey(key) else {
            throw AWSClientError(.invalidRequest("'\(key)' is not an S3 key Vigil writes (letters, digits, - _ . /)"), service: "S3", operation: operation)
        }
    }

    /// S3's XML error body: `<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>`.
    @Sendable static func errorDetails(_ response: AWSHTTPResponse) -> AWSErrorDetails {
        let text = String(decoding: response.body, as: UTF8.self)
        func element(_ name: String) -> String? {
            guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else {
                return nil
            }
            return String(text[open.upperBound..<close.lowerBound])
        }
        return AWSErrorDetails(code: element("Code") ?? (response.status == 404 ? "NoSuchKey" : nil), message: element("Message"),
                               requestId: element("RequestId") ?? response.requestIdHeader)
    }
}
