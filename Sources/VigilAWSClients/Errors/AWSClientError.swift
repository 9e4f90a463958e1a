/// Every failure of an AWS call, with where it happened (service, operation, account, region),
/// what failed, and how many attempts were made.
///
/// The description never contains credentials or request bodies; it may contain the AWS error
/// message, which AWS writes for the caller (it names resources, never secrets).
public struct AWSClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// AWS answered with an error: its code (`NoSuchEntity`, `ThrottlingException`, …) and message.
        case service(code: String, message: String)
        /// A non-2xx answer whose body carries no AWS error (an HTML page from a proxy, say).
        case httpStatus(Int)
        /// The connection failed (refused, reset, TLS, DNS).
        case transport(String)
        /// An attempt exceeded the per-request timeout, or the call exceeded its overall deadline.
        case timedOut(String)
        /// The response body is larger than the transport's cap.
        case responseTooLarge(limit: Int)
        /// A 2xx answer that is not what the protocol promises (bad XML/JSON, missing element).
        case malformedResponse(String)
        /// No credentials, or the credential source failed.
        case credentials(String)
        /// The account, region or operation is outside what this client may reach.
        case outsideBoundary(String)
        /// The caller passed something that cannot be sent (an empty required parameter, a bad endpoint).
        case invalidRequest(String)
        /// The task was cancelled.
        case cancelled
    }

    public var kind: Kind
    /// The service's display name (`IAM`, `STS`, …).
    public var service: String
    public var operation: String
    public var accountId: String?
    public var region: String?
    public var httpStatus: Int?
    public var requestId: String?
    /// Attempts made (1 when it was not retried; 0 when nothing was sent).
    public var attempts: Int

    public init(
        _ kind: Kind, service: String, operation: String, accountId: String? = nil, region: String? = nil,
        httpStatus: Int? = nil, requestId: String? = nil, attempts: Int = 0
    ) {
        self.kind = kind
        self.service = service
        self.operation = operation
        self.accountId = accountId
        self.region = region
        self.httpStatus = httpStatus
        self.requestId = requestId
        self.attempts = attempts
    }

    /// Refusal by the account boundary: nothing was sent.
    public static func outsideBoundary(
        _ reason: String, service: String = "*", operation: String = "*", accountId: String? = nil, region: String? = nil
    ) -> AWSClientError {
        AWSClientError(.outsideBoundary(reason), service: service, operation: operation, accountId: accountId, region: region)
    }

    /// Whether the call was retried before it failed.
    public var wasRetried: Bool { attempts > 1 }

    /// The AWS error code, when AWS answered with one.
    public var code: String? {
        if case .service(let code, _) = kind { return code }
        return nil
    }

    /// The AWS error message, when AWS answered with one.
    public var message: String? {
        if case .service(_, let message) = kind { return message }
        return nil
    }

    public var isOutsideBoundary: Bool {
        if case .outsideBoundary = kind { return true }
        return false
    }

    /// Throttling by code or status, as the retry policy sees it.
    public var isThrottling: Bool {
        RetryPolicy.isThrottling(code: code, status: httpStatus)
    }

    public var description: String {
        var where_ = [String]()
        if let accountId { where_.append("account \(accountId)") }
        if let region { where_.append(region) }
        let location = where_.isEmpty ? "" : " (\(where_.joined(separator: ", ")))"
        var text = "\(service) \(operation)\(location) failed: "
        switch kind {
        case .service(let code, let message): text += message.isEmpty ? code : "\(code): \(message)"
        case .httpStatus(let status): text += "HTTP \(status) without an AWS error body"
        case .transport(let detail): text += "connection error: \(detail)"
        case .timedOut(let detail): text += "timed out: \(detail)"
        case .responseTooLarge(let limit): text += "response larger than \(limit) bytes"
        case .malformedResponse(let detail): text += "malformed response: \(detail)"
        case .credentials(let detail): text += "credentials: \(detail)"
        case .outsideBoundary(let detail): text += "outside the agent space's boundary: \(detail)"
        case .invalidRequest(let detail): text += "invalid request: \(detail)"
        case .cancelled: text += "cancelled"
        }
        var extras = [String]()
        if let httpStatus, !(kind == .httpStatus(httpStatus)) { extras.append("HTTP \(httpStatus)") }
        if let requestId { extras.append("request id \(requestId)") }
        if attempts > 1 { extras.append("after \(attempts) attempts") }
        if !extras.isEmpty { text += " [\(extras.joined(separator: ", "))]" }
        return text
    }
}

/// Codecs throw the bare kind (they do not know the call's context); `AWSClient` wraps it.
extension AWSClientError.Kind: Error {}
