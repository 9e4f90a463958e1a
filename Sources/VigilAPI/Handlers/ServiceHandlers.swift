import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// RegisterService, GetService, ListServices, DeregisterService.
///
/// The whole `serviceDetails` of a registration is sealed at rest, because it holds the secrets
/// (client secrets, tokens, API keys). What the API shows afterwards is `RegisteredService`, built
/// from the non-secret fields only.
enum ServiceHandlers {
    static let table: [String: OperationHandler] = [
        "RegisterService": register,
        "GetService": get,
        "ListServices": list,
        "DeregisterService": deregister,
    ]

    static func register(_ ctx: OperationContext) async throws -> APIResponse {
        // MCP servers are connected to and their tools listed before anything is stored (docs/mcp.md).
        if let registration = try MCPRegistrationInput.bind(ctx) {
            return try await MCPRegistration.register(ctx, registration)
        }
        let input = try ctx.input(RegisterServiceInput.self)
        try await ctx.authorize(ctx.account.serviceArn("*"))
        let type = input.service.rawValue
        guard case .object(let details) = input.serviceDetails.toJSON(), let (member, body) = details.first else {
            throw APIError.invalidField("serviceDetails", "Exactly one member of the union must be set")
        }
        guard member == type else {
            throw APIError.invalidField("serviceDetails", "serviceDetails.\(member) does not match the service in the path, '\(type)'")
        }
        let id = Identifier.make()
        let now = ctx.now
        let account = ctx.account
        let secrets = ctx.env.secrets
        let registered = RegisteredService(
            serviceId: id, serviceType: input.service.asService, name: input.name,
            additionalServiceDetails: try additionalDetails(type: member, details: body),
            kmsKeyArn: input.kmsKeyArn, privateConnectionName: input.privateConnectionName)
        let sealed = try secrets.seal(JSONWriter.write(input.serviceDetails.toJSON()), context: "service:\(id)")
        try await ctx.store.write { tx in
            if let name = input.privateConnectionName {
                guard try tx.privateConnections.get(name) != nil else {
                    throw APIError.notFound("Private connection \(name) does not exist")
                }
                throw APIError.invalidField("privateConnectionName",
                    "Reaching a service through a private connection is not implemented in this version of Vigil; register it with a directly reachable endpoint")
            }
            try tx.services.insert(id: id, serviceType: type, createdAt: now, doc: registered.document, secretsSealed: sealed)
            if let tags = input.tags { try tx.tags.put(account.serviceArn(id), tags) }
        }
        return .ok(ctx.operation, RegisterServiceOutput(serviceId: id, kmsKeyArn: input.kmsKeyArn, tags: input.tags))
    }

    static func authorizationMember(_ config: JSONValue) -> String? {
        guard case .object(let members) = config else { return nil }
        return members.keys.first
    }

    /// The non-secret view of a registration, per service type.
    static func additionalDetails(type: String, details: JSONValue) throws -> AdditionalServiceDetails? {
        func pick(_ names: [String], from value: JSONValue?) -> [String: JSONValue] {
            var out: [String: JSONValue] = [:]
            for name in names { if let v = value?[name], v != .null { out[name] = v } }
            return out
        }
        let auth = details["authorizationConfig"]
        let methodNames = ["oAuthClientCredentials": "oauth-client-credentials", "oAuth3LO": "oauth-3lo", "authorizationDiscovery": "oauth-3lo",
                           "apiKey": "api-key", "bearerToken": "bearer-token"]
        var body: [String: JSONValue]
        switch type {
        case "servicenow":
            body = pick(["instanceUrl"], from: details)
        case "gitlab":
            body = pick(["targetUrl", "tokenType", "groupId"], from: details)
        case "pagerduty":
            body = pick(["scopes"], from: details)
        case "azureidentity":
            body = pick(["tenantId", "clientId", "webIdentityRoleArn", "webIdentityTokenAudiences"], from: details)
        case "mcpserver", "mcpserversplunk", "mcpserverdatadog":
            body = pick(["name", "endpoint", "description"], from: details)
            let method = auth.flatMap(authorizationMember) ?? ""
            body["authorizationMethod"] = .string(methodNames[method] ?? "oauth-client-credentials")
            if method == "apiKey", let header = auth?["apiKey"]?["apiKeyHeader"] { body["apiKeyHeader"] = header }
        case "mcpservergrafana":
            body = pick(["endpoint"], from: details)
            body["authorizationMethod"] = .string(methodNames[auth.flatMap(authorizationMember) ?? ""] ?? "oauth-client-credentials")
        case "mcpservernewrelic":
            body = pick(["accountId", "region"], from: auth?["apiKey"])
        case "mcpserversigv4":
            body = pick(["name", "endpoint", "description"], from: details)
            let sigv4 = pick(["region", "service", "roleArn"], from: auth)
            body.merge(sigv4) { a, _ in a }
            // Header values may be credentials: only their names are shown.
            if case .object(let headers)? = auth?["customHeaders"] {
                body["customHeaders"] = .object(headers.mapValues { _ in .string("*** sensitive ***") })
            }
        default:
            return nil
        }
        return try AdditionalServiceDetails(json: .object([type: .object(body)]))
    }

    static func get(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(GetServiceInput.self)
        let arn = ctx.account.serviceArn(input.serviceId)
        try await ctx.authorize(arn)
        let output = try await ctx.store.read { tx in
            guard let found = try tx.services.get(input.serviceId) else {
                throw APIError.notFound("Service \(input.serviceId) is not registered")
            }
            return GetServiceOutput(service: try RegisteredService(found.document), tags: try tx.tags.get(arn))
        }
        return .ok(ctx.operation, output)
    }

    static func list(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ListServicesInput.self)
        try await ctx.authorize(ctx.account.serviceArn("*"))
        let query = input.filterServiceType?.rawValue ?? ""
        let tokens = ctx.env.pageTokens
        let cursor = try tokens.read(input.nextToken, operation: ctx.operation.name, scope: "account", query: query)
        let page = try await ctx.store.read { tx in
            try tx.services.list(serviceType: input.filterServiceType?.rawValue, after: cursor, limit: pageSize(input.maxResults, default: 100))
        }
        return .ok(ctx.operation, ListServicesOutput(
            nextToken: tokens.make(page.nextCursor, operation: ctx.operation.name, scope: "account", query: query),
            services: try page.items.map(RegisteredService.init)))
    }

    static func deregister(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(DeregisterServiceInput.self)
        let arn = ctx.account.serviceArn(input.serviceId)
        try await ctx.authorize(arn)
        try await ctx.store.write { tx in
            guard try tx.services.get(input.serviceId) != nil else {
                throw APIError.notFound("Service \(input.serviceId) is not registered")
            }
            let spaces = try tx.services.associatedSpaces(input.serviceId)
            guard spaces.isEmpty else {
                throw APIError.conflict("Service \(input.serviceId) is still associated with \(spaces.count) agent space(s); disassociate it first")
            }
            try tx.services.delete(input.serviceId)
            try tx.tags.removeAll(arn)
        }
        return .ok(ctx.operation)
    }
}

extension PostRegisterServiceSupportedService {
    /// Every registrable service is also a member of the wider `Service` enum.
    var asService: Service {
        Service(rawValue: rawValue) ?? .mcpserver
    }
}
