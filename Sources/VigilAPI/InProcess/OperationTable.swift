import VigilAPIModel

/// Every operation Vigil serves, by name: the model's 44 and the extension operations under
/// `/vigil/`. The HTTP middleware and the in-process invoker share this table, so a page action
/// reaches exactly the handler an API call reaches.
enum OperationTable {
    static let descriptors: [OperationDescriptor] = ServiceModel.operations + ExtensionOperations.descriptors

    static let descriptorsByName: [String: OperationDescriptor] =
        Dictionary(descriptors.map { ($0.name, $0) }, uniquingKeysWith: { model, _ in model })

    static let handlers: [String: OperationHandler] = OperationHandlers.all.merging(ExtensionOperations.handlers) { model, _ in model }
}
