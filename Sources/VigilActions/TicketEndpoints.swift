import Foundation

/// How Vigil authenticates to a ServiceNow instance. The secret members never appear in
/// descriptions, logs or audit records.
public enum ServiceNowAuth: Sendable, CustomStringConvertible {
    case basic(username: String, password: String)
    /// OAuth 2.0 client credentials against the instance's `/oauth_token.do`.
    case oauthClientCredentials(clientId: String, clientSecret: String)

    public var description: String {
        switch self {
        case .basic(let username, _): "basic(\(username), password: ***)"
        case .oauthClientCredentials(let clientId, _): "oauth-client-credentials(\(clientId), secret: ***)"
        }
    }
}

/// A ServiceNow instance registered for ticket actions: its base URL
/// (`https://example.service-now.com`), credentials and optional incident fields.
public struct ServiceNowInstance: Sendable, CustomStringConvertible {
    public var baseURL: String
    public var auth: ServiceNowAuth
    /// Extra incident fields set on every incident (`assignment_group`, `caller_id`, `category`, …).
    public var defaultFields: [String: String]
    /// Where requests are actually sent when not `baseURL` (a proxy, or a local stand-in in tests:
    /// `VIGIL_SERVICENOW_ENDPOINT_URL`). The guard still checks and records `baseURL`.
    public var connectURL: String?

    public init(baseURL: String, auth: ServiceNowAuth, defaultFields: [String: String] = [:], connectURL: String? = nil) {
        self.baseURL = baseURL
        self.auth = auth
        self.defaultFields = defaultFields
        self.connectURL = connectURL
    }

    public var description: String { "ServiceNow \(baseURL) \(auth)" }
}

/// A generic ticket webhook registered for ticket actions: Vigil POSTs JSON to `url` with
/// `headers` (an `Authorization` header, say; their values are treated as secrets).
public struct TicketWebhook: Sendable, CustomStringConvertible {
    public var url: String
    public var headers: [String: String]

    public init(url: String, headers: [String: String] = [:]) {
        self.url = url
        self.headers = headers
    }

    public var description: String { "webhook \(url) (\(headers.count) header(s), values hidden)" }
}

/// What an executed action produced.
public struct ActionReceipt: Sendable, Equatable, Codable {
    public var kind: String
    /// ServiceNow incident number, AWS Support case id, or the webhook's `id` when it returns one.
    public var reference: String?
    /// ServiceNow `sys_id`, Support display id, or the webhook's HTTP status.
    public var detail: String?

    public init(kind: String, reference: String?, detail: String?) {
        self.kind = kind
        self.reference = reference
        self.detail = detail
    }
}

/// An action that passed the guard but failed while running.
public struct ActionFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        /// The account's AWS Support plan does not include the Support API.
        case subscriptionRequired = "subscription-required"
        case destinationNotConfigured = "destination-not-configured"
        case authenticationFailed = "authentication-failed"
        case rejected
        case unreachable
        case malformedResponse = "malformed-response"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// Splits a registered http(s) URL into what `HTTPExecutor` needs.
enum HTTPTarget {
    static func parse(_ raw: String) -> (endpoint: AWSEndpointParts, path: String, query: String?)? {
        guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty,
              components.user == nil, components.password == nil else { return nil }
        var path = components.percentEncodedPath
        if path.hasSuffix("/") { path.removeLast() }
        return (AWSEndpointParts(scheme: scheme, host: host, port: components.port), path, components.percentEncodedQuery)
    }
}

struct AWSEndpointParts {
    var scheme: String
    var host: String
    var port: Int?
}
