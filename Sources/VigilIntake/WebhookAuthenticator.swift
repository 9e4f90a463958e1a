import Crypto
import Foundation

/// Checks a delivery's credentials against its webhook. Pure: the clock is a parameter.
public enum WebhookAuthenticator {
    public enum Verdict: Sendable, Equatable {
        /// Accepted; `deliveryKey` identifies this delivery for replay detection in the inbox.
        case accepted(deliveryKey: String)
        /// Refused; the reason is for the audit trail (it never contains a secret).
        case rejected(reason: String)
    }

    /// How far `x-amzn-event-timestamp` may be from the server clock, either way.
    public static let maxTimestampSkew: Double = 300

    public static func verify(_ credential: WebhookCredential, headers: DeliveryHeaders, body: [UInt8], now: Double) -> Verdict {
        switch credential.type {
        case .hmac: return verifyHMAC(secret: credential.secret, headers: headers, body: body, now: now)
        case .apikey: return verifyAPIKey(secret: credential.secret, headers: headers, body: body)
        case .gitlab: return verifyGitLab(secret: credential.secret, headers: headers, body: body)
        case .pagerduty: return verifyPagerDuty(secret: credential.secret, headers: headers, body: body)
        }
    }

    static func verifyHMAC(secret: String, headers: DeliveryHeaders, body: [UInt8], now: Double) -> Verdict {
        // Grafana alerting signs with its own scheme (docs/intake.md); AWS's headers win when both are sent.
        if headers["x-amzn-event-signature"] == nil, headers[GrafanaSignature.signatureHeader] != nil {
            return GrafanaSignature.verify(secret: secret, headers: headers, body: body, now: now)
        }
        guard let timestamp = headers["x-amzn-event-timestamp"], !timestamp.isEmpty else {
            return .rejected(reason: "missing x-amzn-event-timestamp header")
        }
        guard let signature = headers["x-amzn-event-signature"], !signature.isEmpty else {
            return .rejected(reason: "missing x-amzn-event-signature header")
        }
        guard let time = ISO8601.parse(timestamp) else {
            return .rejected(reason: "x-amzn-event-timestamp is not an ISO 8601 date-time")
        }
        guard abs(now - time) <= maxTimestampSkew else {
            return .rejected(reason: "x-amzn-event-timestamp is more than 5 minutes from the server clock")
        }
        guard let given = Data(base64Encoded: signature) else {
            return .rejected(reason: "x-amzn-event-signature is not base64")
        }
        var message = Array(timestamp.utf8)
        message.append(UInt8(ascii: ":"))
        message.append(contentsOf: body)
        let expected = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        guard ConstantTime.equal(Array(expected), Array(given)) else {
            return .rejected(reason: "x-amzn-event-signature does not match")
        }
        // The signature covers timestamp and body, so it names this delivery exactly.
        return .accepted(deliveryKey: "sig:" + signature)
    }

    static func verifyAPIKey(secret: String, headers: DeliveryHeaders, body: [UInt8]) -> Verdict {
        guard let authorization = headers["authorization"], !authorization.isEmpty else {
            return .rejected(reason: "missing Authorization header")
        }
        let parts = authorization.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return .rejected(reason: "Authorization header is not '<scheme> <credentials>'") }
        let scheme = parts[0].lowercased()
        let credentials = parts[1].trimmingCharacters(in: .whitespaces)
        let presented: String
        switch scheme {
        case "bearer":
            presented = credentials
        case "basic":
            // SNS HTTPS subscriptions carry credentials only as user:password in the endpoint URL.
            guard let decoded = Data(base64Encoded: credentials), let text = String(data: decoded, encoding: .utf8),
                  let colon = text.firstIndex(of: ":") else {
                return .rejected(reason: "Authorization Basic credentials are malformed")
            }
            presented = String(text[text.index(after: colon)...])
        default:
            return .rejected(reason: "Authorization scheme must be Bearer (or Basic with the API key as password)")
        }
        guard ConstantTime.equal(presented, secret) else { return .rejected(reason: "API key does not match") }
        return .accepted(deliveryKey: senderDeliveryKey(headers))
    }

    static func verifyGitLab(secret: String, headers: DeliveryHeaders, body: [UInt8]) -> Verdict {
        guard let token = headers["x-gitlab-token"], !token.isEmpty else {
            return .rejected(reason: "missing X-Gitlab-Token header")
        }
        guard ConstantTime.equal(token, secret) else { return .rejected(reason: "X-Gitlab-Token does not match") }
        return .accepted(deliveryKey: senderDeliveryKey(headers))
    }

    static func verifyPagerDuty(secret: String, headers: DeliveryHeaders, body: [UInt8]) -> Verdict {
        guard let header = headers["x-pagerduty-signature"], !header.isEmpty else {
            return .rejected(reason: "missing X-PagerDuty-Signature header")
        }
        let expected = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        let expectedHex = Array(Hex.encode(Array(expected)).utf8)
        // During a secret rotation PagerDuty sends several signatures; any one of them may match.
        var matched = false
        for candidate in header.split(separator: ",") {
            let value = candidate.trimmingCharacters(in: .whitespaces)
            guard value.hasPrefix("v1=") else { continue }
            if ConstantTime.equal(Array(value.dropFirst(3).lowercased().utf8), expectedHex) { matched = true }
        }
        guard matched else { return .rejected(reason: "X-PagerDuty-Signature does not match") }
        // PagerDuty retries resend the identical event (with its unique event id): the body names it.
        return .accepted(deliveryKey: "body:" + Hex.encode(Array(SHA256.hash(data: body))))
    }

    /// A sender-supplied delivery id when there is one; otherwise every delivery is distinct and
    /// repeats are handled by alert deduplication.
    static func senderDeliveryKey(_ headers: DeliveryHeaders) -> String {
        for name in ["idempotency-key", "x-gitlab-event-uuid", "x-amz-sns-message-id"] {
            if let value = headers[name], !value.isEmpty, value.utf8.count <= 200 { return "\(name):\(value)" }
        }
        return "rnd:" + UUID().uuidString
    }
}

enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
