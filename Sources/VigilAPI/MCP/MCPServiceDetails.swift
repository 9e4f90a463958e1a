import Foundation
import VigilAPIModel
import VigilCore
import VigilMCP

/// How a registration authenticates to its MCP server, read from `serviceDetails.<type>.authorizationConfig`.
/// Holds secrets: never logged, never returned; it lives sealed at rest in the service row.
enum MCPAuthForm: Sendable, Equatable {
    case clientCredentials(tokenURL: String, clientId: String, clientSecret: String, scopes: [String], parameters: [String: String])
    case authorizationCode(MCPThreeLeggedConfig)
    case apiKey(header: String, value: String)
    /// `header` is the model's `authorizationHeader` (default `Authorization`).
    case bearer(header: String, token: String)
    case sigv4(region: String, service: String, roleArn: String, headers: [String: String])
    case discovery(returnTo: String)

    /// The model's `authorizationConfig` member name, for messages.
    var member: String {
        switch self {
        case .clientCredentials: "oAuthClientCredentials"
        case .authorizationCode: "oAuth3LO"
        case .apiKey: "apiKey"
        case .bearer: "bearerToken"
        case .sigv4: "sigv4"
        case .discovery: "authorizationDiscovery"
        }
    }
}

struct MCPThreeLeggedConfig: Sendable, Equatable {
    var clientId: String
    var clientSecret: String?
    var authorizationURL: String
    var exchangeURL: String
    var returnTo: String
    var scopes: [String]
    var parameters: [String: String]
    /// The model's `supportCodeChallenge`; Vigil always sends a PKCE challenge (servers that do not
    /// support it ignore it), so this is only recorded.
    var supportCodeChallenge: Bool?
}

/// The MCP part of a RegisterService request: where the server is and how to authenticate. Pure.
struct MCPServiceDetails: Sendable, Equatable {
    /// The union member (`mcpserver`, `mcpserversplunk`, …).
    var type: String
    var endpoint: String
    var auth: MCPAuthForm

    static let types: Set<String> = ["mcpserver", "mcpserversplunk", "mcpservergrafana", "mcpserverdatadog",
                                     "mcpservernewrelic", "mcpserversigv4"]

    /// New Relic's registration names a region, not an endpoint; these are its hosted MCP servers.
    static let newRelicEndpoints = ["US": "https://mcp.newrelic.com/mcp/", "EU": "https://mcp.eu.newrelic.com/mcp/"]

    /// Reads the member body of an MCP registration. Shape constraints were already checked by
    /// the model validator (apart from the URL patterns, see `urlFields`).
    static func parse(type: String, body: JSONValue) throws(APIError) -> MCPServiceDetails {
        let base = "serviceDetails.\(type)"
        let config = body["authorizationConfig"]
        if type == "mcpservernewrelic" {
            guard let key = config?["apiKey"], let value = key["apiKey"]?.stringValue,
                  let region = key["region"]?.stringValue, let endpoint = newRelicEndpoints[region] else {
                throw APIError.invalidField("\(base).authorizationConfig.apiKey", "An API key and a region (US or EU) are required")
            }
            return MCPServiceDetails(type: type, endpoint: endpoint, auth: .apiKey(header: "Api-Key", value: value))
        }
        guard let endpoint = body["endpoint"]?.stringValue else {
            throw APIError.invalidField("\(base).endpoint", "Member is required")
        }
        guard let config else { throw APIError.invalidField("\(base).authorizationConfig", "Member is required") }
        let authPath = "\(base).authorizationConfig"
        if type == "mcpserversigv4" {
            guard let region = config["region"]?.stringValue, let service = config["service"]?.stringValue,
                  let roleArn = config["roleArn"]?.stringValue else {
                throw APIError.invalidField(authPath, "region, service and roleArn are required")
            }
            return MCPServiceDetails(type: type, endpoint: endpoint,
                                     auth: .sigv4(region: region, service: service, roleArn: roleArn,
                                                  headers: stringMap(config["customHeaders"])))
        }
        guard case .object(let members) = config, members.count == 1, let (member, value) = members.first else {
            throw APIError.invalidField(authPath, "Exactly one member of the union must be set")
        }
        let auth: MCPAuthForm
        switch member {
        case "oAuthClientCredentials":
            auth = .clientCredentials(tokenURL: value["exchangeUrl"]?.stringValue ?? "",
                                      clientId: value["clientId"]?.stringValue ?? "",
                                      clientSecret: value["clientSecret"]?.stringValue ?? "",
                                      scopes: strings(value["scopes"]), parameters: stringMap(value["exchangeParameters"]))
        case "oAuth3LO":
            auth = .authorizationCode(MCPThreeLeggedConfig(
                clientId: value["clientId"]?.stringValue ?? "", clientSecret: value["clientSecret"]?.stringValue,
                authorizationURL: value["authorizationUrl"]?.stringValue ?? "", exchangeURL: value["exchangeUrl"]?.stringValue ?? "",
                returnTo: value["returnToEndpoint"]?.stringValue ?? "", scopes: strings(value["scopes"]),
                parameters: stringMap(value["exchangeParameters"]), supportCodeChallenge: value["supportCodeChallenge"]?.boolValue))
        case "apiKey":
            auth = .apiKey(header: value["apiKeyHeader"]?.stringValue ?? "", value: value["apiKeyValue"]?.stringValue ?? "")
        case "bearerToken":
            auth = .bearer(header: value["authorizationHeader"]?.stringValue ?? "Authorization",
                           token: value["tokenValue"]?.stringValue ?? "")
        case "authorizationDiscovery":
            auth = .discovery(returnTo: value["returnToEndpoint"]?.stringValue ?? "")
        default:
            throw APIError.invalidField(authPath, "Unknown authorization member '\(member)'")
        }
        return MCPServiceDetails(type: type, endpoint: endpoint, auth: auth)
    }

    /// Model members whose `https://` pattern Vigil replaces by its own rules: the endpoint rule
    /// (`MCPEndpointRules`, which also admits loopback `http://` in development) and, for
    /// `returnToEndpoint`, this Vigil's public URL instead of the AWS console's.
    static let urlFields = ["endpoint", "exchangeUrl", "authorizationUrl", "returnToEndpoint"]

    /// Checks every URL of the registration. `publicBaseURL` is where `returnToEndpoint` must point.
    func checkURLs(allowLoopbackHTTP: Bool, publicBaseURL: String) throws(APIError) {
        let base = "serviceDetails.\(type)"
        try Self.checkURL(endpoint, path: "\(base).endpoint", role: "MCP server endpoint", allowLoopbackHTTP: allowLoopbackHTTP)
        let authPath = "\(base).authorizationConfig"
        switch auth {
        case .clientCredentials(let tokenURL, _, _, _, _):
            try Self.checkURL(tokenURL, path: "\(authPath).oAuthClientCredentials.exchangeUrl", role: "OAuth token endpoint",
                              allowLoopbackHTTP: allowLoopbackHTTP)
        case .authorizationCode(let config):
            try Self.checkURL(config.authorizationURL, path: "\(authPath).oAuth3LO.authorizationUrl", role: "OAuth authorization endpoint",
                              allowLoopbackHTTP: allowLoopbackHTTP)
            try Self.checkURL(config.exchangeURL, path: "\(authPath).oAuth3LO.exchangeUrl", role: "OAuth token endpoint",
                              allowLoopbackHTTP: allowLoopbackHTTP)
            try Self.checkReturnTo(config.returnTo, path: "\(authPath).oAuth3LO.returnToEndpoint", publicBaseURL: publicBaseURL)
        case .discovery(let returnTo):
            try Self.checkReturnTo(returnTo, path: "\(authPath).authorizationDiscovery.returnToEndpoint", publicBaseURL: publicBaseURL)
        case .apiKey, .bearer, .sigv4:
            break
        }
    }

    static func checkURL(_ text: String, path: String, role: String, allowLoopbackHTTP: Bool) throws(APIError) {
        guard let url = URL(string: text), url.host != nil else {
            throw APIError.invalidField(path, "'\(text)' is not an absolute URL")
        }
        do {
            try MCPEndpointRules.check(url, allowLoopbackHTTP: allowLoopbackHTTP, role: role)
        } catch {
            throw APIError.invalidField(path, error.description)
        }
    }

    /// Deviation from the model: AWS accepts only its console here; Vigil accepts pages of its own
    /// public URL, where the browser is sent once the authorization completes.
    static func checkReturnTo(_ text: String, path: String, publicBaseURL: String) throws(APIError) {
        let base = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        guard text == base || text.hasPrefix(base + "/") || text.hasPrefix(base + "?") else {
            throw APIError.invalidField(path, "returnToEndpoint must be a URL of this Vigil server (\(base)/...), where the browser returns after authorizing")
        }
    }

    static func strings(_ value: JSONValue?) -> [String] {
        value?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    static func stringMap(_ value: JSONValue?) -> [String: String] {
        value?.objectValue?.compactMapValues(\.stringValue) ?? [:]
    }
}
