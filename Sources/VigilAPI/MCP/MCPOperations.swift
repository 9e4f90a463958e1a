import Foundation
import VigilAPIModel
import VigilCore

/// Vigil's MCP operations beyond the model (tool catalogue, tool invocation in a space). See docs/mcp.md.
enum MCPOperations {
    static let all: [ExtensionOperation] = [
        ExtensionOperation(name: "ListServiceTools", method: "GET", path: "/vigil/v1/services/{serviceId}/tools", readOnly: true,
                           action: "vigil:ListServiceTools", handler: listTools),
        ExtensionOperation(name: "InvokeTool", method: "POST", path: "/vigil/v1/agentspaces/{agentSpaceId}/tools/invoke", readOnly: false,
                           action: "vigil:InvokeTool", handler: MCPToolInvocation.invoke),
    ]

    /// The tool catalogue stored when an MCP server was registered, with annotations, input schemas
    /// and whether each tool may be allowlisted (and why not). No secret is part of it.
    static func listTools(_ ctx: OperationContext) async throws -> APIResponse {
        guard let serviceId = ctx.request.pathLabels["serviceId"], !serviceId.isEmpty else {
            throw APIError.validation("The path must name a service")
        }
        try await ctx.authorize(ctx.account.serviceArn(serviceId))
        let (type, tools) = try await ctx.store.read { tx in
            guard let found = try tx.services.get(serviceId) else {
                throw APIError.notFound("Service \(serviceId) is not registered")
            }
            guard MCPAllowlist.types.contains(found.serviceType) else {
                throw APIError.invalidField("serviceId", "Service \(serviceId) is of type \(found.serviceType), not an MCP server")
            }
            return (found.serviceType, try tx.mcp.catalogue(serviceId: serviceId))
        }
        let docs = tools.compactMap { try? JSONParser.parse($0.doc) }
        return .json(status: 200, body: .object(["serviceId": .string(serviceId), "serviceType": .string(type), "tools": .array(docs)]))
    }
}
