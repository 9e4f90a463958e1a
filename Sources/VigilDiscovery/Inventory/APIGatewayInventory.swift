import VigilAWSClients
import VigilTopology

/// REST APIs and their integrations: a Lambda integration is a declared `invokes`; any other
/// integration URI is a reference (`integration:<METHOD> <path>`).
enum APIGatewayInventory {
    static let type = "AWS::ApiGateway::RestApi"

    static func read(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let api = APIGatewayClient(context.client, pageSize: context.pageSize)
        let apis = try await api.getRestApis().all()
        let resources = try await boundedMap(apis, limit: context.detailConcurrency) { rest in
            try await context.detail("APIGateway", "GetResources") { try await api.getResources(restApiId: rest.id).all() } ?? []
        }
        var out = ServiceInventory(completeServices: ["apigateway"])
        for (rest, resources) in zip(apis, resources) {
            var references: [String: String] = [:]
            var relations: [DeclaredRelation] = []
            for resource in resources {
                for (method, details) in resource.resourceMethods ?? [:] {
                    var integration = details.methodIntegration
                    if integration == nil {
                        // Some endpoints do not embed the integration: ask for it.
                        integration = try await context.detail("APIGateway", "GetIntegration") {
                            try await api.getIntegration(restApiId: rest.id, resourceId: resource.id, httpMethod: method)
                        }
                    }
                    guard let uri = integration?.uri, !uri.isEmpty else { continue }
                    let place = "\(method) \(resource.path ?? resource.id)"
                    if let function = lambdaFunction(in: uri) {
                        relations.append(DeclaredRelation(kind: .invokes, target: function, evidence: "integration \(place)"))
                    } else {
                        references["integration:\(place)"] = uri
                    }
                }
            }
            out.resources.append(context.resource(
                arn: "arn:aws:apigateway:\(context.region)::/restapis/\(rest.id)", type: type, name: rest.name ?? rest.id,
                tags: rest.tags ?? [:], identifiers: [rest.id, "\(rest.id).execute-api.\(context.region).amazonaws.com"],
                references: references, relations: relations.sorted { $0.evidence < $1.evidence }))
        }
        return out
    }

    /// The function ARN of a Lambda integration URI
    /// (`arn:aws:apigateway:r:lambda:path/2015-03-31/functions/<function ARN>/invocations`).
    static func lambdaFunction(in uri: String) -> String? {
        guard uri.contains(":lambda:path/"), let start = uri.range(of: "/functions/") else { return nil }
        var rest = uri[start.upperBound...]
        if let end = rest.range(of: "/invocations") { rest = rest[..<end.lowerBound] }
        return rest.hasPrefix("arn:") ? String(rest) : nil
    }
}
