/// One operation of the service model (generated into ``ServiceModel/operations``).
public struct OperationDescriptor: Sendable, Hashable {
    /// Operation name, for example `CreateBacklogTask`.
    public let name: String
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    public let httpMethod: String
    /// The URI template, for example `/v1/agentspaces/{agentSpaceId}`. Labels are plain
    /// `{name}` (this model has no greedy labels and no fixed query strings in its URIs).
    public let requestURI: String
    /// The model's success status code (`200`, `201`, `204`).
    public let successCode: Int
    /// Name of the input shape (its Swift type is generated; see `Generated/README.md` for renames).
    public let inputShape: String?
    /// Name of the output shape; `nil` when the operation has no output (empty response).
    public let outputShape: String?
    /// `endpoint.hostPrefix`, `cp.` or `dp.`.
    public let hostPrefix: String?
    /// The `idempotent` trait.
    public let idempotent: Bool
    /// The `readonly` trait.
    public let readOnly: Bool
    /// `true` when the output has an event-stream payload (only `SendMessage`).
    public let outputIsEventStream: Bool
    /// Names of the modelled error shapes, in model order.
    public let errors: [String]

    public init(
        name: String,
        httpMethod: String,
        requestURI: String,
        successCode: Int,
        inputShape: String?,
        outputShape: String?,
        hostPrefix: String?,
        idempotent: Bool,
        readOnly: Bool,
        outputIsEventStream: Bool,
        errors: [String]
    ) {
        self.name = name
        self.httpMethod = httpMethod
        self.requestURI = requestURI
        self.successCode = successCode
        self.inputShape = inputShape
        self.outputShape = outputShape
        self.hostPrefix = hostPrefix
        self.idempotent = idempotent
        self.readOnly = readOnly
        self.outputIsEventStream = outputIsEventStream
        self.errors = errors
    }
}

/// One entry of `paginators-1.json`.
public struct PaginatorDescriptor: Sendable, Hashable {
    /// The paginated operation.
    public let operation: String
    /// Input member carrying the continuation token (`nextToken`).
    public let inputToken: String
    /// Output member carrying the next token (`nextToken`).
    public let outputToken: String
    /// Input member limiting the page size (`maxResults` or `limit`).
    public let limitKey: String?
    /// Output member holding the page's items.
    public let resultKey: String

    public init(operation: String, inputToken: String, outputToken: String, limitKey: String?, resultKey: String) {
        self.operation = operation
        self.inputToken = inputToken
        self.outputToken = outputToken
        self.limitKey = limitKey
        self.resultKey = resultKey
    }
}
