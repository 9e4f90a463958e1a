import Foundation
import Testing
@testable import VigilAWSClients

@Suite("Codecs: XML, forms, timestamps, JSON errors, rest-json paths")
struct CodecTests {
    @Test func xmlTreeReadsElementsTextAndNamespaces() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <GetRoleResult><Role><RoleName>r&amp;d</RoleName><Tags><member><Key>a</Key><Value>1</Value></member>
              <member><Key>b</Key><Value/></member></Tags><Doc><![CDATA[{"x":1}]]></Doc></Role></GetRoleResult>
            </GetRoleResponse>
            """
        let root = try #require(XMLNode.parse(Array(xml.utf8)))
        #expect(root.name == "GetRoleResponse")
        let role = try #require(root["GetRoleResult", "Role"])
        #expect(role.string("RoleName") == "r&d")
        #expect(role.members("Tags").map { $0.string("Key") } == ["a", "b"])
        #expect(role.members("Tags").last?.string("Value") == "")
        #expect(role.string("Doc") == #"{"x":1}"#)
        #expect(role.string("Missing") == nil)
    }

    @Test func xmlRejectsMalformedAndTooDeepDocuments() {
        #expect(XMLNode.parse(Array("<a><b></a>".utf8)) == nil)
        #expect(XMLNode.parse(Array("not xml".utf8)) == nil)
        let deep = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
        #expect(XMLNode.parse(Array(deep.utf8), maxDepth: 64) == nil)
    }

    @Test func xmlDoesNotExpandExternalEntities() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>
            """
        // Either refused, or parsed without the file's contents.
        if let root = XMLNode.parse(Array(xml.utf8)) {
            #expect(!root.text.contains("root:"))
        }
    }

    @Test func queryBodyIsFormEncodedWithActionAndVersion() {
        var parameters = QueryParameters()
        parameters.set("RoleArn", "arn:aws:iam::111122223333:role/a b+c")
        parameters.set("DurationSeconds", 900)
        parameters.set("Flag", true)
        parameters.setKeyValueList("Tags", [(key: "vigil:agentSpaceId", value: "s/1")])
        parameters.setList("TransitiveTagKeys", ["k"])
        parameters.set("Absent", nil as String?)
        let request = QueryCodec.request(service: STSClient.service, action: "AssumeRole", parameters: parameters,
                                         endpoint: AWSEndpoint(host: "sts.us-east-1.amazonaws.com"))
        #expect(request.method == "POST")
        #expect(request.rawPath == "/")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(request.header("Host") == "sts.us-east-1.amazonaws.com")
        #expect(String(decoding: request.body, as: UTF8.self) == "Action=AssumeRole&Version=2011-06-15"
            + "&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fa%20b%2Bc&DurationSeconds=900&Flag=true"
            + "&Tags.member.1.Key=vigil%3AagentSpaceId&Tags.member.1.Value=s%2F1&TransitiveTagKeys.member.1=k")
    }

    @Test func queryErrorsInBothXMLShapes() {
        let iam = AWSHTTPResponse(status: 404, body: Array("""
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name x cannot be found.</Message></Error>
              <RequestId>4d5e7f1a-0000-4c3b-9e0e-1234567890ab</RequestId>
            </ErrorResponse>
            """.utf8))
        #expect(QueryCodec.errorDetails(iam) == AWSErrorDetails(
            code: "NoSuchEntity", message: "The role with name x cannot be found.", requestId: "4d5e7f1a-0000-4c3b-9e0e-1234567890ab"))

        let ec2 = AWSHTTPResponse(status: 503, body: Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>ec2-req-1</RequestID></Response>
            """.utf8))
        #expect(QueryCodec.errorDetails(ec2) == AWSErrorDetails(code: "RequestLimitExceeded", message: "Request limit exceeded.", requestId: "ec2-req-1"))

        let html = AWSHTTPResponse(status: 502, headers: [("x-amzn-RequestId", "hdr-1")], body: Array("<html><body>Bad gateway</body></html>".utf8))
        #expect(QueryCodec.errorDetails(html) == AWSErrorDetails(code: nil, message: nil, requestId: "hdr-1"))
    }

    @Test func queryResultNeedsTheActionsResponseElement() throws {
        let ok = AWSHTTPResponse(status: 200, body: Array("""
            <GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>
            """.utf8))
        #expect(try QueryCodec.result(of: ok, action: "GetCallerIdentity").string("Account") == "1")
        #expect(throws: AWSClientError.Kind.self) { try QueryCodec.result(of: ok, action: "GetRole") }
        let garbage = AWSHTTPResponse(status: 200, body: Array("{}".utf8))
        #expect(throws: AWSClientError.Kind.self) { try QueryCodec.result(of: garbage, action: "GetRole") }
    }

    @Test("JSON error codes as botocore reads them", arguments: [
        // DynamoDB (awsJson1_0): shape id with namespace.
        ([], #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#,
         "ResourceNotFoundException", "Requested resource not found"),
        // CloudWatch Logs (awsJson1_1): bare code.
        ([], #"{"__type":"ResourceNotFoundException","message":"The specified log group does not exist."}"#,
         "ResourceNotFoundException", "The specified log group does not exist."),
        // SQS (awsJson1_0, awsQueryCompatible): the query code from the header wins.
        ([("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")],
         #"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#,
         "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."),
        // Lambda (rest-json): header code, capitalised Message.
        ([("x-amzn-ErrorType", "ResourceNotFoundException")],
         #"{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"}"#,
         "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"),
        // rest-json header with the coral URL suffix.
        ([("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/")],
         #"{"message":"1 validation error detected"}"#, "ValidationException", "1 validation error detected"),
        // Body `code` only (API Gateway style).
        ([], #"{"code":"NotFoundException","message":"Invalid API identifier specified"}"#,
         "NotFoundException", "Invalid API identifier specified"),
    ] as [([(String, String)], String, String, String)])
    func jsonErrors(headers: [(String, String)], body: String, code: String, message: String) {
        let response = AWSHTTPResponse(status: 400, headers: headers + [("x-amzn-RequestId", "req-9")], body: Array(body.utf8))
        #expect(JSONErrorDecoding.details(response) == AWSErrorDetails(code: code, message: message, requestId: "req-9"))
    }

    @Test func jsonRequestCarriesTargetAndVersion() throws {
        let logs = AWSServiceDescriptor(name: "CloudWatchLogs", signingName: "logs", apiVersion: "2014-03-28",
                                        wireProtocol: .json(version: "1.1", targetPrefix: "Logs_20140328"))
        let request = try JSONCodec.request(service: logs, operation: "DescribeLogGroups", body: [],
                                            endpoint: AWSEndpoint(host: "logs.eu-west-1.amazonaws.com"))
        #expect(request.header("X-Amz-Target") == "Logs_20140328.DescribeLogGroups")
        #expect(request.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(request.body == Array("{}".utf8))
        #expect(throws: AWSClientError.Kind.self) {
            try JSONCodec.request(service: IAMClient.service, operation: "GetRole", body: [], endpoint: request.endpoint)
        }
    }

    @Test func restJSONPathLabelsAreEncoded() throws {
        #expect(try RestJSONCodec.expandPath("/2015-03-31/functions/{FunctionName}/configuration",
                                             labels: ["FunctionName": "arn:aws:lambda:us-east-1:1:function:f"])
            == "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/configuration")
        #expect(try RestJSONCodec.expandPath("/objects/{Key+}", labels: ["Key": "a b/c"]) == "/objects/a%20b/c")
        #expect(throws: AWSClientError.Kind.self) { try RestJSONCodec.expandPath("/x/{Name}", labels: [:]) }
        #expect(throws: AWSClientError.Kind.self) { try RestJSONCodec.expandPath("/x/{Name}", labels: ["Name": ""]) }
        let request = try RestJSONCodec.request(
            RestJSONRequest(method: "GET", path: "/2015-03-31/functions/{FunctionName}", labels: ["FunctionName": "f"],
                            query: [("Qualifier", "$LATEST"), ("Absent", nil)]),
            endpoint: AWSEndpoint(host: "lambda.us-east-1.amazonaws.com"))
        #expect(request.rawQuery == "Qualifier=%24LATEST")
        #expect(request.header("Content-Type") == nil)
    }

    @Test func timestamps() throws {
        let base = try #require(AWSTimestamp.parseISO8601("2026-11-27T04:48:44Z"))
        #expect(base.timeIntervalSince1970 == 1_795_754_924)
        let fraction = try #require(AWSTimestamp.parseISO8601("2026-11-27T04:48:44.537287Z"))
        #expect(abs(fraction.timeIntervalSince(base) - 0.537287) < 1e-5)
        #expect(AWSTimestamp.parseISO8601("2026-11-27T06:48:44+02:00") == base)
        #expect(AWSTimestamp.parseISO8601("2026-11-27T04:48:44") == nil)
        #expect(AWSTimestamp.parseISO8601("2026-02-30T04:48:44Z") == nil)
        #expect(AWSTimestamp.parseISO8601("yesterday") == nil)
    }

    @Test func policyDocumentsAreURLDecodedWithoutTurningPlusIntoSpace() {
        #expect(AWSPercentEncoding.decode("%7B%22a%22%3A%20%22b+c%22%7D") == #"{"a": "b+c"}"#)
        #expect(AWSPercentEncoding.decode("100%") == "100%")
    }

    @Test func roleARNs() throws {
        let arn = try #require(IAMRoleARN("arn:aws:iam::111122223333:role/service/vigil/Reader"))
        #expect(arn.accountId == "111122223333")
        #expect(arn.roleName == "Reader")
        #expect(arn.path == "/service/vigil/")
        #expect(IAMRoleARN("arn:aws:iam::111122223333:role/Reader")?.path == "/")
        for bad in ["arn:aws:iam::11112222333:role/R", "arn:aws:iam::111122223333:user/R", "arn:aws:sts::111122223333:role/R",
                    "arn:aws:iam:us-east-1:111122223333:role/R", "arn:aws:iam::111122223333:role/", "role/R",
                    "arn:aws:iam::111122223333:role//R", "arn:aws:iam::111122223333:role/a*b"] {
            #expect(IAMRoleARN(bad) == nil, "\(bad)")
        }
    }

    @Test func endpoints() throws {
        #expect(try AWSEndpoint(url: "http://127.0.0.1:5000/").origin == "http://127.0.0.1:5000")
        #expect(try AWSEndpoint(url: "https://example.com:443").hostHeader == "example.com")
        #expect(throws: AWSClientError.self) { try AWSEndpoint(url: "ftp://x") }
        #expect(throws: AWSClientError.self) { try AWSEndpoint(url: "http://x/path") }
        #expect(throws: AWSClientError.self) { try AWSEndpoint(url: "http://x:99999") }
        let standard = AWSEndpointResolver.standard
        #expect(try standard.endpoint(for: STSClient.service, region: "eu-west-1").host == "sts.eu-west-1.amazonaws.com")
        #expect(try standard.endpoint(for: IAMClient.service, region: "eu-west-1").host == "iam.amazonaws.com")
        #expect(try standard.endpoint(for: IAMClient.service, region: "cn-north-1").host == "iam.cn-north-1.amazonaws.com.cn")
        #expect(try standard.endpoint(for: STSClient.service, region: "cn-northwest-1").host == "sts.cn-northwest-1.amazonaws.com.cn")
        #expect(IAMClient.service.signingRegion(for: "eu-west-1") == "us-east-1")
        #expect(STSClient.service.signingRegion(for: "eu-west-1") == "eu-west-1")
    }

    @Test func retryDelaysUseFullJitterWithinTheCap() {
        struct Fixed: RandomNumberGenerator {
            var state: UInt64
            mutating func next() -> UInt64 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return state
            }
        }
        var generator = Fixed(state: 42)
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for retry in 1...10 {
            let ceiling = min(1.0, 0.1 * Double(1 << (retry - 1)))
            for _ in 0..<50 {
                let delay = policy.delay(beforeRetry: retry, using: &generator).seconds
                #expect(delay >= 0 && delay <= ceiling + 1e-9)
            }
        }
        #expect(RetryPolicy.isRetryable(code: "Throttling", status: 400))
        #expect(RetryPolicy.isRetryable(code: nil, status: 429))
        #expect(RetryPolicy.isRetryable(code: nil, status: 503))
        #expect(!RetryPolicy.isRetryable(code: "AccessDenied", status: 403))
        #expect(!RetryPolicy.isRetryable(code: nil, status: 501))
    }

    @Test func readOnlyPolicy() {
        let policy = AWSOperationPolicy.readOnly(additional: ["logs:StartQuery"])
        let logs = AWSServiceDescriptor(name: "Logs", signingName: "logs", apiVersion: "", wireProtocol: .json(version: "1.1", targetPrefix: "Logs_20140328"))
        #expect(policy.permits(service: IAMClient.service, operation: "GetRole"))
        #expect(policy.permits(service: IAMClient.service, operation: "ListRoles"))
        #expect(!policy.permits(service: IAMClient.service, operation: "CreateRole"))
        #expect(!policy.permits(service: IAMClient.service, operation: "PutRolePolicy"))
        #expect(policy.permits(service: STSClient.service, operation: "GetCallerIdentity"))
        #expect(!policy.permits(service: STSClient.service, operation: "AssumeRole"))
        #expect(!policy.permits(service: STSClient.service, operation: "GetSessionToken"))
        #expect(policy.permits(service: logs, operation: "StartQuery"))
        #expect(!policy.permits(service: IAMClient.service, operation: "StartQuery"))
    }

    @Test func errorDescriptionsSayWhereAndWhat() {
        let error = AWSClientError(.service(code: "NoSuchEntity", message: "Role x not found"), service: "IAM", operation: "GetRole",
                                   accountId: "111122223333", region: "us-east-1", httpStatus: 404, requestId: "r-1", attempts: 1)
        #expect(error.description == "IAM GetRole (account 111122223333, us-east-1) failed: NoSuchEntity: Role x not found [HTTP 404, request id r-1]")
        #expect(!error.wasRetried)
        let throttled = AWSClientError(.service(code: "Throttling", message: "Rate exceeded"), service: "STS", operation: "AssumeRole",
                                       region: "us-east-1", httpStatus: 400, attempts: 4)
        #expect(throttled.wasRetried && throttled.isThrottling)
        #expect(throttled.description.hasSuffix("[HTTP 400, after 4 attempts]"))
    }
}
