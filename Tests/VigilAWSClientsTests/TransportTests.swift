import Foundation
import Logging
import Testing
@testable import VigilAWSClients

/// Recorded answers in AWS's wire formats, served by `LocalHTTPServer`: throttling, 5xx, slow
/// and oversized answers, refused connections. Nothing here needs moto.
@Suite("Transport: retries, timeouts, caps, signatures")
struct TransportTests {
    static let callerIdentity = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetCallerIdentityResult>
            <Arn>arn:aws:iam::123456789012:user/vigil</Arn>
            <UserId>AIDAEXAMPLEUSERID</UserId>
            <Account>123456789012</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
        </GetCallerIdentityResponse>
        """

    static let stsThrottling = """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
          <RequestId>7c0f3a55-1111-2222-3333-444455556666</RequestId>
        </ErrorResponse>
        """

    static func sts(_ server: LocalHTTPServer, _ http: AsyncHTTPClientExecutor, transport: ((any HTTPExecutor) -> AWSHTTPTransport)? = nil) -> STSClient {
        let transport = transport?(http) ?? makeTransport(http)
        return STSClient(AWSClient(region: "us-east-1", credentials: testCredentials, transport: transport,
                                   endpoints: .override(server.endpoint), accountId: "123456789012"))
    }

    @Test func throttlingIsRetriedUntilItSucceeds() async throws {
        let server = try LocalHTTPServer { _, index in
            index < 2 ? .init(status: 400, headers: [("Content-Type", "text/xml")], body: Self.stsThrottling)
                : .init(status: 200, headers: [("Content-Type", "text/xml")], body: Self.callerIdentity)
        }
        defer { server.stop() }
        let identity = try await withHTTPClient { client in
            try await Self.sts(server, AsyncHTTPClientExecutor(client: client)).getCallerIdentity()
        }
        #expect(identity == CallerIdentity(account: "123456789012", arn: "arn:aws:iam::123456789012:user/vigil", userId: "AIDAEXAMPLEUSERID"))
        #expect(server.requests.count == 3)
        // Every attempt is a complete signed request.
        #expect(server.requests.allSatisfy { $0.header("Authorization")?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") == true })
    }

    @Test func persistentThrottlingGivesUpAfterTheAttemptLimit() async throws {
        // Lambda's rest-json throttling answer.
        let server = try LocalHTTPServer { _, _ in
            .init(status: 429, headers: [("x-amzn-RequestId", "req-429"), ("x-amzn-ErrorType", "TooManyRequestsException"),
                                         ("Content-Type", "application/json")],
                  body: #"{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}"#)
        }
        defer { server.stop() }
        let lambda = AWSServiceDescriptor(name: "Lambda", signingName: "lambda", apiVersion: "2015-03-31", wireProtocol: .restJSON)
        let error = try await withHTTPClient { client in
            let aws = AWSClient(region: "us-east-1", credentials: testCredentials, transport: makeTransport(AsyncHTTPClientExecutor(client: client)),
                                endpoints: .override(server.endpoint), accountId: "123456789012")
            return await expectAWSError {
                try await aws.restJSON(lambda, operation: "ListFunctions", request: RestJSONRequest(method: "GET", path: "/2015-03-31/functions/"),
                                       output: AWSEmptyOutput.self)
            }
        }
        #expect(error?.code == "TooManyRequestsException")
        #expect(error?.message == "Rate exceeded")
        #expect(error?.httpStatus == 429)
        #expect(error?.requestId == "req-429")
        #expect(error?.attempts == 4)
        #expect(error?.wasRetried == true)
        #expect(error?.isThrottling == true)
        #expect(error?.service == "Lambda" && error?.operation == "ListFunctions" && error?.accountId == "123456789012")
        #expect(server.requests.count == 4)
    }

    @Test func serverErrorsWithoutAnAWSBodyAreRetriedAndReported() async throws {
        let server = try LocalHTTPServer { _, _ in
            .init(status: 500, headers: [("Content-Type", "text/html")], body: "<html><body><h1>500 Internal Server Error</h1></body></html>")
        }
        defer { server.stop() }
        let error = try await withHTTPClient { client in
            await expectAWSError { try await Self.sts(server, AsyncHTTPClientExecutor(client: client)).getCallerIdentity() }
        }
        #expect(error?.kind == .httpStatus(500))
        #expect(error?.attempts == 4)
        #expect(server.requests.count == 4)
        #expect(error?.description.contains("STS GetCallerIdentity (account 123456789012, us-east-1) failed: HTTP 500") == true)
    }

    @Test func ec2StyleThrottlingIsRecognised() async throws {
        let server = try LocalHTTPServer { _, index in
            index == 0 ? .init(status: 503, body: """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>ec2-1</RequestID></Response>
                """) : .init(status: 200, body: Self.callerIdentity)
        }
        defer { server.stop() }
        _ = try await withHTTPClient { client in
            try await Self.sts(server, AsyncHTTPClientExecutor(client: client)).getCallerIdentity()
        }
        #expect(server.requests.count == 2)
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let server = try LocalHTTPServer { _, _ in
            .init(status: 403, body: """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error>
                  <RequestId>bad-token-1</RequestId>
                </ErrorResponse>
                """)
        }
        defer { server.stop() }
        let error = try await withHTTPClient { client in
            await expectAWSError { try await Self.sts(server, AsyncHTTPClientExecutor(client: client)).getCallerIdentity() }
        }
        #expect(error?.code == "InvalidClientTokenId")
        #expect(error?.requestId == "bad-token-1")
        #expect(error?.attempts == 1)
        #expect(error?.wasRetried == false)
        #expect(server.requests.count == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func slowAnswersTimeOutAndAreRetried() async throws {
        // The answer comes far later than any timeout could, even on a loaded machine whose timers run
        // late (the server's sleeping threads do not hold up its stop).
        let server = try LocalHTTPServer { _, _ in .init(status: 200, body: Self.callerIdentity, delay: .seconds(40)) }
        defer { server.stop() }
        let error = try await withHTTPClient { client in
            await expectAWSError {
                try await Self.sts(server, AsyncHTTPClientExecutor(client: client)) {
                    makeTransport($0, requestTimeout: .milliseconds(300), retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)))
                }.getCallerIdentity()
            }
        }
        guard case .timedOut = error?.kind else {
            Issue.record("expected a timeout, got \(String(describing: error))")
            return
        }
        #expect(error?.attempts == 2)
        #expect(server.requests.count == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func theOverallDeadlineBoundsTheWholeCall() async throws {
        // The answer would succeed, only late (20 s; the per-request timeout is 30 s): a timeout can
        // only come from the 0.8 s overall deadline, which even late timers reach first.
        let server = try LocalHTTPServer { _, _ in .init(status: 200, body: Self.callerIdentity, delay: .seconds(20)) }
        defer { server.stop() }
        let error = try await withHTTPClient { client in
            await expectAWSError {
                try await Self.sts(server, AsyncHTTPClientExecutor(client: client)) {
                    makeTransport($0, requestTimeout: .seconds(30), overallDeadline: .milliseconds(800))
                }.getCallerIdentity()
            }
        }
        guard case .timedOut = error?.kind else {
            Issue.record("expected a timeout, got \(String(describing: error))")
            return
        }
    }

    @Test func oversizedAnswersAreRefusedNotRetried() async throws {
        let big = "<GetCallerIdentityResponse>" + String(repeating: "x", count: 300_000) + "</GetCallerIdentityResponse>"
        let server = try LocalHTTPServer { _, _ in .init(status: 200, body: big) }
        defer { server.stop() }
        let error = try await withHTTPClient { client in
            await expectAWSError {
                try await Self.sts(server, AsyncHTTPClientExecutor(client: client)) {
                    makeTransport($0, maxResponseBytes: 64 * 1024)
                }.getCallerIdentity()
            }
        }
        #expect(error?.kind == .responseTooLarge(limit: 64 * 1024))
        #expect(server.requests.count == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func refusedConnectionsAreRetriedThenReported() async throws {
        let port = try unusedLocalPort()
        let error = try await withHTTPClient { client in
            let aws = AWSClient(region: "us-east-1", credentials: testCredentials,
                                transport: makeTransport(AsyncHTTPClientExecutor(client: client)),
                                endpoints: .override(AWSEndpoint(scheme: "http", host: "127.0.0.1", port: port)))
            return await expectAWSError { try await STSClient(aws).getCallerIdentity() }
        }
        guard case .transport = error?.kind else {
            Issue.record("expected a connection error, got \(String(describing: error))")
            return
        }
        #expect(error?.attempts == 4)
    }

    @Test func malformedSuccessIsAClearError() async throws {
        let server = try LocalHTTPServer { _, _ in .init(status: 200, body: "<GetCallerIdentityResponse><oops></GetCallerIdentityResponse>") }
        defer { server.stop() }
        let error = try await withHTTPClient { client in
            await expectAWSError { try await Self.sts(server, AsyncHTTPClientExecutor(client: client)).getCallerIdentity() }
        }
        guard case .malformedResponse = error?.kind else {
            Issue.record("expected malformedResponse, got \(String(describing: error))")
            return
        }
    }

    @Test func credentialFailuresAreReportedWithoutSending() async throws {
        let server = try LocalHTTPServer { _, _ in .init(status: 200, body: Self.callerIdentity) }
        defer { server.stop() }
        let error = try await withHTTPClient { client in
            let aws = AWSClient(region: "us-east-1", credentials: EnvironmentCredentialProvider(environment: [:]),
                                transport: makeTransport(AsyncHTTPClientExecutor(client: client)), endpoints: .override(server.endpoint))
            return await expectAWSError { try await STSClient(aws).getCallerIdentity() }
        }
        guard case .credentials(let message) = error?.kind else {
            Issue.record("expected a credentials error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("AWS_ACCESS_KEY_ID"))
        #expect(server.requests.isEmpty)
    }

    @Test func querySignaturesMatchBotocore() async throws {
        let server = try LocalHTTPServer { _, _ in .init(status: 200, body: Self.callerIdentity) }
        defer { server.stop() }
        let session = StaticCredentialProvider(accessKeyId: "ASIATESTSESSION", secretAccessKey: "session/secret+key", sessionToken: "tok/en+=")
        _ = try await withHTTPClient { client in
            let aws = AWSClient(region: "eu-west-1", credentials: session, transport: makeTransport(AsyncHTTPClientExecutor(client: client)),
                                endpoints: .override(server.endpoint))
            return try await STSClient(aws).getCallerIdentity()
        }
        let request = try #require(server.requests.first)
        #expect(request.header("X-Amz-Security-Token") == "tok/en+=")
        #expect(request.header("Authorization")?.contains("/eu-west-1/sts/aws4_request") == true)
        #expect(request.header("Host") == "127.0.0.1:\(server.port)")
        #expect(try botocoreSignatureMismatch(request, secret: "session/secret+key", sessionToken: "tok/en+=") == nil)
    }

    @Test func logsNeverCarrySecretsHeadersOrBodies() async throws {
        let server = try LocalHTTPServer { _, index in
            index == 0 ? .init(status: 400, body: Self.stsThrottling) : .init(status: 403, body: """
                <ErrorResponse><Error><Code>AccessDenied</Code><Message>denied</Message></Error><RequestId>r-1</RequestId></ErrorResponse>
                """)
        }
        defer { server.stop() }
        let sink = LogSink()
        var logger = Logger(label: "vigil.aws.test") { _ in CapturingLogHandler(sink: sink) }
        logger.logLevel = .trace
        let session = StaticCredentialProvider(accessKeyId: "ASIALOGTEST", secretAccessKey: "secret-in-logs?", sessionToken: "token-in-logs?")
        _ = try await withHTTPClient { client in
            let transport = AWSHTTPTransport(executor: AsyncHTTPClientExecutor(client: client), configuration: .init(
                retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5))), logger: logger)
            let aws = AWSClient(region: "us-east-1", credentials: session, transport: transport, endpoints: .override(server.endpoint))
            return await expectAWSError {
                try await STSClient(aws).assumeRole(AssumeRoleRequest(roleArn: "arn:aws:iam::111122223333:role/r",
                                                                      roleSessionName: "body-marker-session"))
            }
        }
        let lines = sink.lines
        #expect(lines.count >= 2)
        #expect(lines.contains { $0.contains("retried") && $0.contains("Throttling") })
        for line in lines {
            for secret in ["secret-in-logs", "token-in-logs", "body-marker-session", "Signature=", "AWS4-HMAC-SHA256"] {
                #expect(!line.contains(secret), "\(line)")
            }
        }
    }
}

final class LogSink: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}

struct CapturingLogHandler: LogHandler {
    let sink: LogSink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        sink.append("\(event.message) \(merged.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))")
    }
}
