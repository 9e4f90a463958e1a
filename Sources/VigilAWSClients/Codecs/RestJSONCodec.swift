/// One `rest-json` operation call: method, a path template with `{Label}` and greedy
/// `{Label+}` segments, query parameters, headers and an optional JSON body.
public struct RestJSONRequest: Sendable {
    public var method: String
    /// For example `/2015-03-31/functions/{FunctionName}/configuration`.
    public var pathTemplate: String
    public var labels: [String: String]
    public var query: [(String, String)]
    public var headers: [(String, String)]
    public var body: [UInt8]?

    public init(
        method: String, path pathTemplate: String, labels: [String: String] = [:],
        query: [(String, String?)] = [], headers: [(String, String?)] = [], body: [UInt8]? = nil
    ) {
        self.method = method
        self.pathTemplate = pathTemplate
        self.labels = labels
        self.query = query.compactMap { pair in pair.1.map { (pair.0, $0) } }
        self.headers = headers.compactMap { pair in pair.1.map { (pair.0, $0) } }
        self.body = body
    }
}

/// The AWS `rest-json` protocol: the request bound to method, path, query and headers, a JSON
/// body when there is one, a JSON answer; errors by `x-amzn-ErrorType` or the body's `code`.
public enum RestJSONCodec {
    /// Expands the template: each `{Label}` is percent-encoded whole, a `{Label+}` keeps its `/`.
    /// An absent or empty label is refused (AWS would answer with a confusing 404).
    public static func expandPath(_ template: String, labels: [String: String]) throws(AWSClientError.Kind) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw .invalidRequest("unterminated label in \(template)")
            }
            var name = rest[rest.index(after: open)..<close]
            let greedy = name.hasSuffix("+")
            if greedy { name = name.dropLast() }
            guard let value = labels[String(name)], !value.isEmpty else {
                throw .invalidRequest("missing value for path label \(name)")
            }
            out += AWSPercentEncoding.encode(value, keepSlash: greedy)
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out.isEmpty ? "/" : out
    }

    public static func request(_ call: RestJSONRequest, endpoint: AWSEndpoint) throws(AWSClientError.Kind) -> AWSHTTPRequest {
        let path = try expandPath(call.pathTemplate, labels: call.labels)
        let query = call.query.isEmpty ? nil : AWSPercentEncoding.formEncode(call.query)
        var headers: [(name: String, value: String)] = [("Host", endpoint.hostHeader)]
        for header in call.headers { headers.append((name: header.0, value: header.1)) }
        if call.body != nil { headers.append(("Content-Type", "application/json")) }
        return AWSHTTPRequest(method: call.method, endpoint: endpoint, rawPath: path, rawQuery: query,
                              headers: headers, body: call.body ?? [])
    }
}
