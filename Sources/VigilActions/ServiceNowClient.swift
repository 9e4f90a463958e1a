import Foundation
import VigilAWSClients
import VigilGuard

/// Opens incidents through the ServiceNow Table API: `POST {instance}/api/now/table/incident`
/// with JSON, authenticated with basic auth or an OAuth client-credentials token
/// (`POST {instance}/oauth_token.do`, cached until a minute before it expires).
actor ServiceNowClient {
    let instance: ServiceNowInstance
    let http: any HTTPExecutor
    let timeout: Duration
    private var token: (value: String, expires: Date)?

    init(instance: ServiceNowInstance, http: any HTTPExecutor, timeout: Duration = .seconds(30)) {
        self.instance = instance
        self.http = http
        self.timeout = timeout
    }

    /// ServiceNow urgency and impact (1 high … 3 low) for Vigil's severities.
    static func urgencyAndImpact(_ severity: String) -> (String, String) {
        switch severity {
        case "critical": ("1", "1")
        case "urgent": ("1", "2")
        case "high": ("2", "2")
        case "low": ("3", "3")
        default: ("2", "3")
        }
    }

    func openIncident(_ action: CheckedAction) async throws(ActionFailure) -> ActionReceipt {
        let (urgency, impact) = Self.urgencyAndImpact(action.severity)
        var fields = instance.defaultFields
        fields["short_description"] = action.subject
        fields["description"] = action.body
        fields["urgency"] = urgency
        fields["impact"] = impact
        let body: Data
        do {
            body = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        } catch {
            throw ActionFailure(.rejected, "cannot encode the incident: \(error)")
        }
        let authorization = try await authorizationHeader()
        let response = try await send("POST", path: "/api/now/table/incident", headers: [
            ("Accept", "application/json"), ("Content-Type", "application/json"), ("Authorization", authorization),
        ], body: Array(body))
        guard response.isSuccess else { throw Self.failure(response, doing: "creating the incident") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let result = object["result"] as? [String: Any] else {
            throw ActionFailure(.malformedResponse, "ServiceNow answered \(response.status) without a result object")
        }
        return ActionReceipt(kind: "servicenow-incident", reference: result["number"] as? String, detail: result["sys_id"] as? String)
    }

    private func authorizationHeader() async throws(ActionFailure) -> String {
        switch instance.auth {
        case .basic(let username, let password):
            return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        case .oauthClientCredentials(let clientId, let clientSecret):
            if let token, token.expires > Date() { return "Bearer \(token.value)" }
            let form = [("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", clientSecret)]
                .map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&")
            let response = try await send("POST", path: "/oauth_token.do", headers: [
                ("Accept", "application/json"), ("Content-Type", "application/x-www-form-urlencoded"),
            ], body: Array(form.utf8))
            guard response.isSuccess else {
                throw ActionFailure(.authenticationFailed, "ServiceNow refused the OAuth client credentials (HTTP \(response.status))")
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                  let value = object["access_token"] as? String, !value.isEmpty else {
                throw ActionFailure(.malformedResponse, "ServiceNow's token answer has no access_token")
            }
            let lifetime = (object["expires_in"] as? NSNumber)?.doubleValue ?? 300
            token = (value, Date().addingTimeInterval(max(0, lifetime - 60)))
            return "Bearer \(value)"
        }
    }

    private func send(_ method: String, path: String, headers: [(String, String)], body: [UInt8]) async throws(ActionFailure) -> AWSHTTPResponse {
        guard let target = HTTPTarget.parse(instance.connectURL ?? instance.baseURL) else {
            throw ActionFailure(.destinationNotConfigured, "ServiceNow base URL '\(instance.baseURL)' is not an http(s) URL")
        }
        let endpoint = AWSEndpoint(scheme: target.endpoint.scheme, host: target.endpoint.host, port: target.endpoint.port)
        var request = AWSHTTPRequest(method: method, endpoint: endpoint, rawPath: target.path + path, headers: [("Host", endpoint.hostHeader)], body: body)
        for (name, value) in headers { request.setHeader(name, value) }
        do {
            return try await http.execute(request, timeout: timeout, maxBodyBytes: 1 << 20)
        } catch {
            throw ActionFailure(.unreachable, "ServiceNow \(instance.baseURL) did not answer: \(error)")
        }
    }

    static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A non-2xx answer, with ServiceNow's own error message when it sent one.
    static func failure(_ response: AWSHTTPResponse, doing what: String) -> ActionFailure {
        var message = "ServiceNow answered HTTP \(response.status) \(what)"
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
           let error = object["error"] as? [String: Any], let text = error["message"] as? String {
            message += ": \(text)"
        }
        let code: ActionFailure.Code = (response.status == 401 || response.status == 403) ? .authenticationFailed : .rejected
        return ActionFailure(code, message)
    }
}
