import Foundation
import VigilAPIModel
import VigilAudit
import VigilCore
import VigilGuard
import VigilMCP

/// InvokeTool: calls one tool of a registered MCP server on behalf of an agent space. Only tools
/// allowlisted by that space's own associations can be called, and only while the stored
/// catalogue still says they are read-only. The output is untrusted: size-capped, secrets
/// redacted, sanitised and classified (`MCPToolOutput`). Every call and every refusal is recorded
/// in the audit trail (kind `tool-invocation`) with byte counts and the verdict, never the arguments.
enum MCPToolInvocation {
    struct Request: Sendable {
        var serviceId: String
        var tool: String
        var arguments: JSONValue

        static func parse(_ body: JSONValue) throws(APIError) -> Request {
            guard let serviceId = body["serviceId"]?.stringValue, !serviceId.isEmpty else {
                throw APIError.invalidField("serviceId", "Member is required")
            }
            guard let tool = body["tool"]?.stringValue, !tool.isEmpty else {
                throw APIError.invalidField("tool", "Member is required")
            }
            let arguments = body["arguments"] ?? .object([:])
            guard case .object = arguments else {
                throw APIError.invalidField("arguments", "Member must be of type structure")
            }
            return Request(serviceId: serviceId, tool: tool, arguments: arguments)
        }
    }

    static func invoke(_ ctx: OperationContext) async throws -> APIResponse {
        guard let space = ctx.request.pathLabels["agentSpaceId"], !space.isEmpty else {
            throw APIError.validation("The path must name an agent space")
        }
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let request = try Request.parse(try ctx.jsonBody())
        let argumentBytes = JSONWriter.write(request.arguments).count
        let started = ContinuousClock.now
        var detail: [String: JSONValue] = ["serviceId": .string(request.serviceId), "tool": .string(request.tool),
                                           "argumentBytes": .int(Int64(argumentBytes))]
        func record(_ decision: AuditDecision, _ extra: [String: JSONValue]) async {
            var body = detail
            body.merge(extra) { _, new in new }
            body["durationMs"] = .int(Int64(((ContinuousClock.now - started) / .milliseconds(1)).rounded()))
            await ctx.env.audit.record(AuditEntry(
                kind: .toolInvocation, agentSpaceId: space, principal: ctx.principal.arn, action: request.tool,
                resource: ctx.account.serviceArn(request.serviceId), decision: decision, requestId: ctx.requestId,
                detail: SecretRedactor.redact(JSONWriter.writeString(.object(body))).text))
        }
        // Decide from the space's own associations and the stored catalogue, in one read.
        let target: (sealed: [UInt8], tool: MCPTool)
        do {
            target = try await ctx.store.read { tx in
                _ = try AgentSpaceHandlers.require(tx, space)
                let allowlisted = try MCPAllowlist.allowlisted(tx, space: space)
                    .contains { $0.serviceId == request.serviceId && $0.tools.contains(request.tool) }
                guard allowlisted else {
                    throw APIError.accessDenied("Tool '\(request.tool)' of service \(request.serviceId) is not allowlisted in agent space \(space)")
                }
                guard let stored = try tx.mcp.tool(serviceId: request.serviceId, name: request.tool),
                      let tool = MCPCatalogue.tool(try JSONParser.parse(stored.doc)) else {
                    throw APIError.accessDenied("Tool '\(request.tool)' is no longer in the catalogue of service \(request.serviceId)")
                }
                if let refusal = MCPToolPolicy.allowlistRefusal(tool) {
                    throw APIError.accessDenied("Tool '\(request.tool)' cannot be invoked: \(refusal)")
                }
                guard let sealed = try tx.mcp.sealedServiceDetails(serviceId: request.serviceId) else {
                    throw APIError.notFound("Service \(request.serviceId) is not registered")
                }
                return (sealed, tool)
            }
        } catch let error as APIError {
            await record(.deny, ["reason": .string(error.message)])
            throw error
        }
        let result: MCPToolResult
        do {
            let registration = try MCPRegistration.open(env: ctx.env, serviceId: request.serviceId, sealed: target.sealed)
            let details = try registration.details()
            let authorization = try MCPAuthorizations.make(details.auth, tokens: registration.tokens, aws: ctx.env.aws,
                                                           sessionName: "vigil-\(space)")
            guard let url = URL(string: details.endpoint) else { throw MCPError(.endpointRefused, "The stored endpoint is not a URL") }
            let connection = try await MCPRegistration.connector(ctx.env, persistingRefreshesOf: registration, serviceId: request.serviceId)
                .connect(endpoint: url, authorization: authorization, options: ctx.env.mcp.options)
            do {
                result = try await connection.callTool(name: request.tool, arguments: request.arguments)
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
        } catch {
            let message = (error as? MCPError).map { "\($0.kind.rawValue): \($0.message)" } ?? (error as? APIError)?.message ?? "\(error)"
            await record(.error, ["reason": .string(message)])
            ctx.env.logger.notice("MCP tool call failed", metadata: ["requestId": .string(ctx.requestId), "tool": .string(request.tool)])
            throw APIError(code: "DependencyFailureException", httpStatus: 424,
                           message: "Calling tool '\(request.tool)' of service \(request.serviceId) failed: \(message)")
        }
        let output = MCPToolOutput(tool: request.tool, result: result, limit: ctx.env.mcp.maxToolOutputBytes)
        let verdict: JSONValue = .object(["isInjection": .bool(output.verdict.isInjection), "score": .double(output.verdict.score),
                                          "reasons": .array(output.verdict.reasons.map(JSONValue.string))])
        detail["verdict"] = verdict
        await record(.allow, ["replyBytes": .int(Int64(result.byteCount)), "outputBytes": .int(Int64(output.text.utf8.count)),
                              "truncated": .bool(output.truncated), "isError": .bool(output.isError),
                              "redactions": .int(Int64(output.redactionCount))])
        return .json(status: 200, body: .object([
            "serviceId": .string(request.serviceId), "tool": .string(request.tool),
            "untrusted": .bool(true), "verdict": verdict, "isError": .bool(output.isError),
            "truncated": .bool(output.truncated), "redactions": .int(Int64(output.redactionCount)),
            "replyBytes": .int(Int64(result.byteCount)), "output": .string(output.text),
        ]))
    }
}
