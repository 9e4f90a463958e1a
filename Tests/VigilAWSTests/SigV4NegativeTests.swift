import Foundation
import Testing
import VigilAWS

/// Variations of good captured requests: what must still verify, and what must fail and how.
@Suite("SigV4 verifier: tampering, scope, clock and malformed headers")
struct SigV4NegativeTests {
    let captures: [CapturedRequest]
    let verifier = SigV4Verifier(service: "aidevops")
    let credentials = SigV4Credentials(accessKeyId: Captures.accessKeyId, secretAccessKey: Captures.realSecret)

    init() throws {
        captures = try Captures.load()
    }

    /// POST /v1/agentspaces with a JSON body (content-type signed).
    var createAgentSpace: CapturedRequest {
        get throws { try #require(captures.first { $0.method == "POST" && $0.target == "/v1/agentspaces" && $0.signedWithRealSecret }) }
    }

    /// POST /v1/agentspaces/list?nextToken=tok2.
    var listWithQuery: CapturedRequest {
        get throws { try #require(captures.first { $0.target == "/v1/agentspaces/list?nextToken=tok2" }) }
    }

    /// DELETE /tags/arn%3A...?tagKeys=a&tagKeys=b.
    var untag: CapturedRequest {
        get throws { try #require(captures.first { $0.method == "DELETE" && $0.target.hasPrefix("/tags/") }) }
    }

    func check(
        _ request: SignableRequest, now: Date, secret: String = Captures.realSecret,
        verifier: SigV4Verifier? = nil
    ) -> SigV4Error? {
        let verifier = verifier ?? self.verifier
        return sigV4Error {
            let auth = try verifier.parse(request)
            try verifier.verify(request, authorization: auth, secretAccessKey: secret, now: now)
        }
    }

    /// A fresh request for `capture` signed by our signer with other parameters.
    func resign(
        _ capture: CapturedRequest, credentials: SigV4Credentials? = nil, region: String = "us-east-1",
        service: String = "aidevops", extraHeaders: [(name: String, value: String)] = []
    ) throws -> SignableRequest {
        var request = capture.request.removingHeader("Authorization").removingHeader("X-Amz-Date")
        request.headers += extraHeaders
        SigV4Signer().sign(&request, credentials: credentials ?? self.credentials, region: region, service: service,
                           date: try capture.amzDate)
        return request
    }

    // MARK: Tampering

    @Test func untouchedRequestVerifies() throws {
        for capture in [try createAgentSpace, try listWithQuery, try untag] {
            #expect(check(capture.request, now: try capture.amzDate) == nil, "\(capture)")
        }
    }

    @Test func tamperedBodyFails() throws {
        let capture = try createAgentSpace
        var request = capture.request
        let index = try #require(request.body.firstIndex(of: UInt8(ascii: "d")))
        request.body[index] = UInt8(ascii: "D")
        #expect(check(request, now: try capture.amzDate) == .signatureMismatch)
        request.body = capture.request.body + [0x20]
        #expect(check(request, now: try capture.amzDate) == .signatureMismatch)
        // The same body given as a precomputed hash verifies; a wrong hash does not.
        var hashed = capture.request
        hashed.body = []
        hashed.precomputedPayloadHash = SigV4.sha256Hex(capture.request.body)
        #expect(check(hashed, now: try capture.amzDate) == nil)
        hashed.precomputedPayloadHash = SigV4.emptyPayloadHash
        #expect(check(hashed, now: try capture.amzDate) == .signatureMismatch)
    }

    @Test func tamperedPathFails() throws {
        let capture = try createAgentSpace
        var request = capture.request
        request.rawPath = "/v1/agentspacez"
        #expect(check(request, now: try capture.amzDate) == .signatureMismatch)
        let tags = try untag
        var tagRequest = tags.request
        tagRequest.rawPath = tagRequest.rawPath.replacingOccurrences(of: "as-123", with: "as-124")
        #expect(check(tagRequest, now: try tags.amzDate) == .signatureMismatch)
        // Decoding the path on the way in (as a careless router would) breaks the signature.
        tagRequest.rawPath = tags.request.rawPath.removingPercentEncoding ?? ""
        #expect(check(tagRequest, now: try tags.amzDate) == .signatureMismatch)
    }

    @Test func tamperedQueryFails() throws {
        let capture = try listWithQuery
        let now = try capture.amzDate
        var request = capture.request
        request.rawQuery = "nextToken=tok3"
        #expect(check(request, now: now) == .signatureMismatch)
        request.rawQuery = "nextToken=tok2&maxResults=5"
        #expect(check(request, now: now) == .signatureMismatch)
        request.rawQuery = nil
        #expect(check(request, now: now) == .signatureMismatch)
        // Equivalent spellings of the same query still verify: order and escaping are canonicalized.
        let tags = try untag
        var reordered = tags.request
        reordered.rawQuery = "tagKeys=b&tagKeys=a"
        #expect(check(reordered, now: try tags.amzDate) == nil)
        reordered.rawQuery = "tagKeys=%61&tagKeys=b"
        #expect(check(reordered, now: try tags.amzDate) == nil)
        reordered.rawQuery = "tagKeys=a&tagKeys=c"
        #expect(check(reordered, now: try tags.amzDate) == .signatureMismatch)
    }

    @Test func extraOrChangedUnsignedHeadersStillVerify() throws {
        let capture = try createAgentSpace
        var request = capture.request
        request.headers.append(("X-Forwarded-For", "10.1.2.3"))
        request.headers.append(("amz-sdk-request", "attempt=2; max=5"))
        request = request.replacingHeader("User-Agent", with: "something else")
        #expect(check(request, now: try capture.amzDate) == nil)
    }

    @Test func changedSignedHeaderFails() throws {
        let capture = try createAgentSpace
        let now = try capture.amzDate
        #expect(check(capture.request.replacingHeader("Content-Type", with: "text/plain"), now: now) == .signatureMismatch)
        #expect(check(capture.request.replacingHeader("Host", with: "cp.127.0.0.1:18080"), now: now) == .signatureMismatch)
        // Whitespace inside a signed value is canonicalized away.
        #expect(check(capture.request.replacingHeader("Content-Type", with: "  application/json "), now: now) == nil)
    }

    @Test func removingSignedHeaderFails() throws {
        let capture = try createAgentSpace
        let error = check(capture.request.removingHeader("Content-Type"), now: try capture.amzDate)
        #expect(error == .incompleteSignature("Signed header 'content-type' is not present in the request."))
        #expect(error?.code == "IncompleteSignatureException")
        #expect(error?.httpStatus == 403)
    }

    @Test func hostMustBeSigned() throws {
        let capture = try listWithQuery
        var request = capture.request.removingHeader("Host").removingHeader("Authorization").removingHeader("X-Amz-Date")
        SigV4Signer().sign(&request, credentials: credentials, region: "us-east-1", service: "aidevops", date: try capture.amzDate)
        request.headers.append(("Host", "127.0.0.1:18080"))
        let error = check(request, now: try capture.amzDate)
        #expect(error == .incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."))
    }

    // MARK: Scope

    @Test func wrongServiceFails() throws {
        let capture = try createAgentSpace
        let request = try resign(capture, service: "execute-api")
        let error = check(request, now: try capture.amzDate)
        #expect(error == .invalidCredentialScope("Credential should be scoped to correct service: 'aidevops'."))
        #expect(error?.code == "InvalidSignatureException")
        #expect(error?.message == "Credential should be scoped to correct service: 'aidevops'.")
        #expect(error?.httpStatus == 403)
    }

    @Test func wrongRegionFailsOnlyWhenRegionsAreRestricted() throws {
        let capture = try createAgentSpace
        let now = try capture.amzDate
        let request = try resign(capture, region: "eu-west-3")
        #expect(check(request, now: now) == nil)
        let restricted = SigV4Verifier(service: "aidevops", allowedRegions: ["us-east-1", "us-west-2"])
        #expect(check(request, now: now, verifier: restricted)
            == .invalidCredentialScope("Credential should be scoped to a valid region, not 'eu-west-3'."))
        #expect(check(capture.request, now: now, verifier: restricted) == nil)
    }

    @Test func scopeDateMustMatchAmzDate() throws {
        let capture = try createAgentSpace
        let request = capture.request.replacingHeader("X-Amz-Date", with: "20261128T020617Z")
        let error = check(request, now: try capture.amzDate)
        #expect(error == .invalidCredentialScope(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'20261127' != '20261128', from '20261128T020617Z'."))
    }

    @Test func scopeTerminatorMustBeAws4Request() throws {
        let capture = try listWithQuery
        let header = try #require(capture.request.firstHeader("Authorization"))
        let request = capture.request.replacingHeader(
            "Authorization", with: header.replacingOccurrences(of: "aws4_request", with: "aws5_request"))
        #expect(check(request, now: try capture.amzDate) == .invalidCredentialScope(
            "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'."))
    }

    // MARK: Clock

    @Test func clockSkew() throws {
        let capture = try createAgentSpace   // X-Amz-Date 20261127T020617Z
        let signed = try capture.amzDate
        let request = capture.request
        #expect(check(request, now: signed.addingTimeInterval(240)) == nil)
        #expect(check(request, now: signed.addingTimeInterval(-240)) == nil)
        #expect(check(request, now: signed.addingTimeInterval(300)) == nil)
        #expect(check(request, now: signed.addingTimeInterval(-300)) == nil)
        #expect(check(request, now: signed.addingTimeInterval(360)) == .signatureExpired(
            "Signature expired: 20261127T020617Z is now earlier than 20261127T020717Z (20261127T021217Z - 5 min.)"))
        #expect(check(request, now: signed.addingTimeInterval(-360)) == .signatureNotYetCurrent(
            "Signature not yet current: 20261127T020617Z is still later than 20261127T020517Z (20261127T020017Z + 5 min.)"))
        let later = try #require(AmzDate.parse("20261127T031500Z"))
        let expired = check(request, now: later)
        #expect(expired?.message
            == "Signature expired: 20261127T020617Z is now earlier than 20261127T031000Z (20261127T031500Z - 5 min.)")
        #expect(expired?.code == "InvalidSignatureException")
        // The clock is checked before the signature: a wrong secret still reports the expiry.
        #expect(check(request, now: later, secret: "x") == expired)
        // A wider window accepts what the default refuses.
        let lenient = SigV4Verifier(service: "aidevops", maxClockSkew: 900)
        #expect(check(request, now: signed.addingTimeInterval(600), verifier: lenient) == nil)
    }

    // MARK: Malformed Authorization

    @Test func missingAuthorization() throws {
        let capture = try createAgentSpace
        let error = check(capture.request.removingHeader("Authorization"), now: try capture.amzDate)
        #expect(error == .missingAuthenticationToken)
        #expect(error?.code == "MissingAuthenticationTokenException")
        #expect(error?.message == "Missing Authentication Token")
        #expect(error?.httpStatus == 403)
        #expect(check(capture.request.replacingHeader("Authorization", with: "   "), now: try capture.amzDate)
            == .missingAuthenticationToken)
    }

    @Test(arguments: [
        ("Bearer abc.def", "Unsupported Authorization type 'Bearer'"),
        ("AWS AKIDEXAMPLE:c2lnbmF0dXJl", "Unsupported Authorization type 'AWS'"),
        ("AWS4-HMAC-SHA256", "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256"),
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/aidevops/aws4_request, SignedHeaders=host;x-amz-date",
         "Authorization header requires 'Signature' parameter. Authorization="),
        ("AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=00",
         "Authorization header requires 'Credential' parameter. Authorization="),
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/aidevops/aws4_request, Signature=00",
         "Authorization header requires 'SignedHeaders' parameter."),
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/aidevops/aws4_request, SignedHeaders, Signature=00",
         "'SignedHeaders' not a valid key=value pair (missing equal-sign) in Authorization header"),
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1, SignedHeaders=host;x-amz-date, Signature=00",
         "Credential should have the form '<access key id>/<YYYYMMDD>/<region>/<service>/aws4_request', not 'AKIDEXAMPLE/20261127/us-east-1'."),
        ("AWS4-HMAC-SHA256 Credential=/20261127/us-east-1/aidevops/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
         "Credential should have the form"),
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/aidevops/aws4_request, SignedHeaders=host;;x-amz-date, Signature=00",
         "SignedHeaders contains an empty header name"),
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/aidevops/aws4_request, SignedHeaders=x-amz-date, Signature=00",
         "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."),
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/aidevops/aws4_request, SignedHeaders=host;x-amz-date;x-missing, Signature=00",
         "Signed header 'x-missing' is not present in the request."),
    ])
    func malformedAuthorization(header: String, expectedMessage: String) throws {
        let capture = try listWithQuery
        let request = capture.request.replacingHeader("Authorization", with: header)
        let error = check(request, now: try capture.amzDate)
        guard case .incompleteSignature(let message)? = error else {
            Issue.record("expected IncompleteSignatureException for '\(header)', got \(String(describing: error))")
            return
        }
        #expect(message.contains(expectedMessage), "\(message)")
        #expect(error?.code == "IncompleteSignatureException")
        #expect(error?.httpStatus == 403)
    }

    @Test func missingOrMalformedAmzDate() throws {
        let capture = try listWithQuery
        let now = try capture.amzDate
        let missing = check(capture.request.removingHeader("X-Amz-Date"), now: now)
        guard case .incompleteSignature(let message)? = missing else {
            Issue.record("expected IncompleteSignatureException, got \(String(describing: missing))")
            return
        }
        #expect(message.contains("Authorization header requires existence of a 'X-Amz-Date' header."))
        #expect(!message.contains("'Credential' parameter"))

        let malformed = check(capture.request.replacingHeader("X-Amz-Date", with: "2026-11-27T02:06:17Z"), now: now)
        #expect(malformed == .incompleteSignature(
            "Date must be in ISO-8601 'basic format'. Got '2026-11-27T02:06:17Z'. See http://en.wikipedia.org/wiki/ISO_8601"))
        let impossible = check(capture.request.replacingHeader("X-Amz-Date", with: "20261131T020617Z"), now: now)
        #expect(impossible?.code == "IncompleteSignatureException")
    }

    @Test func authorizationLayoutVariantsStillVerify() throws {
        let capture = try createAgentSpace
        let now = try capture.amzDate
        let header = try #require(capture.request.firstHeader("Authorization"))
        // No spaces after the commas, parameters reordered, surrounding blanks, upper-case signature hex.
        let compact = header.replacingOccurrences(of: ", ", with: ",")
        #expect(check(capture.request.replacingHeader("Authorization", with: compact), now: now) == nil)
        let parts = header.dropFirst("AWS4-HMAC-SHA256 ".count).components(separatedBy: ", ")
        let reordered = "AWS4-HMAC-SHA256 " + parts.reversed().joined(separator: ", ")
        #expect(check(capture.request.replacingHeader("Authorization", with: "  " + reordered + " "), now: now) == nil)
        let signature = try #require(parts.last?.dropFirst("Signature=".count))
        let upper = header.replacingOccurrences(of: String(signature), with: signature.uppercased())
        #expect(check(capture.request.replacingHeader("Authorization", with: upper), now: now) == nil)
        // A signature one digit off fails.
        let last = signature.last == "0" ? "1" : "0"
        let offByOne = header.dropLast() + last
        #expect(check(capture.request.replacingHeader("Authorization", with: String(offByOne)), now: now) == .signatureMismatch)
        // A truncated signature fails as a mismatch too.
        #expect(check(capture.request.replacingHeader("Authorization", with: String(header.dropLast(2))), now: now) == .signatureMismatch)
    }

    // MARK: Session token, content hash, presigned, unknown key

    @Test func sessionTokenSignedAndPresent() throws {
        let capture = try createAgentSpace
        let now = try capture.amzDate
        let session = SigV4Credentials(
            accessKeyId: "ASIAEXAMPLE", secretAccessKey: Captures.realSecret, sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN==")
        let request = try resign(capture, credentials: session)
        #expect(request.firstHeader("X-Amz-Security-Token") == "FwoGZXIvYXdzEXAMPLETOKEN==")
        let auth = try verifier.parse(request)
        #expect(auth.accessKeyId == "ASIAEXAMPLE")
        #expect(auth.securityToken == "FwoGZXIvYXdzEXAMPLETOKEN==")
        #expect(auth.signedHeaders == ["content-type", "host", "x-amz-date", "x-amz-security-token"])
        #expect(check(request, now: now) == nil)
        #expect(check(request.replacingHeader("X-Amz-Security-Token", with: "other"), now: now) == .signatureMismatch)
        #expect(check(request.removingHeader("X-Amz-Security-Token"), now: now)
            == .incompleteSignature("Signed header 'x-amz-security-token' is not present in the request."))
    }

    @Test func contentSHA256Header() throws {
        let capture = try createAgentSpace
        let now = try capture.amzDate
        let bodyHash = SigV4.sha256Hex(capture.request.body)
        let good = try resign(capture, extraHeaders: [("x-amz-content-sha256", bodyHash)])
        #expect(try verifier.parse(good).signedHeaders.contains("x-amz-content-sha256"))
        #expect(check(good, now: now) == nil)
        let bad = try resign(capture, extraHeaders: [("x-amz-content-sha256", SigV4.emptyPayloadHash)])
        let error = check(bad, now: now)
        #expect(error == .contentSHA256Mismatch)
        #expect(error?.code == "XAmzContentSHA256Mismatch")
        #expect(error?.httpStatus == 400)
        let unsigned = try resign(capture, extraHeaders: [("x-amz-content-sha256", "UNSIGNED-PAYLOAD")])
        #expect(check(unsigned, now: now) == .contentSHA256Mismatch)
    }

    @Test func presignedURLsAreRefused() throws {
        let capture = try listWithQuery
        var request = capture.request.removingHeader("Authorization")
        request.rawQuery = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261127%2Fus-east-1%2Faidevops%2Faws4_request"
            + "&X-Amz-Date=20261127T020617Z&X-Amz-SignedHeaders=host&X-Amz-Signature=abcdef"
        let error = check(request, now: try capture.amzDate)
        #expect(error == .presignedURLNotSupported)
        #expect(error?.message.contains("Presigned URLs") == true)
        #expect(error?.code == "InvalidSignatureException")
        request.rawQuery = "x-amz-signature=abc"
        #expect(check(request, now: try capture.amzDate) == .presignedURLNotSupported)
    }

    @Test func unrecognizedClient() throws {
        let capture = try createAgentSpace
        let now = try capture.amzDate
        let error = sigV4Error {
            _ = try verifier.authenticate(capture.request, now: now) { _ in nil }
        }
        #expect(error == .unrecognizedClient)
        #expect(error?.code == "UnrecognizedClientException")
        #expect(error?.message == "The security token included in the request is invalid.")
        #expect(error?.httpStatus == 403)
        var seen: String?
        let auth = try verifier.authenticate(capture.request, now: now) { key in
            seen = key
            return key == "AKIDEXAMPLE" ? Captures.realSecret : nil
        }
        #expect(seen == "AKIDEXAMPLE")
        #expect(auth.accessKeyId == "AKIDEXAMPLE")
    }

    @Test func signatureMismatchMessage() {
        let error = SigV4Error.signatureMismatch
        #expect(error.code == "InvalidSignatureException")
        #expect(error.httpStatus == 403)
        #expect(error.message == "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
    }

    // MARK: Cache

    @Test func signingKeyCacheIsBoundedAndShared() throws {
        let capture = try createAgentSpace
        let now = try capture.amzDate
        let small = SigV4Verifier(service: "aidevops", signingKeyCacheCapacity: 2)
        for secret in ["s1", "s2", "s3"] {
            let request = try resign(capture, credentials: SigV4Credentials(accessKeyId: "AK", secretAccessKey: secret))
            #expect(check(request, now: now, secret: secret, verifier: small) == nil)
            // A cached key for another secret must never verify this one.
            #expect(check(request, now: now, secret: secret + "!", verifier: small) == .signatureMismatch)
        }
        #expect(small.cachedSigningKeyCount == 2)
        let copy = small
        #expect(check(capture.request, now: now, verifier: copy) == nil)
        #expect(small.cachedSigningKeyCount == 2)
        let uncached = SigV4Verifier(service: "aidevops", signingKeyCacheCapacity: 0)
        #expect(check(capture.request, now: now, verifier: uncached) == nil)
        #expect(uncached.cachedSigningKeyCount == 0)
    }

    @Test func concurrentVerification() async throws {
        let requests = captures.filter(\.signedWithRealSecret)
        let verifier = SigV4Verifier(service: "aidevops", signingKeyCacheCapacity: 4)
        let failures = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var failures = 0
                    for round in 0..<20 {
                        let capture = requests[(worker * 7 + round) % requests.count]
                        // Alternate secrets so the cache is written while others read it.
                        let secret = round % 3 == 0 ? "other-\(worker)" : Captures.realSecret
                        guard let now = AmzDate.parse(capture.request.firstHeader("X-Amz-Date") ?? "") else { return 1000 }
                        let error = sigV4Error {
                            let auth = try verifier.parse(capture.request)
                            try verifier.verify(capture.request, authorization: auth, secretAccessKey: secret, now: now)
                        }
                        let expected: SigV4Error? = secret == Captures.realSecret ? nil : .signatureMismatch
                        if error != expected { failures += 1 }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
        #expect(verifier.cachedSigningKeyCount <= 4)
    }
}
