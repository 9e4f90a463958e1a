import Foundation

/// AWS credentials for signing.
public struct SigV4Credentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

/// Signs requests with SigV4 header authentication, as botocore does for non-S3 services.
///
/// Signed headers: `host`, `content-type`, and every header whose name starts with `x-amz`
/// (so `x-amz-date`, `x-amz-security-token`, `x-amz-content-sha256` and modelled headers such as
/// `x-amzn-app-auth-flow`), each only when present. The request must already carry its `Host`
/// header (a request without one is signed without it, and AWS would refuse it).
/// The payload hash is `x-amz-content-sha256` when that header is set, else the request's
/// `payloadHash`.
public struct SigV4Signer: Sendable {
    public init() {}

    /// Whether the signer signs a header of this name.
    public static func signs(headerNamed name: String) -> Bool {
        let lower = ASCII.lowercased(name)
        return lower == "host" || lower == "content-type" || lower.hasPrefix("x-amz")
    }

    /// Replaces any `Authorization` and `X-Amz-Date` (and `X-Amz-Security-Token` when a session
    /// token is given), then appends `X-Amz-Date`, `X-Amz-Security-Token` (with a session token)
    /// and `Authorization`.
    public func sign(
        _ request: inout SignableRequest,
        credentials: SigV4Credentials,
        region: String,
        service: String,
        date: Date
    ) {
        let amzDate = AmzDate.format(date)
        let day = String(amzDate.prefix(8))
        request.removeHeaders("authorization")
        request.removeHeaders("x-amz-date")
        request.headers.append((name: "X-Amz-Date", value: amzDate))
        if let token = credentials.sessionToken {
            request.removeHeaders("x-amz-security-token")
            request.headers.append((name: "X-Amz-Security-Token", value: token))
        }

        var names: [String] = []
        for header in request.headers where Self.signs(headerNamed: header.name) {
            let lower = ASCII.lowercased(ASCII.trim(header.name))
            if !names.contains(lower) { names.append(lower) }
        }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }

        let payloadHash = request.firstHeader("x-amz-content-sha256").map(ASCII.trim)
            ?? request.payloadHash
        let scope = SigV4.credentialScope(date: day, region: region, service: service)
        let canonicalRequest = SigV4.canonicalRequest(request, signedHeaders: names, payloadHash: payloadHash)
        let stringToSign = SigV4.stringToSign(amzDate: amzDate, credentialScope: scope, canonicalRequest: canonicalRequest)
        let key = SigV4.signingKey(secretAccessKey: credentials.secretAccessKey, date: day, region: region, service: service)
        let signature = SigV4.signature(signingKey: key, stringToSign: stringToSign)
        let authorization = "\(SigV4.algorithm) Credential=\(credentials.accessKeyId)/\(scope), "
            + "SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)"
        request.headers.append((name: "Authorization", value: authorization))
    }
}
