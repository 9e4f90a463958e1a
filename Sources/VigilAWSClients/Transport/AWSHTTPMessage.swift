/// One HTTP request as it goes on the wire: the path and query are already percent-encoded
/// (exactly what SigV4 signs), the `Host` header is set by whoever built it.
public struct AWSHTTPRequest: Sendable {
    public var method: String
    public var endpoint: AWSEndpoint
    /// Percent-encoded path, starting with `/`.
    public var rawPath: String
    /// Percent-encoded query without the `?`, or nil.
    public var rawQuery: String?
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(
        method: String, endpoint: AWSEndpoint, rawPath: String = "/", rawQuery: String? = nil,
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.endpoint = endpoint
        self.rawPath = rawPath.isEmpty ? "/" : rawPath
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }

    /// `scheme://host[:port]/path[?query]`.
    public var url: String {
        var text = endpoint.origin + rawPath
        if let rawQuery, !rawQuery.isEmpty { text += "?" + rawQuery }
        return text
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
        headers.append((name: name, value: value))
    }
}

/// One HTTP response with its whole body (bounded by the transport's cap).
public struct AWSHTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    /// The request id AWS puts in a header (`x-amzn-RequestId`, older `x-amz-request-id`).
    public var requestIdHeader: String? {
        header("x-amzn-RequestId") ?? header("x-amz-request-id")
    }
}
