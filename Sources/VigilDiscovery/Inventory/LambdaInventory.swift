import VigilAWSClients
import VigilTopology

/// Functions (ListFunctions carries the environment) and event source mappings.
enum LambdaInventory {
    static let type = "AWS::Lambda::Function"

    static func read(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let lambda = LambdaClient(context.client, pageSize: context.pageSize)
        let functions = try await lambda.listFunctions().all()
        let mappings = try await context.detail("Lambda", "ListEventSourceMappings") {
            try await lambda.listEventSourceMappings().all()
        } ?? []
        var byFunction: [String: [LambdaEventSourceMapping]] = [:]
        for mapping in mappings {
            guard let arn = mapping.functionArn else { continue }
            byFunction[unqualified(arn), default: []].append(mapping)
        }
        var out = ServiceInventory(completeServices: ["lambda"])
        for function in functions {
            var references: [String: String] = [:]
            for (name, value) in function.environment { references["env:\(name)"] = value }
            let relations = (byFunction[unqualified(function.functionArn)] ?? []).compactMap { mapping -> DeclaredRelation? in
                guard let source = mapping.eventSourceArn else { return nil }
                return DeclaredRelation(kind: .readsFrom, target: source, evidence: "event source mapping \(mapping.uuid)")
            }.sorted { $0.evidence < $1.evidence }
            out.resources.append(context.resource(
                arn: function.functionArn, type: type, name: function.functionName, identifiers: [function.functionName],
                references: InventoryReadContext.withGroups(references, function.securityGroupIds), relations: relations))
        }
        return out
    }

    /// `arn:aws:lambda:r:a:function:name[:qualifier]` without the version or alias.
    static func unqualified(_ arn: String) -> String {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 7 ? parts.prefix(7).joined(separator: ":") : arn
    }

    /// Tags for functions when the Tagging API could not be read.
    static func tags(_ context: InventoryReadContext, arn: String) async throws -> [String: String]? {
        try await context.detail("Lambda", "ListTags") { try await LambdaClient(context.client).listTags(arn: arn) }
    }
}
