import ArgumentParser
import AsyncHTTPClient
import Foundation
import VigilAPIModel
import VigilAWSClients
import VigilMCP
import VigilStore

/// `vigil mcp …`: try an MCP server before registering it, and read the stored tool catalogues.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Probe MCP servers and list the tools of registered ones.",
        discussion: "See docs/mcp.md.",
        subcommands: [Probe.self, Tools.self])

    struct Probe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connect to an MCP server (Streamable HTTP), list its tools and say which could be allowlisted.",
            discussion: """
                Exit status: 0 when the server can be registered; 3 when it cannot be reached or used (the reason is \
                printed: old SSE transport, WebSocket, unauthorized, timeout, ...); 4 when it lists a tool Vigil refuses \
                (name over 64 characters); 2 for bad arguments. Secrets may come from the environment instead of flags: \
                VIGIL_MCP_API_KEY, VIGIL_MCP_BEARER_TOKEN, VIGIL_MCP_CLIENT_SECRET. http:// endpoints are accepted \
                only on loopback with VIGIL_ALLOW_LOOPBACK_HTTP=1.
                """)

        @Option(help: "The MCP endpoint URL (https://...).") var endpoint: String
        @Option(help: "Header carrying the API key.") var apiKeyHeader: String?
        @Option(help: "API key value (or VIGIL_MCP_API_KEY).") var apiKey: String?
        @Option(help: "Bearer token (or VIGIL_MCP_BEARER_TOKEN).") var bearer: String?
        @Option(help: "OAuth client-credentials token endpoint.") var oauthTokenUrl: String?
        @Option(help: "OAuth client id.") var clientId: String?
        @Option(help: "OAuth client secret (or VIGIL_MCP_CLIENT_SECRET).") var clientSecret: String?
        @Option(help: "OAuth scope (repeatable).") var scope: [String] = []
        @Option(help: "Sign requests with SigV4 for this region (credentials from the standard AWS chain).") var sigv4Region: String?
        @Option(help: "SigV4 service name.") var sigv4Service: String?
        @Option(help: "PEM file of extra trusted CA certificates.") var caBundle: String?
        @Option(help: "Seconds to wait for each request (default 30).") var timeout: Int = 30
        @Flag(help: "Print JSON instead of text.") var json = false

        func authorization(environment: [String: String]) throws -> MCPAuthorization {
            let key = apiKey ?? environment["VIGIL_MCP_API_KEY"]
            let token = bearer ?? environment["VIGIL_MCP_BEARER_TOKEN"]
            let secret = clientSecret ?? environment["VIGIL_MCP_CLIENT_SECRET"]
            var chosen: [MCPAuthorization] = []
            if let apiKeyHeader {
                guard let key else { throw ValidationError("--api-key-header needs --api-key or VIGIL_MCP_API_KEY") }
                chosen.append(.apiKey(header: apiKeyHeader, value: key))
            } else if key != nil {
                throw ValidationError("--api-key needs --api-key-header")
            }
            if let token { chosen.append(.bearer(token: token)) }
            if let oauthTokenUrl {
                guard let url = URL(string: oauthTokenUrl), let clientId, let secret else {
                    throw ValidationError("--oauth-token-url needs a URL, --client-id and --client-secret (or VIGIL_MCP_CLIENT_SECRET)")
                }
                chosen.append(.oauthClientCredentials(MCPOAuthClient(tokenURL: url, clientId: clientId, clientSecret: secret, scopes: scope)))
            }
            if sigv4Region != nil || sigv4Service != nil {
                guard let sigv4Region, let sigv4Service else { throw ValidationError("--sigv4-region and --sigv4-service go together") }
                let chain = CredentialProviderChain.standard()
                chosen.append(.sigv4(MCPSigV4Signing(region: sigv4Region, service: sigv4Service) {
                    let c = try await chain.credentials()
                    return MCPSigningCredentials(accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken)
                }))
            }
            guard chosen.count <= 1 else { throw ValidationError("choose one authorization: API key, bearer, OAuth client credentials or SigV4") }
            return chosen.first ?? MCPAuthorization.none
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            guard let url = URL(string: endpoint), url.host != nil else { throw ValidationError("--endpoint must be an absolute URL") }
            guard (1...600).contains(timeout) else { throw ValidationError("--timeout must be 1 to 600 seconds") }
            let auth = try authorization(environment: environment)
            var options = MCPClientOptions()
            options.allowLoopbackHTTP = environment["VIGIL_ALLOW_LOOPBACK_HTTP"] == "1"
            options.caBundlePath = caBundle ?? environment["VIGIL_MCP_CA_BUNDLE"]
            options.requestTimeout = .seconds(timeout)
            let client = StreamableHTTPMCPClient()
            let server: MCPServerInfo
            let tools: [MCPTool]
            do {
                let connection = try await client.connect(endpoint: url, authorization: auth, options: options)
                server = connection.server
                do { tools = try await connection.listTools() } catch { await connection.close(); throw error }
                await connection.close()
            } catch {
                let reason = (error as? MCPError).map { "\($0.kind.rawValue): \($0.message)" } ?? "\(error)"
                FileHandle.standardError.write(Data("vigil mcp probe: cannot use \(endpoint): \(reason)\n".utf8))
                throw ExitCode(3)
            }
            let refused = tools.compactMap { tool in MCPToolPolicy.nameRefusal(tool.name).map { (tool.name, $0) } }
            if json {
                let doc: JSONValue = .object([
                    "server": .object(["name": .string(server.name), "version": server.version.map(JSONValue.string) ?? .null,
                                       "protocolVersion": .string(server.protocolVersion)]),
                    "tools": .array(tools.map(MCPProbeText.json)),
                ])
                say(JSONWriter.writeString(doc))
            } else {
                say("server \(server.name) \(server.version ?? "") (protocol \(server.protocolVersion)), \(tools.count) tools")
                for tool in tools { say(MCPProbeText.line(tool)) }
            }
            if let (name, why) = refused.first {
                FileHandle.standardError.write(Data("vigil mcp probe: registration would be refused: tool '\(name.prefix(80))': \(why)\n".utf8))
                throw ExitCode(4)
            }
        }
    }

    struct Tools: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the tool catalogues stored when MCP servers were registered (no secrets).",
            discussion: "Reads the store directly; the same as the ListServiceTools operation (GET /vigil/v1/services/{serviceId}/tools).")

        @Option(help: "Directory of the embedded store.") var dataDir: String
        @Option(help: "Only this service.") var serviceId: String?
        @Flag(help: "Print JSON lines instead of text.") var json = false

        func run() async throws {
            let store = try Store(directory: dataDir)
            let wanted = serviceId
            let catalogues: [(String, [JSONValue])] = try await store.read { tx in
                var ids: [String] = []
                if let wanted {
                    guard try tx.services.get(wanted) != nil else { throw ValidationError("service \(wanted) is not registered") }
                    ids = [wanted]
                } else {
                    var cursor: PageCursor?
                    repeat {
                        let page = try tx.services.list(serviceType: nil, after: cursor, limit: 500)
                        ids += page.items.map(\.id)
                        cursor = page.nextCursor
                    } while cursor != nil
                }
                return try ids.compactMap { id in
                    let tools = try tx.mcp.catalogue(serviceId: id)
                    return tools.isEmpty ? nil : (id, tools.compactMap { try? JSONParser.parse($0.doc) })
                }
            }
            for (id, tools) in catalogues {
                if json {
                    say(JSONWriter.writeString(.object(["serviceId": .string(id), "tools": .array(tools)])))
                    continue
                }
                say("service \(id): \(tools.count) tools")
                for tool in tools {
                    say("  " + MCPProbeText.line(name: tool["name"]?.stringValue ?? "?", annotations: tool["annotations"] ?? .object([:]),
                                                 refusal: tool["notAllowlistableBecause"]?.stringValue))
                }
            }
        }
    }
}

/// How `vigil mcp` prints a tool. Pure.
enum MCPProbeText {
    static func annotationsJSON(_ a: MCPToolAnnotations) -> JSONValue {
        var out: [String: JSONValue] = [:]
        if let v = a.readOnlyHint { out["readOnlyHint"] = .bool(v) }
        if let v = a.destructiveHint { out["destructiveHint"] = .bool(v) }
        if let v = a.idempotentHint { out["idempotentHint"] = .bool(v) }
        if let v = a.openWorldHint { out["openWorldHint"] = .bool(v) }
        if let v = a.title { out["title"] = .string(v) }
        return .object(out)
    }

    static func json(_ tool: MCPTool) -> JSONValue {
        let refusal = MCPToolPolicy.allowlistRefusal(tool)
        var out: [String: JSONValue] = ["name": .string(tool.name), "annotations": annotationsJSON(tool.annotations),
                                        "allowlistable": .bool(refusal == nil)]
        if let refusal { out["notAllowlistableBecause"] = .string(refusal) }
        if let d = tool.description { out["description"] = .string(d) }
        return .object(out)
    }

    static func line(_ tool: MCPTool) -> String {
        line(name: tool.name, annotations: annotationsJSON(tool.annotations), refusal: MCPToolPolicy.allowlistRefusal(tool))
    }

    static func line(name: String, annotations: JSONValue, refusal: String?) -> String {
        let hints = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"].compactMap { key in
            annotations[key]?.boolValue.map { "\(key)=\($0)" }
        }
        let verdict = refusal.map { "not allowlistable: \($0)" } ?? "allowlistable"
        return "\(name)  [\(hints.isEmpty ? "no annotations" : hints.joined(separator: " "))]  \(verdict)"
    }
}
