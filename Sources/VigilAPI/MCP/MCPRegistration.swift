import Foundation
import VigilAPIModel
import VigilCore
import VigilMCP
import VigilStore

/// RegisterService for the MCP server types: checks the URLs, connects, lists the tools and stores
/// the registration, its sealed secrets and the tool catalogue together, or nothing at all.
enum MCPRegistration {
    static func register(_ ctx: OperationContext, _ registration: MCPRegistrationInput) async throws -> APIResponse {
        try await ctx.authorize(ctx.account.serviceArn("*"))
        let input = registration.input
        if let name = input.privateConnectionName {
            let exists = try await ctx.store.read { tx in try tx.privateConnections.get(name) != nil }
            guard exists else { throw APIError.notFound("Private connection \(name) does not exist") }
            throw APIError.invalidField("privateConnectionName",
                "Reaching a service through a private connection is not implemented in this version of Vigil; register it with a directly reachable endpoint")
        }
        try registration.details.checkURLs(allowLoopbackHTTP: ctx.env.mcp.options.allowLoopbackHTTP,
                                           publicBaseURL: ctx.env.publicBaseURL)
        switch registration.details.auth {
        case .authorizationCode(let config):
            return try await MCPAuthorizationFlow.start(ctx, registration, config: config, discovered: nil)
        case .discovery(let returnTo):
            let found: MCPAuthorizationDiscovery.Discovered
            do {
                found = try await MCPAuthorizationDiscovery.discover(endpoint: registration.details.endpoint, env: ctx.env)
            } catch let error as MCPError {
                throw APIError.validation("The MCP server at \(registration.details.endpoint) cannot be registered (\(error.kind.rawValue)): \(error.message)")
            }
            let config = MCPThreeLeggedConfig(clientId: found.clientId, clientSecret: found.clientSecret,
                                              authorizationURL: found.authorizationURL, exchangeURL: found.tokenURL,
                                              returnTo: returnTo, scopes: found.scopes, parameters: [:], supportCodeChallenge: true)
            return try await MCPAuthorizationFlow.start(ctx, registration, config: config, discovered: config)
        default:
            break
        }
        let authorization = try MCPAuthorizations.make(registration.details.auth, tokens: nil, aws: ctx.env.aws,
                                                       sessionName: "vigil-mcp-registration")
        let tools = try await listTools(env: ctx.env, details: registration.details, authorization: authorization)
        let id = Identifier.make()
        try await store(env: ctx.env, id: id, input: input, sealed: MCPSealedRegistration(serviceDetails: registration.serviceDetails, tokens: nil),
                        type: registration.details.type, tools: tools, now: ctx.now)
        ctx.env.logger.notice("MCP server registered", metadata: [
            "requestId": .string(ctx.requestId), "serviceId": .string(id), "tools": .stringConvertible(tools.count)])
        return .ok(ctx.operation, RegisterServiceOutput(serviceId: id, kmsKeyArn: input.kmsKeyArn, tags: input.tags))
    }

    static func connector(_ env: APIEnvironment) throws(APIError) -> any MCPConnecting {
        guard let connector = env.mcp.connector else {
            throw APIError(code: "InternalServerException", httpStatus: 500,
                           message: "This Vigil server was started without an MCP client; MCP servers cannot be reached")
        }
        return connector
    }

    /// The connector for calls with a stored registration: when its OAuth tokens are refreshed
    /// (a server may rotate the refresh token), the new ones are sealed and stored in place.
    static func connector(_ env: APIEnvironment, persistingRefreshesOf registration: MCPSealedRegistration,
                          serviceId: String) throws(APIError) -> any MCPConnecting {
        guard registration.tokens != nil, let make = env.mcp.refreshingConnector else { return try connector(env) }
        let store = env.store
        let secrets = env.secrets
        let logger = env.logger
        let details = registration.serviceDetails
        return make { tokens in
            do {
                let sealed = try secrets.seal(JSONWriter.write(MCPSealedRegistration(serviceDetails: details, tokens: tokens).json()),
                                              context: "service:\(serviceId)")
                try await store.write { tx in try tx.mcp.replaceSealedServiceDetails(serviceId: serviceId, sealed: sealed) }
                logger.info("MCP OAuth tokens refreshed and stored", metadata: ["serviceId": .string(serviceId)])
            } catch {
                logger.error("MCP OAuth tokens refreshed but not stored", metadata: ["serviceId": .string(serviceId)])
            }
        }
    }

    /// Connects and lists every tool; any failure, or a tool name Vigil refuses, is a ValidationException.
    static func listTools(env: APIEnvironment, details: MCPServiceDetails, authorization: MCPAuthorization,
                          using chosen: (any MCPConnecting)? = nil) async throws -> [MCPTool] {
        let connector = try chosen ?? connector(env)
        guard let url = URL(string: details.endpoint) else {
            throw APIError.invalidField("serviceDetails.\(details.type).endpoint", "'\(details.endpoint)' is not a URL")
        }
        let tools: [MCPTool]
        do {
            let connection = try await connector.connect(endpoint: url, authorization: authorization, options: env.mcp.options)
            do {
                tools = try await connection.listTools()
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
        } catch let error as MCPError {
            throw APIError.validation("The MCP server at \(details.endpoint) cannot be registered (\(error.kind.rawValue)): \(error.message)")
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.validation("The MCP server at \(details.endpoint) cannot be registered: \(error)")
        }
        for tool in tools {
            if let refusal = MCPToolPolicy.nameRefusal(tool.name) {
                throw APIError.validation("The MCP server at \(details.endpoint) cannot be registered: tool '\(tool.name.prefix(80))': \(refusal)")
            }
        }
        var seen = Set<String>()
        for tool in tools where !seen.insert(tool.name).inserted {
            throw APIError.validation("The MCP server at \(details.endpoint) cannot be registered: it lists tool '\(tool.name)' twice")
        }
        return tools
    }

    /// Inserts the service row (non-secret document, sealed registration), its tool catalogue and tags.
    static func store(env: APIEnvironment, id: String, input: RegisterServiceInput, sealed: MCPSealedRegistration,
                      type: String, tools: [MCPTool], now: Date) async throws {
        guard case .object(let members) = sealed.serviceDetails, let body = members[type] else {
            throw APIError.invalidField("serviceDetails", "Exactly one member of the union must be set")
        }
        let registered = RegisteredService(
            serviceId: id, serviceType: input.service.asService, name: input.name,
            additionalServiceDetails: try ServiceHandlers.additionalDetails(type: type, details: body),
            kmsKeyArn: input.kmsKeyArn, privateConnectionName: input.privateConnectionName)
        let secrets = try env.secrets.seal(JSONWriter.write(sealed.json()), context: "service:\(id)")
        let rows = MCPCatalogue.rows(tools)
        let arn = env.account.serviceArn(id)
        try await env.store.write { tx in
            try tx.services.insert(id: id, serviceType: type, createdAt: now, doc: registered.document, secretsSealed: secrets)
            try tx.mcp.putCatalogue(serviceId: id, tools: rows)
            if let tags = input.tags { try tx.tags.put(arn, tags) }
        }
    }

    /// The sealed registration of a stored MCP service.
    static func open(env: APIEnvironment, serviceId: String, sealed: [UInt8]) throws -> MCPSealedRegistration {
        let bytes = try env.secrets.open(sealed, context: "service:\(serviceId)")
        guard let registration = MCPSealedRegistration(json: try JSONParser.parse(bytes)) else {
            throw MCPError(.protocolViolation, "The stored registration of service \(serviceId) is damaged")
        }
        return registration
    }
}
