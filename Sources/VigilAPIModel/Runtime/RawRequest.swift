/// The parts of an HTTP request that ``RequestBinder`` binds to an input shape. The router fills
/// it in; no HTTP library types are involved.
public struct RawRequest: Sendable {
    /// URI label values by label name (`agentSpaceId`), already percent-decoded.
    public var pathLabels: [String: String]
    /// Query parameters, percent-decoded, in request order; a name may repeat (list members).
    public var query: [(name: String, value: String)]
    /// Header fields in request order; names are matched case-insensitively.
    public var headers: [(name: String, value: String)]
    /// The raw body bytes (empty when there is none).
    public var body: [UInt8]

    public init(
        pathLabels: [String: String] = [:],
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        self.pathLabels = pathLabels
        self.query = query
        self.headers = headers
        self.body = body
    }
}
