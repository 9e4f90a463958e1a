import VigilAPIModel
import VigilAWS

/// What a handler answers: a JSON document, an empty body, or an event stream.
enum APIResponse: Sendable {
    case json(status: Int, body: JSONValue)
    case empty(status: Int)
    case eventStream([EventStreamMessage])

    /// The operation's modelled success code with its output shape's JSON.
    static func ok(_ operation: OperationDescriptor, _ output: some APIShape) -> APIResponse {
        .json(status: operation.successCode, body: output.toJSON())
    }

    static func ok(_ operation: OperationDescriptor) -> APIResponse {
        .empty(status: operation.successCode)
    }
}
