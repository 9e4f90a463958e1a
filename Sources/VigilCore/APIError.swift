/// An error answered to an API caller, in the vocabulary of the DevOps Agent model's exceptions.
///
/// Every failure that reaches the wire is one of these, so the HTTP layer has one place that turns
/// errors into `x-amzn-ErrorType` + JSON bodies, and nothing internal (SQL text, file paths) leaks.
public struct APIError: Error, Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var path: String
        public var message: String
        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }
    }

    public var code: String
    public var httpStatus: Int
    public var message: String
    public var fieldList: [Field]?

    public init(code: String, httpStatus: Int, message: String, fieldList: [Field]? = nil) {
        self.code = code
        self.httpStatus = httpStatus
        self.message = message
        self.fieldList = fieldList
    }

    public static func validation(_ message: String, fields: [Field] = []) -> APIError {
        APIError(code: "ValidationException", httpStatus: 400, message: message, fieldList: fields)
    }

    /// A validation failure on one member, worded like the generated validator's messages.
    public static func invalidField(_ path: String, _ message: String) -> APIError {
        .validation(
            "1 validation error detected: Value at '\(path)' failed to satisfy constraint: \(message)",
            fields: [Field(path: path, message: message)])
    }

    public static func notFound(_ message: String) -> APIError {
        APIError(code: "ResourceNotFoundException", httpStatus: 404, message: message)
    }

    public static func conflict(_ message: String) -> APIError {
        APIError(code: "ConflictException", httpStatus: 409, message: message)
    }

    public static func quotaExceeded(_ message: String) -> APIError {
        APIError(code: "ServiceQuotaExceededException", httpStatus: 402, message: message)
    }

    public static func accessDenied(_ message: String) -> APIError {
        APIError(code: "AccessDeniedException", httpStatus: 403, message: message)
    }

    public static func contentTooLarge(_ message: String) -> APIError {
        APIError(code: "ContentSizeExceededException", httpStatus: 413, message: message)
    }

    /// Internal failures never carry their cause to the caller; the cause is logged with the request id.
    public static let internalFailure = APIError(
        code: "InternalServerException", httpStatus: 500,
        message: "The server encountered an internal error. The request id identifies it in the server log.")
}
