/// Which failures are retried, how many attempts are made, and how long to wait between them:
/// "full jitter" exponential backoff, `random(0 ... min(cap, base * 2^(retry - 1)))`.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included (at least 1).
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(20)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static let `default` = RetryPolicy()
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Error codes AWS uses for throttling, across protocols.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled", "SlowDown",
        "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "BandwidthLimitExceeded", "LimitExceededException", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ]

    /// Error codes of transient server-side failures (retried like 5xx).
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
        "ServiceUnavailable", "ServiceUnavailableException",
    ]

    public static func isThrottling(code: String?, status: Int?) -> Bool {
        if status == 429 { return true }
        if let code, throttlingCodes.contains(code) { return true }
        return false
    }

    /// Whether an AWS error answer (code and status) is worth another attempt.
    public static func isRetryable(code: String?, status: Int) -> Bool {
        if isThrottling(code: code, status: status) { return true }
        if let code, transientCodes.contains(code) { return true }
        return status >= 500 && status != 501
    }

    /// The wait before retry number `retry` (1 for the wait after the first attempt).
    public func delay(beforeRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceilingSeconds = min(maxDelay.seconds, baseDelay.seconds * Double(1 << exponent))
        guard ceilingSeconds > 0 else { return .zero }
        let seconds = Double.random(in: 0...ceilingSeconds, using: &generator)
        return .nanoseconds(Int64(seconds * 1e9))
    }
}
