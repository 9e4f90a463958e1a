import Logging

/// What the transport knows about the call it sends, for errors and logs.
public struct AWSCallContext: Sendable {
    public var service: String
    public var operation: String
    public var accountId: String?
    public var region: String

    public init(service: String, operation: String, accountId: String?, region: String) {
        self.service = service
        self.operation = operation
        self.accountId = accountId
        self.region = region
    }

    func error(_ kind: AWSClientError.Kind, status: Int? = nil, requestId: String? = nil, attempts: Int) -> AWSClientError {
        AWSClientError(kind, service: service, operation: operation, accountId: accountId, region: region,
                       httpStatus: status, requestId: requestId, attempts: attempts)
    }
}

/// The code, message and request id a protocol read from an error answer.
public struct AWSErrorDetails: Sendable, Equatable {
    public var code: String?
    public var message: String?
    public var requestId: String?

    public init(code: String?, message: String?, requestId: String?) {
        self.code = code
        self.message = message
        self.requestId = requestId
    }
}

/// Sends AWS requests with a per-attempt timeout, a response size cap, bounded retries with
/// full-jitter backoff for throttling, 5xx and connection failures, and an overall deadline.
///
/// It logs the service, operation, account, region, attempt, status and request id of each
/// call, never a header value or a body (so never a signature, token or secret).
public struct AWSHTTPTransport: Sendable {
    public struct Configuration: Sendable {
        /// The limit for one attempt, from sending to the last byte of the body.
        public var requestTimeout: Duration
        /// The limit for the whole call, retries and waits included.
        public var overallDeadline: Duration
        /// Responses with a larger body fail with `responseTooLarge` (not retried).
        public var maxResponseBytes: Int
        public var retry: RetryPolicy

        public init(
            requestTimeout: Duration = .seconds(30), overallDeadline: Duration = .seconds(120),
            maxResponseBytes: Int = 32 * 1024 * 1024, retry: RetryPolicy = .default
        ) {
            self.requestTimeout = requestTimeout
            self.overallDeadline = overallDeadline
            self.maxResponseBytes = maxResponseBytes
            self.retry = retry
        }
    }

    public let executor: any HTTPExecutor
    public let configuration: Configuration
    public let logger: Logger

    public init(executor: any HTTPExecutor, configuration: Configuration = .init(), logger: Logger = Logger(label: "vigil.aws")) {
        self.executor = executor
        self.configuration = configuration
        self.logger = logger
    }

    /// Sends the request `build` makes for each attempt (it is called again for every attempt, so
    /// each is signed afresh) until it succeeds, fails with something not worth retrying, runs out
    /// of attempts or passes the deadline. Returns the 2xx response; throws `AWSClientError`.
    public func send(
        _ context: AWSCallContext,
        build: @Sendable (_ attempt: Int) async throws -> AWSHTTPRequest,
        decodeError: @Sendable (AWSHTTPResponse) -> AWSErrorDetails
    ) async throws -> AWSHTTPResponse {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: configuration.overallDeadline)
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        var metadata: Logger.Metadata = [
            "aws.service": .string(context.service), "aws.operation": .string(context.operation),
            "aws.region": .string(context.region),
        ]
        if let account = context.accountId { metadata["aws.account"] = .string(account) }

        while true {
            attempt += 1
            let remaining = clock.now.duration(to: deadline)
            if remaining <= .zero {
                throw context.error(.timedOut("no answer within the overall deadline of \(configuration.overallDeadline)"),
                                    attempts: attempt - 1)
            }
            if Task.isCancelled { throw context.error(.cancelled, attempts: attempt - 1) }

            let request: AWSHTTPRequest
            do {
                request = try await build(attempt)
            } catch let error as AWSClientError {
                var error = error
                error.attempts = attempt - 1
                throw error
            } catch {
                throw context.error(.credentials(String(describing: error)), attempts: attempt - 1)
            }

            let attemptTimeout = min(configuration.requestTimeout, remaining)
            let failure: AWSClientError
            let retryable: Bool
            do {
                let response = try await executor.execute(request, timeout: attemptTimeout,
                                                          maxBodyBytes: configuration.maxResponseBytes)
                if response.isSuccess {
                    logger.debug("aws call", metadata: metadata.merging([
                        "attempt": .stringConvertible(attempt), "status": .stringConvertible(response.status),
                        "aws.requestId": .string(response.requestIdHeader ?? "-"),
                    ]) { $1 })
                    return response
                }
                let details = decodeError(response)
                let kind: AWSClientError.Kind = details.code.map { .service(code: $0, message: details.message ?? "") }
                    ?? .httpStatus(response.status)
                failure = context.error(kind, status: response.status, requestId: details.requestId ?? response.requestIdHeader,
                                        attempts: attempt)
                retryable = RetryPolicy.isRetryable(code: details.code, status: response.status)
            } catch HTTPExecutorError.timedOut {
                failure = context.error(.timedOut("no complete answer within \(attemptTimeout) (attempt \(attempt))"), attempts: attempt)
                retryable = true
            } catch HTTPExecutorError.bodyTooLarge(let limit) {
                throw context.error(.responseTooLarge(limit: limit), attempts: attempt)
            } catch HTTPExecutorError.invalidURL(let url) {
                throw context.error(.invalidRequest("invalid endpoint \(url)"), attempts: attempt)
            } catch is CancellationError {
                throw context.error(.cancelled, attempts: attempt)
            } catch {
                if Task.isCancelled { throw context.error(.cancelled, attempts: attempt) }
                failure = context.error(.transport(String(describing: error)), attempts: attempt)
                retryable = true
            }

            guard retryable, attempt < configuration.retry.maxAttempts else {
                logger.debug("aws call failed", metadata: metadata.merging([
                    "attempt": .stringConvertible(attempt), "error": .string(failure.description),
                ]) { $1 })
                throw failure
            }
            let wait = configuration.retry.delay(beforeRetry: attempt, using: &generator)
            if clock.now.advanced(by: wait) >= deadline {
                // Another attempt would end after the deadline: report the last failure as it was.
                throw failure
            }
            logger.notice("aws call retried", metadata: metadata.merging([
                "attempt": .stringConvertible(attempt), "status": .string(failure.httpStatus.map(String.init) ?? "-"),
                "aws.errorCode": .string(failure.code ?? "-"), "waitMs": .stringConvertible(Int(wait.seconds * 1000)),
            ]) { $1 })
            do {
                try await Task.sleep(for: wait)
            } catch {
                throw context.error(.cancelled, attempts: attempt)
            }
        }
    }
}
