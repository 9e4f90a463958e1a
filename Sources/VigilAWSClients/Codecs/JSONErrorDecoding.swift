import Foundation

/// Error answers of the `json` and `rest-json` protocols, read as botocore reads them.
///
/// The code comes from, in order: `x-amzn-query-error` (services that moved from query to
/// JSON and keep their query codes, e.g. SQS's `AWS.SimpleQueueService.NonExistentQueue`),
/// `x-amzn-ErrorType`, then the body's `__type`, `code` or `Code`. It is sanitized: anything up
/// to a `#` (`com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`) and from a `:`
/// (`ValidationException:http://internal.amazon.com/...`) is dropped. The message is the body's
/// `message`, `Message` or `errorMessage`.
public enum JSONErrorDecoding {
    public static func details(_ response: AWSHTTPResponse) -> AWSErrorDetails {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        var code: String?
        if let queryError = response.header("x-amzn-query-error"),
           let first = queryError.split(separator: ";").first, !first.isEmpty {
            code = String(first)
        } else if let header = response.header("x-amzn-ErrorType"), !header.isEmpty {
            code = sanitize(header)
        } else if let object {
            code = (object["__type"] as? String ?? object["code"] as? String ?? object["Code"] as? String).map(sanitize)
        }
        if code?.isEmpty == true { code = nil }
        let message = object.flatMap {
            $0["message"] as? String ?? $0["Message"] as? String ?? $0["errorMessage"] as? String
        }
        return AWSErrorDetails(code: code, message: message, requestId: response.requestIdHeader)
    }

    public static func sanitize(_ raw: String) -> String {
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        return code.trimmingCharacters(in: .whitespaces)
    }
}
