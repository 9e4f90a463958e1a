import Foundation
import VigilAPIModel
import VigilAWSClients

/// Where and how to reach one ServiceNow instance: the `servicenow` registration's instance URL and
/// OAuth client credentials (from the sealed `serviceDetails`).
public struct ServiceNowAccess: Sendable, Equatable {
    public var instanceUrl: String
    public var clientId: String
    public var clientSecret: String

    public init(instanceUrl: String, clientId: String, clientSecret: String) {
        self.instanceUrl = instanceUrl
        self.clientId = clientId
        self.clientSecret = clientSecret
    }

    /// Reads RegisterService's `serviceDetails` (`{"servicenow": {"instanceUrl", "authorizationConfig":
    /// {"oAuthClientCredentials": {"clientId", "clientSecret"}}}}`); the error names what is missing.
    public static func fromServiceDetails(_ bytes: [UInt8]) throws(PayloadError) -> ServiceNowAccess {
        let json: JSONValue
        do { json = try JSONParser.parse(bytes) } catch { throw PayloadError("the service details are not JSON") }
        let details = try Fields(json, path: "").nested("servicenow")
        let instance = try details.string("instanceUrl")
        guard let auth = details.optionalNested("authorizationConfig")?.optionalNested("oAuthClientCredentials") else {
            throw PayloadError("servicenow.authorizationConfig.oAuthClientCredentials is required to poll incidents")
        }
        return ServiceNowAccess(instanceUrl: instance, clientId: try auth.string("clientId"), clientSecret: try auth.string("clientSecret"))
    }
}

/// A failure talking to ServiceNow; the message never contains a secret or token.
public struct ServiceNowError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads incidents through the Table API with an OAuth client-credentials token
/// (`POST /oauth_token.do`), cached until a minute before it expires and dropped on a 401.
public actor ServiceNowTableReader {
    public let access: ServiceNowAccess
    let http: any HTTPExecutor
    let timeout: Duration
    let endpoint: AWSEndpoint
    let basePath: String
    private var token: (value: String, expires: Date)?

    public static let pageSize = 100
    /// The fields read (dot-walked names of the configuration item and business service for the resource).
    static let fields = ["sys_id", "number", "short_description", "description", "priority", "state", "sys_updated_on",
                         "opened_at", "category", "cmdb_ci.name", "business_service.name"]

    /// https only; plain http only to a loopback host (local test instances).
    public init(access: ServiceNowAccess, http: any HTTPExecutor, timeout: Duration = .seconds(30)) throws(ServiceNowError) {
        guard let url = URL(string: access.instanceUrl), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw ServiceNowError("instanceUrl '\(access.instanceUrl)' is not an absolute URL")
        }
        let loopback = host == "127.0.0.1" || host == "localhost" || host == "::1"
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw ServiceNowError("instanceUrl must be https (plain http is allowed for loopback hosts only)")
        }
        self.access = access
        self.http = http
        self.timeout = timeout
        self.endpoint = AWSEndpoint(scheme: scheme, host: host, port: url.port)
        let path = url.path
        self.basePath = path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// One page of incidents updated at or after `since`, oldest update first.
    public func incidents(updatedSince since: String, offset: Int) async throws -> [ServiceNowIncident] {
        let query = "sys_updated_on>=\(since)^ORDERBYsys_updated_on^ORDERBYsys_id"
        let parameters = [("sysparm_query", query), ("sysparm_fields", Self.fields.joined(separator: ",")),
                          ("sysparm_display_value", "false"), ("sysparm_exclude_reference_link", "true"),
                          ("sysparm_limit", String(Self.pageSize)), ("sysparm_offset", String(offset))]
        let rawQuery = parameters.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
        var response = try await send("GET", path: "/api/now/table/incident", query: rawQuery, headers: [("Accept", "application/json"),
                                      ("Authorization", try await bearer())], body: [])
        if response.status == 401 {
            // The token may have been revoked early: one fresh token, one retry.
            token = nil
            response = try await send("GET", path: "/api/now/table/incident", query: rawQuery, headers: [("Accept", "application/json"),
                                      ("Authorization", try await bearer())], body: [])
        }
        guard response.isSuccess else { throw Self.failure(response, doing: "listing incidents") }
        guard let rows = (try? JSONParser.parse(response.body))?["result"]?.arrayValue else {
            throw ServiceNowError("ServiceNow answered \(response.status) without a result array")
        }
        do {
            return try rows.map { value throws(PayloadError) in try ServiceNowIncident.parse(value) }
        } catch {
            throw ServiceNowError("ServiceNow sent a malformed incident: \(error.message)")
        }
    }

    private func bearer() async throws -> String {
        if let token, token.expires > Date() { return "Bearer \(token.value)" }
        let form = [("grant_type", "client_credentials"), ("client_id", access.clientId), ("client_secret", access.clientSecret)]
            .map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
        let response = try await send("POST", path: "/oauth_token.do", query: nil, headers: [
            ("Accept", "application/json"), ("Content-Type", "application/x-www-form-urlencoded"),
        ], body: Array(form.utf8))
        guard response.isSuccess else {
            throw ServiceNowError("ServiceNow refused the OAuth client credentials (HTTP \(response.status))")
        }
        guard let object = try? JSONParser.parse(response.body), let value = object["access_token"]?.stringValue, !value.isEmpty else {
            throw ServiceNowError("ServiceNow's token answer has no access_token")
        }
        let lifetime: Double = switch object["expires_in"] {
        case .int(let i)?: Double(i)
        case .double(let d)?: d
        case .string(let s)?: Double(s) ?? 300
        default: 300
        }
        token = (value, Date().addingTimeInterval(max(0, lifetime - 60)))
        return "Bearer \(value)"
    }

    private func send(_ method: String, path: String, query: String?, headers: [(String, String)], body: [UInt8]) async throws -> AWSHTTPResponse {
        var request = AWSHTTPRequest(method: method, endpoint: endpoint, rawPath: basePath + path, rawQuery: query,
                                     headers: [("Host", endpoint.hostHeader)], body: body)
        for (name, value) in headers { request.setHeader(name, value) }
        do {
            return try await http.execute(request, timeout: timeout, maxBodyBytes: 8 << 20)
        } catch {
            throw ServiceNowError("ServiceNow \(access.instanceUrl) did not answer: \(error)")
        }
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func failure(_ response: AWSHTTPResponse, doing what: String) -> ServiceNowError {
        var message = "ServiceNow answered HTTP \(response.status) \(what)"
        if let text = (try? JSONParser.parse(response.body))?["error"]?["message"]?.stringValue { message += ": \(text.prefix(300))" }
        return ServiceNowError(message)
    }
}
