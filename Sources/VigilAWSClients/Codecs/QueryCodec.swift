import Foundation

/// The AWS query protocol: `Action`/`Version` and the parameters form-encoded in a POST body,
/// an XML answer `<{Action}Response><{Action}Result>…`, and errors as
/// `<ErrorResponse><Error><Code>…` (EC2's `<Response><Errors><Error>` is read too).
public enum QueryCodec {
    public static let contentType = "application/x-www-form-urlencoded; charset=utf-8"

    public static func request(
        service: AWSServiceDescriptor, action: String, parameters: QueryParameters, endpoint: AWSEndpoint
    ) -> AWSHTTPRequest {
        let body = AWSPercentEncoding.formEncode([("Action", action), ("Version", service.apiVersion)] + parameters.pairs)
        return AWSHTTPRequest(
            method: "POST", endpoint: endpoint, rawPath: "/",
            headers: [("Host", endpoint.hostHeader), ("Content-Type", contentType)],
            body: Array(body.utf8)
        )
    }

    /// The `{Action}Result` element of a 2xx answer (the root when the action has no result).
    public static func result(of response: AWSHTTPResponse, action: String) throws(AWSClientError.Kind) -> XMLNode {
        guard let root = XMLNode.parse(response.body) else {
            throw .malformedResponse("the body is not well-formed XML")
        }
        guard root.name == "\(action)Response" else {
            throw .malformedResponse("expected <\(action)Response>, got <\(root.name)>")
        }
        return root.child("\(action)Result") ?? root
    }

    /// The request id of a 2xx answer (`ResponseMetadata/RequestId`, else the header).
    public static func requestId(of response: AWSHTTPResponse) -> String? {
        response.requestIdHeader
    }

    public static func errorDetails(_ response: AWSHTTPResponse) -> AWSErrorDetails {
        guard let root = XMLNode.parse(response.body), let error = root.first(named: "Error") else {
            return AWSErrorDetails(code: nil, message: nil, requestId: response.requestIdHeader)
        }
        let code = error.string("Code").map(trimmed).flatMap { $0.isEmpty ? nil : $0 }
        let message = (error.string("Message") ?? error.string("message")).map(trimmed)
        let requestId = root.string("RequestId") ?? root.string("RequestID") ?? response.requestIdHeader
        return AWSErrorDetails(code: code, message: message, requestId: requestId.map(trimmed))
    }

    private static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
