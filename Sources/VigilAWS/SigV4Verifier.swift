import Foundation

/// Verifies SigV4 header authentication (`Authorization: AWS4-HMAC-SHA256 ...`).
///
/// Use in two steps so that the access key can be looked up in between:
/// ```swift
/// let auth = try verifier.parse(request)                  // syntax, scope, signed headers
/// guard let secret = lookUp(auth.accessKeyId) else { throw SigV4Error.unrecognizedClient }
/// try verifier.verify(request, authorization: auth, secretAccessKey: secret, now: Date())
/// ```
/// Derived signing keys are cached (bounded, thread-safe), so copies of a verifier share one
/// cache and a verification costs a few hashes of the request.
public struct SigV4Verifier: Sendable {
    public let service: String
    /// Regions accepted in the credential scope; nil accepts any region.
    public let allowedRegions: Set<String>?
    /// How far `X-Amz-Date` may be from `now`, either way, in seconds.
    public let maxClockSkew: TimeInterval
    private let cache: SigningKeyCache

    /// - Parameter signingKeyCacheCapacity: how many derived signing keys to keep (0 disables
    ///   the cache).
    public init(
        service: String,
        allowedRegions: Set<String>? = nil,
        maxClockSkew: TimeInterval = 300,
        signingKeyCacheCapacity: Int = 1024
    ) {
        self.service = service
        self.allowedRegions = allowedRegions
        self.maxClockSkew = maxClockSkew
        self.cache = SigningKeyCache(capacity: signingKeyCacheCapacity)
    }

    /// Number of signing keys currently cached.
    public var cachedSigningKeyCount: Int { cache.count }

    // MARK: - Parse

    /// Reads and checks everything that needs no secret: the Authorization header's syntax,
    /// `X-Amz-Date`, the credential scope (service, allowed region, terminator, date), that
    /// `host` is signed and that every signed header is present.
    public func parse(_ request: SignableRequest) throws(SigV4Error) -> SigV4Authorization {
        if Self.isPresigned(request.rawQuery) {
            throw .presignedURLNotSupported
        }
        guard let header = request.firstHeader("authorization"), !ASCII.trim(header.utf8).isEmpty else {
            throw .missingAuthenticationToken
        }
        let parameters = try AuthorizationHeaderParameters.parse(header)
        let amzDateValue = request.firstHeader("x-amz-date").map(ASCII.trim)

        var missing: [String] = []
        if parameters.credential?.isEmpty ?? true {
            missing.append("Authorization header requires 'Credential' parameter.")
        }
        if parameters.signature?.isEmpty ?? true {
            missing.append("Authorization header requires 'Signature' parameter.")
        }
        if parameters.signedHeaders?.isEmpty ?? true {
            missing.append("Authorization header requires 'SignedHeaders' parameter.")
        }
        if amzDateValue?.isEmpty ?? true {
            missing.append("Authorization header requires existence of a 'X-Amz-Date' header.")
        }
        guard missing.isEmpty,
              let credential = parameters.credential,
              let signature = parameters.signature,
              let signedHeadersValue = parameters.signedHeaders,
              let amzDateString = amzDateValue
        else {
            throw .incompleteSignature((missing + ["Authorization=\(header)"]).joined(separator: " "))
        }

        // Credential=AKID/YYYYMMDD/region/service/aws4_request
        let scope = credential.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard scope.count == 5, scope.allSatisfy({ !$0.isEmpty }) else {
            throw .incompleteSignature(
                "Credential should have the form '<access key id>/<YYYYMMDD>/<region>/<service>/aws4_request', "
                    + "not '\(credential)'.")
        }
        let accessKeyId = scope[0]
        let scopeDate = scope[1]
        let region = scope[2]
        let scopeService = scope[3]
        let terminator = scope[4]

        // SignedHeaders=content-type;host;x-amz-date
        let signedHeaders = signedHeadersValue.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
            .map { String(decoding: ASCII.trim($0).map(ASCII.lower), as: UTF8.self) }
        if signedHeaders.contains(where: \.isEmpty) {
            throw .incompleteSignature("SignedHeaders contains an empty header name: '\(signedHeadersValue)'.")
        }
        guard signedHeaders.contains("host") else {
            throw .incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }

        guard let amzDate = AmzDate.parse(amzDateString) else {
            throw .incompleteSignature(
                "Date must be in ISO-8601 'basic format'. Got '\(amzDateString)'. See http://en.wikipedia.org/wiki/ISO_8601")
        }

        guard terminator == SigV4.scopeTerminator else {
            throw .invalidCredentialScope(
                "Credential should be scoped with a valid terminator: 'aws4_request', not '\(terminator)'.")
        }
        guard scopeService == service else {
            throw .invalidCredentialScope("Credential should be scoped to correct service: '\(service)'.")
        }
        if let allowedRegions, !allowedRegions.contains(region) {
            throw .invalidCredentialScope("Credential should be scoped to a valid region, not '\(region)'.")
        }
        let amzDay = String(amzDateString.prefix(8))
        guard scopeDate == amzDay else {
            throw .invalidCredentialScope(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'\(scopeDate)' != '\(amzDay)', from '\(amzDateString)'.")
        }

        for name in signedHeaders where !request.hasHeader(name) {
            throw .incompleteSignature("Signed header '\(name)' is not present in the request.")
        }

        return SigV4Authorization(
            accessKeyId: accessKeyId, date: scopeDate, region: region, service: scopeService,
            signedHeaders: signedHeaders, signature: signature, amzDate: amzDate,
            amzDateString: amzDateString, securityToken: request.firstHeader("x-amz-security-token"))
    }

    // MARK: - Verify

    /// Checks the clock skew, `x-amz-content-sha256` when sent, and the signature itself
    /// (compared in constant time). `authorization` must come from `parse(request)`.
    public func verify(
        _ request: SignableRequest,
        authorization: SigV4Authorization,
        secretAccessKey: String,
        now: Date
    ) throws(SigV4Error) {
        try checkClock(authorization, now: now)

        var payloadHash = request.payloadHash
        if let declared = request.firstHeader("x-amz-content-sha256").map(ASCII.trim) {
            guard ASCII.caseInsensitiveEquals(declared, payloadHash) else {
                throw .contentSHA256Mismatch
            }
            payloadHash = declared
        }

        let canonicalRequest = SigV4.canonicalRequestBytes(
            request, signedHeaders: authorization.signedHeaders, payloadHash: payloadHash)
        let stringToSign = SigV4.stringToSignBytes(
            amzDate: authorization.amzDateString,
            credentialScope: authorization.credentialScope,
            canonicalRequest: canonicalRequest)
        let keyed = cache.keyedHMAC(
            secretAccessKey: secretAccessKey, date: authorization.date,
            region: authorization.region, service: authorization.service)
        let expected = SigV4.signatureBytes(keyed, stringToSign: stringToSign)
        guard Hex.constantTimeEquals(expected, authorization.signature.utf8.lazy.map(ASCII.lower)) else {
            throw .signatureMismatch
        }
    }

    /// `parse`, then the secret lookup (nil answers `unrecognizedClient`), then `verify`.
    public func authenticate(
        _ request: SignableRequest,
        now: Date,
        secretForAccessKeyId: (String) -> String?
    ) throws(SigV4Error) -> SigV4Authorization {
        let authorization = try parse(request)
        guard let secret = secretForAccessKeyId(authorization.accessKeyId) else {
            throw .unrecognizedClient
        }
        try verify(request, authorization: authorization, secretAccessKey: secret, now: now)
        return authorization
    }

    private func checkClock(_ authorization: SigV4Authorization, now: Date) throws(SigV4Error) {
        let nowSeconds = now.timeIntervalSince1970.rounded(.down)
        let signed = authorization.amzDate.timeIntervalSince1970
        let skewText = Self.describeSkew(maxClockSkew)
        let nowText = AmzDate.format(Date(timeIntervalSince1970: nowSeconds))
        if signed < nowSeconds - maxClockSkew {
            let earliest = AmzDate.format(Date(timeIntervalSince1970: nowSeconds - maxClockSkew))
            throw .signatureExpired(
                "Signature expired: \(authorization.amzDateString) is now earlier than \(earliest) (\(nowText) - \(skewText))")
        }
        if signed > nowSeconds + maxClockSkew {
            let latest = AmzDate.format(Date(timeIntervalSince1970: nowSeconds + maxClockSkew))
            throw .signatureNotYetCurrent(
                "Signature not yet current: \(authorization.amzDateString) is still later than \(latest) (\(nowText) + \(skewText))")
        }
    }

    private static func describeSkew(_ skew: TimeInterval) -> String {
        let seconds = Int(skew.rounded())
        return seconds % 60 == 0 ? "\(seconds / 60) min." : "\(seconds) sec."
    }

    /// True when the query holds `X-Amz-Signature` or `X-Amz-Algorithm` (query authentication).
    static func isPresigned(_ rawQuery: String?) -> Bool {
        guard let rawQuery, !rawQuery.isEmpty else { return false }
        for piece in rawQuery.utf8.split(separator: UInt8(ascii: "&")) {
            let keyBytes = piece.prefix { $0 != UInt8(ascii: "=") }
            let key = String(decoding: PercentEncoding.decode(ArraySlice(keyBytes)), as: UTF8.self)
            if ASCII.caseInsensitiveEquals(key, "X-Amz-Signature") || ASCII.caseInsensitiveEquals(key, "X-Amz-Algorithm") {
                return true
            }
        }
        return false
    }
}
