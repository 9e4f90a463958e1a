import Crypto

/// The parts of an HTTP request that SigV4 covers, exactly as they are on the wire.
///
/// - `rawPath` is the path still percent-encoded as received (for example
///   `/tags/arn%3Aaws%3A...%2Fas-123`), without the query.
/// - `rawQuery` is the text after the first `?`, still percent-encoded, or nil when the
///   target has no `?`.
/// - `headers` keeps every header in arrival order; names are matched case-insensitively.
///   For HTTP/2, pass `:authority` as `Host`.
/// - The payload hash is the hex SHA-256 of `body`, unless `precomputedPayloadHash` is set
///   (for a body hashed while it streamed in); then `body` is not read.
public struct SignableRequest: Sendable {
    public var method: String
    public var rawPath: String
    public var rawQuery: String?
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Lower-case hex SHA-256 of the body, used instead of hashing `body` when set.
    public var precomputedPayloadHash: String?

    public init(
        method: String,
        rawPath: String,
        rawQuery: String? = nil,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        precomputedPayloadHash: String? = nil
    ) {
        self.method = method
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
        self.precomputedPayloadHash = precomputedPayloadHash
    }

    /// Splits a request target such as `/v1/agentspaces/list?nextToken=tok2` at its first `?`.
    public init(
        method: String,
        target: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        if let question = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            let path = String(target[..<question])
            let query = String(target[target.index(after: question)...])
            self.init(method: method, rawPath: path, rawQuery: query, headers: headers, body: body)
        } else {
            self.init(method: method, rawPath: target, rawQuery: nil, headers: headers, body: body)
        }
    }

    /// The values of every header named `name` (case-insensitive), in arrival order.
    public func headerValues(_ name: String) -> [String] {
        headers.compactMap { ASCII.caseInsensitiveEquals($0.name, name) ? $0.value : nil }
    }

    /// The first value of the header named `name` (case-insensitive).
    public func firstHeader(_ name: String) -> String? {
        headers.first { ASCII.caseInsensitiveEquals($0.name, name) }?.value
    }

    /// Whether at least one header named `name` (case-insensitive) is present.
    public func hasHeader(_ name: String) -> Bool {
        headers.contains { ASCII.caseInsensitiveEquals($0.name, name) }
    }

    /// Removes every header named `name` (case-insensitive).
    public mutating func removeHeaders(_ name: String) {
        headers.removeAll { ASCII.caseInsensitiveEquals($0.name, name) }
    }

    /// Lower-case hex SHA-256 of the payload (`precomputedPayloadHash` when set).
    public var payloadHash: String {
        if let precomputedPayloadHash { return precomputedPayloadHash }
        return SigV4.sha256Hex(body)
    }
}
