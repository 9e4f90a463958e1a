import Foundation
import Testing
import VigilAWS

/// Every request that awscli 1.45.11 / boto3 1.43.11 really sent, checked against the
/// verifier and reproduced by the signer.
@Suite("SigV4 against captured awscli/boto3 requests")
struct SigV4CaptureTests {
    let captures: [CapturedRequest]
    let verifier = SigV4Verifier(service: Captures.service, allowedRegions: [Captures.region])

    init() throws {
        captures = try Captures.load()
    }

    @Test("the capture file has the 63 requests it describes, 8 of them signed with 'x'")
    func captureInventory() {
        #expect(captures.count == 63)
        #expect(captures.filter { !$0.signedWithRealSecret }.count == 8)
        #expect(captures.filter { !$0.singleEncodingVerified && $0.signedWithRealSecret }.count == 3)
        #expect(captures.filter { $0.request.hasHeader("Authorization") }.count == captures.count)
    }

    @Test("requests signed with the real secret verify; the 8 signed with 'x' do not")
    func verifyWithRealSecret() throws {
        for capture in captures {
            let request = capture.request
            let now = try capture.amzDate
            let error = sigV4Error {
                let auth = try verifier.parse(request)
                try verifier.verify(request, authorization: auth, secretAccessKey: Captures.realSecret, now: now)
            }
            if capture.signedWithRealSecret {
                #expect(error == nil, "\(capture) should verify, got \(String(describing: error))")
            } else {
                #expect(error == .signatureMismatch, "\(capture) was signed with 'x' and must fail, got \(String(describing: error))")
            }
        }
    }

    @Test("with 'x' as the secret the outcome flips: only the 8 verify")
    func verifyWithWrongSecret() throws {
        for capture in captures {
            let request = capture.request
            let now = try capture.amzDate
            let error = sigV4Error {
                let auth = try verifier.parse(request)
                try verifier.verify(request, authorization: auth, secretAccessKey: Captures.wrongSecret, now: now)
            }
            if capture.signedWithRealSecret {
                #expect(error == .signatureMismatch, "\(capture) must not verify with 'x'")
            } else {
                #expect(error == nil, "\(capture) was signed with 'x' and should verify with it, got \(String(describing: error))")
            }
        }
    }

    @Test("parse reads the scope, signed headers and date of every capture")
    func parseFields() throws {
        for capture in captures {
            let auth = try verifier.parse(capture.request)
            #expect(auth.accessKeyId == "AKIDEXAMPLE")
            #expect(auth.date == "20261127")
            #expect(auth.region == "us-east-1")
            #expect(auth.service == "aidevops")
            #expect(auth.signedHeaders.contains("host") && auth.signedHeaders.contains("x-amz-date"))
            #expect(auth.signedHeaders.contains("content-type") == capture.request.hasHeader("Content-Type"))
            #expect(auth.signature.count == 64)
            #expect(auth.securityToken == nil)
            let amzDate = try capture.amzDate
            #expect(auth.amzDate == amzDate)
        }
    }

    @Test("the signer reproduces every captured Authorization header byte for byte")
    func signerReproducesCaptures() throws {
        let signer = SigV4Signer()
        for capture in captures {
            let original = capture.request
            var request = original.removingHeader("Authorization").removingHeader("X-Amz-Date")
            let secret = capture.signedWithRealSecret ? Captures.realSecret : Captures.wrongSecret
            signer.sign(
                &request,
                credentials: SigV4Credentials(accessKeyId: Captures.accessKeyId, secretAccessKey: secret),
                region: Captures.region, service: Captures.service, date: try capture.amzDate)
            #expect(request.firstHeader("Authorization") == original.firstHeader("Authorization"), "\(capture)")
            #expect(request.firstHeader("X-Amz-Date") == original.firstHeader("X-Amz-Date"), "\(capture)")
            #expect(request.headerValues("Authorization").count == 1)
        }
    }

    @Test("the /tags/{arn} requests need the double-encoded canonical path")
    func tagsPathIsDoubleEncoded() throws {
        let tags = captures.filter { $0.target.hasPrefix("/tags/") }
        #expect(tags.count == 3)
        for capture in tags {
            #expect(!capture.singleEncodingVerified)
            let uri = SigV4.canonicalURI(rawPath: capture.request.rawPath)
            #expect(uri.hasPrefix("/tags/arn%253Aaws%253Aaidevops%253Aus-east-1%253A123456789012%253A"), "\(uri)")
            #expect(uri.contains("%252F"))
            #expect(!uri.contains("%3A"))
        }
        let delete = try #require(tags.first { $0.method == "DELETE" })
        #expect(SigV4.canonicalQueryString(rawQuery: delete.request.rawQuery) == "tagKeys=a&tagKeys=b")
    }
}
