import Crypto
import Foundation
import VigilAPIModel
import VigilAudit
import VigilCore
import VigilMCP
import VigilOAuth

/// The OAuth authorization-code registration (`oAuth3LO`): RegisterService answers with
/// `additionalStep.oauth.authorizationUrl` (PKCE S256, a random `state`); the user's browser goes
/// there and comes back to `GET /vigil/oauth/callback`, which exchanges the code, connects, lists
/// the tools and stores the registration, then sends the browser to `returnToEndpoint`.
///
/// The `state` is bound to the one pending registration (only its SHA-256 is stored), used once,
/// and expires after `MCPSettings.authorizationLifetime`. The PKCE verifier and the registration's
/// secrets are sealed until the callback.
enum MCPAuthorizationFlow {
    static let callbackPath = "/vigil/oauth/callback"

    static func callbackURL(_ env: APIEnvironment) -> String {
        let base = env.publicBaseURL.hasSuffix("/") ? String(env.publicBaseURL.dropLast()) : env.publicBaseURL
        return base + callbackPath
    }

    static func stateHash(_ state: String) -> [UInt8] { Array(SHA256.hash(data: Array(state.utf8))) }

    /// `discovered`: the client and endpoints found by `authorizationDiscovery`, kept with the pending registration.
    static func start(_ ctx: OperationContext, _ registration: MCPRegistrationInput, config: MCPThreeLeggedConfig,
                      discovered: MCPThreeLeggedConfig?) async throws -> APIResponse {
        _ = try MCPRegistration.connector(ctx.env)
        guard let flow = flow(config, env: ctx.env) else {
            throw APIError.invalidField("serviceDetails.\(registration.details.type).authorizationConfig.oAuth3LO", "authorizationUrl and exchangeUrl must be URLs")
        }
        let pkce = PKCE()
        let state = Base64URL.randomToken()
        let input = registration.input
        var request: [String: JSONValue] = ["service": .string(registration.details.type), "serviceDetails": registration.serviceDetails]
        if let v = input.name { request["name"] = .string(v) }
        if let v = input.kmsKeyArn { request["kmsKeyArn"] = .string(v) }
        if let v = input.tags { request["tags"] = .object(v.mapValues(JSONValue.string)) }
        var pendingFields: [String: JSONValue] = ["request": .object(request), "verifier": .string(pkce.verifier),
                                                  "principal": .string(ctx.principal.arn)]
        if let discovered { pendingFields["discovered"] = json(discovered) }
        let pending: JSONValue = .object(pendingFields)
        let sealed = try ctx.env.secrets.seal(JSONWriter.write(pending), context: "mcp-oauth-pending")
        let now = ctx.now
        let expires = now.addingTimeInterval(ctx.env.mcp.authorizationLifetime)
        let hash = stateHash(state)
        try await ctx.store.write { tx in
            try tx.mcp.deleteExpiredPending(now: now)
            try tx.mcp.insertPending(stateHash: hash, createdAt: now, expiresAt: expires, registrationSealed: sealed)
        }
        guard let url = flow.authorizationURL(state: state, pkce: pkce)?.absoluteString else {
            throw APIError.invalidField("serviceDetails.\(registration.details.type).authorizationConfig.oAuth3LO.authorizationUrl", "not a URL")
        }
        ctx.env.logger.notice("MCP OAuth authorization started", metadata: ["requestId": .string(ctx.requestId)])
        return .ok(ctx.operation, RegisterServiceOutput(
            additionalStep: .oauth(OAuthAdditionalStepDetails(authorizationUrl: url)), kmsKeyArn: input.kmsKeyArn, tags: input.tags))
    }

    /// What the callback answers: a redirect to `returnToEndpoint` (with `serviceId`, or `error`
    /// and `error_description`), or, when the flow is unknown, 400 with a message.
    struct Reply: Sendable, Equatable {
        var status: Int
        var location: String?
        var message: String
    }

    static func complete(env: APIEnvironment, query: [String: String], now: Date = Date()) async -> Reply {
        guard let state = query["state"], !state.isEmpty else {
            return Reply(status: 400, message: "The authorization callback has no state parameter")
        }
        let hash = stateHash(state)
        let taken: [UInt8]?
        do {
            taken = try await env.store.write { tx in try tx.mcp.takePending(stateHash: hash, now: now) }
        } catch {
            return Reply(status: 500, message: "The pending authorization could not be read")
        }
        guard let taken, let pending = try? JSONParser.parse(env.secrets.open(taken, context: "mcp-oauth-pending")),
              let requestJSON = pending["request"], let verifier = pending["verifier"]?.stringValue,
              let input = try? RegisterServiceInput(json: requestJSON),
              let type = requestJSON["service"]?.stringValue,
              let body = requestJSON["serviceDetails"]?[type],
              let details = try? MCPServiceDetails.parse(type: type, body: body),
              let config = threeLegged(details.auth, discovered: pending["discovered"]) else {
            await audit(env, decision: .deny, detail: ["reason": "unknown, used or expired state"])
            return Reply(status: 400, message: "This authorization is unknown, was already used or has expired; register the service again")
        }
        let principal = pending["principal"]?.stringValue ?? "unknown"
        func fail(_ code: String, _ description: String) async -> Reply {
            await audit(env, principal: principal, decision: .deny, detail: ["reason": .string(code)])
            env.logger.notice("MCP OAuth authorization failed", metadata: ["error": .string(code)])
            return Reply(status: 302, location: MCPQuery.appending([("error", code), ("error_description", description)], to: config.returnTo),
                         message: description)
        }
        if let error = query["error"] {
            return await fail(String(error.prefix(64)), "The authorization server refused: \(query["error_description"]?.prefix(200) ?? "")")
        }
        guard let code = query["code"], !code.isEmpty else {
            return await fail("invalid_request", "The authorization callback has no code")
        }
        guard let flow = flow(config, env: env), let pkce = PKCE(verifier: verifier) else {
            return await fail("server_error", "The pending registration is damaged")
        }
        let id = Identifier.make()
        do {
            let tokens = try await flow.exchange(code: code, pkce: pkce, options: env.mcp.options)
            let authorization = try MCPAuthorizations.make(details.auth, tokens: tokens, aws: env.aws, sessionName: "vigil-mcp-registration")
            // Tokens refreshed while the tools are listed replace the exchanged ones (the refresh token may rotate).
            let latest = LatestTokens(tokens)
            let connector = env.mcp.refreshingConnector.map { make in make { await latest.set($0) } }
            let tools = try await MCPRegistration.listTools(env: env, details: details, authorization: authorization, using: connector)
            guard let serviceDetails = requestJSON["serviceDetails"] else { return await fail("server_error", "damaged registration") }
            try await MCPRegistration.store(env: env, id: id, input: input,
                                            sealed: MCPSealedRegistration(serviceDetails: serviceDetails, tokens: await latest.value),
                                            type: type, tools: tools, now: now)
        } catch let error as APIError {
            return await fail("registration_failed", error.message)
        } catch let error as MCPError {
            return await fail("registration_failed", error.message)
        } catch {
            return await fail("registration_failed", "\(error)")
        }
        await audit(env, principal: principal, decision: .allow, detail: ["serviceId": .string(id)])
        env.logger.notice("MCP server registered after OAuth authorization", metadata: ["serviceId": .string(id)])
        return Reply(status: 302, location: MCPQuery.appending([("serviceId", id)], to: config.returnTo), message: "registered \(id)")
    }

    /// The authorization-code grant of a registration, returning to this server's callback.
    /// (The model's `exchangeParameters` are not sent: the client's token request has no room for them.)
    static func flow(_ config: MCPThreeLeggedConfig, env: APIEnvironment) -> OAuthAuthorizationCodeFlow? {
        guard let authorize = URL(string: config.authorizationURL), let token = URL(string: config.exchangeURL) else { return nil }
        return OAuthAuthorizationCodeFlow(authorizationEndpoint: authorize, tokenEndpoint: token, clientId: config.clientId,
                                          clientSecret: config.clientSecret, redirectURI: callbackURL(env), scopes: config.scopes)
    }

    /// The flow's configuration: the registration's own (`oAuth3LO`) or the discovered one.
    static func threeLegged(_ auth: MCPAuthForm, discovered: JSONValue?) -> MCPThreeLeggedConfig? {
        switch auth {
        case .authorizationCode(let config):
            return config
        case .discovery(let returnTo):
            guard let d = discovered, let id = d["clientId"]?.stringValue, let a = d["authorizationUrl"]?.stringValue,
                  let t = d["exchangeUrl"]?.stringValue else { return nil }
            return MCPThreeLeggedConfig(clientId: id, clientSecret: d["clientSecret"]?.stringValue, authorizationURL: a, exchangeURL: t,
                                        returnTo: returnTo, scopes: MCPServiceDetails.strings(d["scopes"]), parameters: [:],
                                        supportCodeChallenge: true)
        default:
            return nil
        }
    }

    static func json(_ config: MCPThreeLeggedConfig) -> JSONValue {
        var out: [String: JSONValue] = ["clientId": .string(config.clientId), "authorizationUrl": .string(config.authorizationURL),
                                        "exchangeUrl": .string(config.exchangeURL), "scopes": .array(config.scopes.map(JSONValue.string))]
        if let secret = config.clientSecret { out["clientSecret"] = .string(secret) }
        return .object(out)
    }

    static func audit(_ env: APIEnvironment, principal: String = "anonymous", decision: AuditDecision, detail: [String: JSONValue]) async {
        await env.audit.record(AuditEntry(kind: .apiCall, principal: principal, action: "vigil:CompleteServiceAuthorization",
                                          resource: env.account.serviceArn("*"), decision: decision,
                                          detail: JSONWriter.writeString(.object(detail))))
    }
}

/// The newest tokens of a flow in progress.
actor LatestTokens {
    private(set) var value: MCPOAuthTokens
    init(_ value: MCPOAuthTokens) { self.value = value }
    func set(_ tokens: MCPOAuthTokens) { value = tokens }
}
