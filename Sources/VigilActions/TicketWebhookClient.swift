import Foundation
import VigilAWSClients
import VigilGuard

/// Posts a ticket to a generic webhook as JSON:
/// `{"source":"vigil","agentSpaceId","subject","body","severity","createdAt"}`. Any 2xx is
/// success; a JSON answer's `id` (or `number`) becomes the receipt's reference.
struct TicketWebhookClient {
    let webhook: TicketWebhook
    let http: any HTTPExecutor
    let timeout: Duration

    func post(_ action: CheckedAction, at date: Date) async throws(ActionFailure) -> ActionReceipt {
        guard let target = HTTPTarget.parse(webhook.url) else {
            throw ActionFailure(.destinationNotConfigured, "webhook URL '\(webhook.url)' is not an http(s) URL")
        }
        let payload: [String: Any] = [
            "source": "vigil", "agentSpaceId": action.agentSpaceId, "subject": action.subject, "body": action.body,
            "severity": action.severity, "createdAt": ISO8601DateFormatter().string(from: date),
        ]
        let body: Data
        do {
            body = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
        } catch {
            throw ActionFailure(.rejected, "cannot encode the ticket: \(error)")
        }
        let endpoint = AWSEndpoint(scheme: target.endpoint.scheme, host: target.endpoint.host, port: target.endpoint.port)
        var request = AWSHTTPRequest(method: "POST", endpoint: endpoint, rawPath: target.path.isEmpty ? "/" : target.path,
                                     rawQuery: target.query, headers: [("Host", endpoint.hostHeader)], body: Array(body))
        request.setHeader("Content-Type", "application/json")
        request.setHeader("User-Agent", "vigil-ticket-webhook/1")
        for (name, value) in webhook.headers.sorted(by: { $0.key < $1.key }) { request.setHeader(name, value) }
        let response: AWSHTTPResponse
        do {
            response = try await http.execute(request, timeout: timeout, maxBodyBytes: 1 << 20)
        } catch {
            throw ActionFailure(.unreachable, "ticket webhook did not answer: \(error)")
        }
        guard response.isSuccess else {
            let code: ActionFailure.Code = (response.status == 401 || response.status == 403) ? .authenticationFailed : .rejected
            throw ActionFailure(code, "ticket webhook answered HTTP \(response.status)")
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        let reference = (object?["id"] ?? object?["number"]).map { "\($0)" }
        return ActionReceipt(kind: "webhook-ticket", reference: reference, detail: "HTTP \(response.status)")
    }
}
