import Foundation
import Crypto

/// Grafana alerting's own webhook signature (contact point "HMAC Signature" setting): lowercase hex
/// HMAC-SHA256 with the shared secret over the raw body, or over `timestamp:body` when Grafana is
/// configured with a timestamp header (Unix seconds). An `hmac` webhook accepts it with the
/// webhook's secret instead of AWS's `x-amzn-event-*` headers.
enum GrafanaSignature {
    static let signatureHeader = "x-grafana-alerting-signature"
    /// The timestamp header name Vigil expects; Grafana leaves the name to the user, so it must be set to this.
    static let timestampHeader = "x-grafana-alerting-signature-timestamp"

    static func verify(secret: String, headers: DeliveryHeaders, body: [UInt8], now: Double) -> WebhookAuthenticator.Verdict {
        guard let signature = headers[signatureHeader]?.trimmingCharacters(in: .whitespaces), !signature.isEmpty else {
            return .rejected(reason: "missing X-Grafana-Alerting-Signature header")
        }
        var message: [UInt8] = []
        let timestamp = headers[timestampHeader]?.trimmingCharacters(in: .whitespaces)
        if let timestamp {
            guard !timestamp.isEmpty, timestamp.utf8.count <= 12, timestamp.allSatisfy(\.isASCII), let seconds = Int64(timestamp) else {
                return .rejected(reason: "X-Grafana-Alerting-Signature-Timestamp is not Unix seconds")
            }
            guard abs(now - Double(seconds)) <= WebhookAuthenticator.maxTimestampSkew else {
                return .rejected(reason: "X-Grafana-Alerting-Signature-Timestamp is more than 5 minutes from the server clock")
            }
            message = Array(timestamp.utf8)
            message.append(UInt8(ascii: ":"))
        }
        message.append(contentsOf: body)
        let expected = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        guard ConstantTime.equal(Array(Hex.encode(Array(expected)).utf8), Array(signature.lowercased().utf8)) else {
            return .rejected(reason: "X-Grafana-Alerting-Signature does not match")
        }
        // With a timestamp the signature names this delivery (a replay is a duplicate); without
        // one Grafana's repeat notifications carry identical bodies, so each delivery is distinct.
        if timestamp != nil { return .accepted(deliveryKey: "grafana-sig:" + signature.lowercased()) }
        return .accepted(deliveryKey: WebhookAuthenticator.senderDeliveryKey(headers))
    }
}
