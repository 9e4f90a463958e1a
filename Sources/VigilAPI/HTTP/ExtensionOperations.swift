import VigilAPIModel
import VigilCore

/// An operation Vigil serves beyond the DevOps Agent model (MCP tool invocation, escalations).
/// It is routed, authenticated (SigV4), authorized, audited and answered exactly like a model
/// operation; its IAM action uses the `vigil:` prefix so it can never be confused with one of AWS's.
/// Paths live under `/vigil/`, which no model operation uses. The body is JSON read by the handler
/// (`OperationContext.jsonBody()`), since there is no generated input shape.
struct ExtensionOperation: Sendable {
    let descriptor: OperationDescriptor
    /// The IAM action checked by `OperationContext.authorize`, for example `vigil:InvokeTool`.
    let action: String
    let handler: OperationHandler

    init(name: String, method: String, path: String, successCode: Int = 200, readOnly: Bool, action: String,
         handler: @escaping OperationHandler) {
        descriptor = OperationDescriptor(name: name, httpMethod: method, requestURI: path, successCode: successCode,
                                         inputShape: nil, outputShape: nil, hostPrefix: nil, idempotent: false,
                                         readOnly: readOnly, outputIsEventStream: false, errors: [])
        self.action = action
        self.handler = handler
    }
}

enum ExtensionOperations {
    /// Every extension operation, by group. A group lives beside the code it exposes.
    static let all: [ExtensionOperation] = MCPOperations.all + EscalationOperations.all

    static let actions: [String: String] = Dictionary(all.map { ($0.descriptor.name, $0.action) }, uniquingKeysWith: { a, _ in a })

    static var descriptors: [OperationDescriptor] { all.map(\.descriptor) }

    static var handlers: [String: OperationHandler] {
        Dictionary(all.map { ($0.descriptor.name, $0.handler) }, uniquingKeysWith: { a, _ in a })
    }

    /// The IAM action of an operation: `aidevops:<Name>` for the model's, the declared one for ours.
    static func action(for operation: OperationDescriptor) -> String {
        actions[operation.name] ?? "aidevops:\(operation.name)"
    }
}

extension OperationContext {
    /// The request body of an extension operation as JSON; an empty body is an empty object.
    func jsonBody() throws(APIError) -> JSONValue {
        if request.body.isEmpty { return .object([:]) }
        do {
            return try JSONParser.parse(request.body)
        } catch {
            throw APIError.validation("The request body is not valid JSON: \(error)", fields: [])
        }
    }
}
