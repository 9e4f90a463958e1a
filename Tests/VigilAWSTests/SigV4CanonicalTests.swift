import Foundation
import Testing
import VigilAWS

@Suite("SigV4 canonical pieces")
struct SigV4CanonicalTests {
    @Test(arguments: [
        ("", "/"),
        ("/", "/"),
        ("/v1/agentspaces", "/v1/agentspaces"),
        ("/v1/agentspaces/", "/v1/agentspaces/"),
        ("/tags/arn%3Aaws%3Aaidevops%3Aus-east-1%3A123456789012%3Aagentspace%2Fas-123",
         "/tags/arn%253Aaws%253Aaidevops%253Aus-east-1%253A123456789012%253Aagentspace%252Fas-123"),
        ("/a b/ü", "/a%20b/%C3%BC"),
        ("/~user/file.name-x_y", "/~user/file.name-x_y"),
        ("/a=b+c@d:e", "/a%3Db%2Bc%40d%3Ae"),
        ("/a//b/./c/../d/", "/a/b/d/"),
        ("//", "/"),
        ("/..", "/"),
        ("/.hidden/x", "/.hidden/x"),
    ])
    func canonicalURI(raw: String, expected: String) {
        #expect(SigV4.canonicalURI(rawPath: raw) == expected)
    }

    @Test(arguments: [
        (nil, ""),
        ("", ""),
        ("nextToken=tok2", "nextToken=tok2"),
        ("b=2&a=1&a=0", "a=0&a=1&b=2"),
        ("a=&b", "a=&b="),
        ("a", "a="),
        ("a=1&&b=2&", "a=1&b=2"),
        ("k=%7e%20+x", "k=~%20%2Bx"),
        ("k=a%2fb/c", "k=a%2Fb%2Fc"),
        ("filterServiceTypes=github%2Cslack", "filterServiceTypes=github%2Cslack"),
        ("tagKeys=b&tagKeys=a", "tagKeys=a&tagKeys=b"),
        ("B=1&a=1&_=1", "B=1&_=1&a=1"),
        ("a%3Db=1=2", "a%3Db=1%3D2"),
        ("x=%zz%4", "x=%25zz%254"),
        ("q=caf%C3%A9", "q=caf%C3%A9"),
        ("q=café", "q=caf%C3%A9"),
    ] as [(String?, String)])
    func canonicalQuery(raw: String?, expected: String) {
        #expect(SigV4.canonicalQueryString(rawQuery: raw) == expected)
    }

    @Test func canonicalHeaderValues() {
        #expect(SigV4.canonicalHeaderValue(["  a   b \t c  "]) == "a b c")
        #expect(SigV4.canonicalHeaderValue(["x", " y "]) == "x,y")
        #expect(SigV4.canonicalHeaderValue([""]) == "")
        #expect(SigV4.canonicalHeaderValue(["application/json"]) == "application/json")
    }

    @Test func canonicalRequestLayout() {
        let request = SignableRequest(
            method: "POST", target: "/v1/agentspaces/list?nextToken=tok2",
            headers: [("Host", "127.0.0.1:18080"), ("X-Amz-Date", "20261127T020617Z"), ("User-Agent", "ua")],
            body: [])
        let canonical = SigV4.canonicalRequest(request, signedHeaders: ["host", "x-amz-date"], payloadHash: SigV4.emptyPayloadHash)
        #expect(canonical == """
            POST
            /v1/agentspaces/list
            nextToken=tok2
            host:127.0.0.1:18080
            x-amz-date:20261127T020617Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        let sts = SigV4.stringToSign(
            amzDate: "20261127T020617Z",
            credentialScope: SigV4.credentialScope(date: "20261127", region: "us-east-1", service: "aidevops"),
            canonicalRequest: canonical)
        #expect(sts.hasPrefix("AWS4-HMAC-SHA256\n20261127T020617Z\n20261127/us-east-1/aidevops/aws4_request\n"))
        #expect(sts.split(separator: "\n").last?.count == 64)
    }

    /// The AWS SigV4 test suite's "get-vanilla" case (also what botocore produces).
    @Test func awsTestSuiteGetVanilla() throws {
        var request = SignableRequest(method: "GET", rawPath: "/", headers: [("Host", "example.amazonaws.com")])
        let date = try #require(AmzDate.parse("20150830T123600Z"))
        SigV4Signer().sign(
            &request,
            credentials: SigV4Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1", service: "service", date: date)
        #expect(request.firstHeader("Authorization") == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        // The signing key of the AWS documentation example.
        let key = SigV4.signingKey(secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", date: "20150830", region: "us-east-1", service: "iam")
        let keyHex = key.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
        #expect(keyHex == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
    }

    @Test func signerPicksHeadersAndReplacesOldSignature() throws {
        var request = SignableRequest(
            method: "DELETE", target: "/v1/agentspaces/as-123/operator",
            headers: [
                ("Host", "127.0.0.1:18080"), ("Accept-Encoding", "identity"), ("User-Agent", "ua"),
                ("x-amzn-app-auth-flow", "idc"), ("amz-sdk-request", "attempt=1"), ("Content-Length", "0"),
                ("Authorization", "stale"), ("X-Amz-Date", "stale"),
            ])
        let date = try #require(AmzDate.parse("20261127T020626Z"))
        SigV4Signer().sign(&request, credentials: SigV4Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                           region: "us-east-1", service: "aidevops", date: date)
        #expect(request.headerValues("Authorization").count == 1)
        #expect(request.headerValues("X-Amz-Date") == ["20261127T020626Z"])
        // Same request as the captured disable-operator-app call.
        #expect(request.firstHeader("Authorization") == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/aidevops/aws4_request, SignedHeaders=host;x-amz-date;x-amzn-app-auth-flow, Signature=5304fb455c3cb567f1e3d1bcdaa96cfb3f783409ba2b53e297c36ec87370c6f0")
        #expect(SigV4Signer.signs(headerNamed: "X-Amz-Security-Token"))
        #expect(SigV4Signer.signs(headerNamed: "Content-Type"))
        #expect(!SigV4Signer.signs(headerNamed: "amz-sdk-invocation-id"))
        #expect(!SigV4Signer.signs(headerNamed: "Content-Length"))
    }

    @Test func amzDateParsingAndFormatting() throws {
        let date = try #require(AmzDate.parse("20261127T020617Z"))
        #expect(date.timeIntervalSince1970 == 1_795_745_177)
        #expect(AmzDate.format(date) == "20261127T020617Z")
        #expect(AmzDate.format(date.addingTimeInterval(0.999)) == "20261127T020617Z")
        #expect(AmzDate.format(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
        #expect(AmzDate.parse("20240229T235959Z") != nil)
        #expect(AmzDate.format(try #require(AmzDate.parse("20240229T235959Z")).addingTimeInterval(1)) == "20240301T000000Z")
        for bad in ["20250229T000000Z", "20261131T000000Z", "20261301T000000Z", "20261127T240000Z", "20261127T236000Z",
                    "20261127T020617", "2026-11-27T02:06:17Z", "20261127t020617z", "2026112702061Z7", "", "20261127T02061xZ"] {
            #expect(AmzDate.parse(bad) == nil, "\(bad)")
        }
    }
}
