import Foundation
import Testing
@testable import VigilAWSClients

/// The json and rest-json protocols end to end against recorded AWS answers (moto is not needed:
/// our services on these protocols arrive with the topology work, so fictional descriptors of
/// CloudWatch Logs, DynamoDB and Lambda stand in for them here).
@Suite("Protocols: json and rest-json against recorded answers")
struct ProtocolTests {
    static let logs = AWSServiceDescriptor(name: "CloudWatchLogs", signingName: "logs", apiVersion: "2014-03-28",
                                           wireProtocol: .json(version: "1.1", targetPrefix: "Logs_20140328"))
    static let dynamodb = AWSServiceDescriptor(name: "DynamoDB", signingName: "dynamodb", apiVersion: "2012-08-10",
                                               wireProtocol: .json(version: "1.0", targetPrefix: "DynamoDB_20120810"))
    static let lambda = AWSServiceDescriptor(name: "Lambda", signingName: "lambda", apiVersion: "2015-03-31", wireProtocol: .restJSON)

    struct DescribeLogGroupsInput: Encodable, Sendable {
        var logGroupNamePrefix: String?
        var limit: Int?
    }

    struct DescribeLogGroupsOutput: Decodable, Sendable {
        struct LogGroup: Decodable, Sendable {
            var logGroupName: String
            var creationTime: Int64
            var arn: String
        }
        var logGroups: [LogGroup]
        var nextToken: String?
    }

    struct FunctionConfiguration: Decodable, Sendable {
        var FunctionName: String
        var Runtime: String?
        var Environment: Environment?
        var LastModified: String?
        struct Environment: Decodable, Sendable {
            var Variables: [String: String]
        }
    }

    static func client(_ server: LocalHTTPServer, _ http: AsyncHTTPClientExecutor) -> AWSClient {
        AWSClient(region: "us-east-1", credentials: testCredentials, transport: makeTransport(http),
                  endpoints: .override(server.endpoint), accountId: "123456789012")
    }

    @Test func jsonCallAndPagination() async throws {
        let server = try LocalHTTPServer { request, _ in
            let first = !request.bodyText.contains("nextToken")
            let body = first
                ? #"{"logGroups":[{"arn":"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/a:*","creationTime":1764201600000,"logGroupName":"/aws/lambda/a","metricFilterCount":0,"storedBytes":0}],"nextToken":"tok-2"}"#
                : #"{"logGroups":[{"arn":"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/b:*","creationTime":1764201600001,"logGroupName":"/aws/lambda/b"}]}"#
            return .init(status: 200, headers: [("x-amzn-RequestId", "logs-1"), ("Content-Type", "application/x-amz-json-1.1")], body: body)
        }
        defer { server.stop() }
        let names = try await withHTTPClient { http in
            let aws = Self.client(server, AsyncHTTPClientExecutor(client: http))
            struct Input: Encodable, Sendable { var logGroupNamePrefix: String; var nextToken: String? }
            let pages = AWSPaginator<String> { token in
                let output = try await aws.json(Self.logs, operation: "DescribeLogGroups",
                                                input: Input(logGroupNamePrefix: "/aws/lambda/", nextToken: token),
                                                output: DescribeLogGroupsOutput.self)
                return AWSPage(items: output.logGroups.map(\.logGroupName), nextToken: output.nextToken)
            }
            return try await pages.all()
        }
        #expect(names == ["/aws/lambda/a", "/aws/lambda/b"])
        let requests = server.requests
        #expect(requests.count == 2)
        let first = try #require(requests.first)
        #expect(first.method == "POST" && first.path == "/")
        #expect(first.header("X-Amz-Target") == "Logs_20140328.DescribeLogGroups")
        #expect(first.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(first.bodyText == #"{"logGroupNamePrefix":"\/aws\/lambda\/"}"# || first.bodyText == #"{"logGroupNamePrefix":"/aws/lambda/"}"#)
        #expect(requests.last?.bodyText.contains(#""nextToken":"tok-2""#) == true)
        #expect(try botocoreSignatureMismatch(first, secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY") == nil)
    }

    @Test("json errors: code, message, status, request id", arguments: [
        (logs, 400, [("x-amzn-RequestId", "e-1")],
         #"{"__type":"ResourceNotFoundException","message":"The specified log group does not exist."}"#,
         "ResourceNotFoundException", "The specified log group does not exist.", 1),
        (dynamodb, 400, [("x-amzn-RequestId", "e-2")],
         #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found: Table: t not found"}"#,
         "ResourceNotFoundException", "Requested resource not found: Table: t not found", 1),
        (dynamodb, 400, [("x-amzn-RequestId", "e-3")],
         #"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"The level of configured provisioned throughput for the table was exceeded."}"#,
         "ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded.", 4),
        (logs, 400, [("x-amzn-RequestId", "e-4")],
         #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#, "ThrottlingException", "Rate exceeded", 4),
    ] as [(AWSServiceDescriptor, Int, [(String, String)], String, String, String, Int)])
    func jsonErrors(service: AWSServiceDescriptor, status: Int, headers: [(String, String)], body: String,
                    code: String, message: String, attempts: Int) async throws {
        let server = try LocalHTTPServer { _, _ in .init(status: status, headers: headers, body: body) }
        defer { server.stop() }
        let error = try await withHTTPClient { http in
            let aws = Self.client(server, AsyncHTTPClientExecutor(client: http))
            return await expectAWSError {
                try await aws.json(service, operation: "Describe", input: AWSEmptyInput(), output: AWSEmptyOutput.self)
            }
        }
        #expect(error?.code == code)
        #expect(error?.message == message)
        #expect(error?.httpStatus == status)
        #expect(error?.requestId == headers.first?.1)
        #expect(error?.attempts == attempts)
        #expect(error?.service == service.name)
    }

    @Test func restJSONCallEncodesPathAndQueryAndSignsLikeBotocore() async throws {
        let server = try LocalHTTPServer { _, _ in
            .init(status: 200, headers: [("x-amzn-RequestId", "lam-1"), ("Content-Type", "application/json")], body: """
                {"FunctionName":"orders","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:orders","Runtime":"python3.12",\
                "Environment":{"Variables":{"DB_HOST":"orders.cluster-abc.us-east-1.rds.amazonaws.com"}},"LastModified":"2026-11-20T10:00:00.000+0000"}
                """)
        }
        defer { server.stop() }
        let function = try await withHTTPClient { http in
            let aws = Self.client(server, AsyncHTTPClientExecutor(client: http))
            return try await aws.restJSON(Self.lambda, operation: "GetFunctionConfiguration", request: RestJSONRequest(
                method: "GET", path: "/2015-03-31/functions/{FunctionName}/configuration",
                labels: ["FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:orders"], query: [("Qualifier", "$LATEST")]),
                output: FunctionConfiguration.self)
        }
        #expect(function.FunctionName == "orders")
        #expect(function.Environment?.Variables["DB_HOST"] == "orders.cluster-abc.us-east-1.rds.amazonaws.com")
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.target == "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aorders/configuration?Qualifier=%24LATEST")
        #expect(try botocoreSignatureMismatch(request, secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY") == nil)
    }

    @Test func restJSONErrors() async throws {
        let server = try LocalHTTPServer { _, _ in
            .init(status: 404, headers: [("x-amzn-RequestId", "lam-404"), ("x-amzn-ErrorType", "ResourceNotFoundException"),
                                         ("Content-Type", "application/json")],
                  body: #"{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"}"#)
        }
        defer { server.stop() }
        let error = try await withHTTPClient { http in
            let aws = Self.client(server, AsyncHTTPClientExecutor(client: http))
            return await expectAWSError {
                try await aws.restJSON(Self.lambda, operation: "GetFunction", request: RestJSONRequest(
                    method: "GET", path: "/2015-03-31/functions/{FunctionName}", labels: ["FunctionName": "nope"]),
                    output: AWSEmptyOutput.self)
            }
        }
        #expect(error?.code == "ResourceNotFoundException")
        #expect(error?.message == "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope")
        #expect(error?.httpStatus == 404 && error?.requestId == "lam-404" && error?.attempts == 1)
        #expect(error?.description == "Lambda GetFunction (account 123456789012, us-east-1) failed: ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope [HTTP 404, request id lam-404]")
    }

    @Test func jsonAnswersThatDoNotMatchTheOutputAreMalformed() async throws {
        let server = try LocalHTTPServer { _, _ in .init(status: 200, body: #"{"logGroups":"not a list"}"#) }
        defer { server.stop() }
        let error = try await withHTTPClient { http in
            let aws = Self.client(server, AsyncHTTPClientExecutor(client: http))
            return await expectAWSError {
                try await aws.json(Self.logs, operation: "DescribeLogGroups", input: DescribeLogGroupsInput(), output: DescribeLogGroupsOutput.self)
            }
        }
        guard case .malformedResponse = error?.kind else {
            Issue.record("expected malformedResponse, got \(String(describing: error))")
            return
        }
    }
}
