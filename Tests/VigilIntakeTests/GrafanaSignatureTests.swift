import Crypto
import Foundation
import Testing
@testable import VigilIntake

/// Grafana alerting's HMAC signature at an `hmac` webhook: hex HMAC-SHA256 over the body, or over
/// `timestamp:body` with the timestamp header (Grafana's documented scheme).
@Suite struct GrafanaSignatureTests {
    let secret = "grafana-shared-secret-0123456789"
    let body = Array(#"{"receiver":"vigil","status":"firing","orgId":1,"version":"1","alerts":[]}"#.utf8)
    let now = 1_800_000_000.0

    func hexMAC(_ key: String, _ message: [UInt8]) -> String {
        HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(key.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    func verify(_ headers: [(String, String)], body: [UInt8]? = nil) -> WebhookAuthenticator.Verdict {
        WebhookAuthenticator.verify(WebhookCredential(space: "s", webhookId: "w", type: .hmac, secret: secret),
                                    headers: DeliveryHeaders(headers), body: body ?? self.body, now: now)
    }

    @Test func timestampedSignatureIsAcceptedAndNamesTheDelivery() {
        let ts = String(Int(now) - 30)
        let sig = hexMAC(secret, Array("\(ts):".utf8) + body)
        #expect(verify([("X-Grafana-Alerting-Signature", sig), ("X-Grafana-Alerting-Signature-Timestamp", ts)])
                == .accepted(deliveryKey: "grafana-sig:" + sig))
        // Hex case does not matter.
        #expect(verify([("X-Grafana-Alerting-Signature", sig.uppercased()), ("X-Grafana-Alerting-Signature-Timestamp", ts)])
                == .accepted(deliveryKey: "grafana-sig:" + sig))
    }

    @Test func bodyOnlySignatureIsAcceptedAsADistinctDelivery() {
        let sig = hexMAC(secret, body)
        guard case .accepted(let key) = verify([("X-Grafana-Alerting-Signature", sig)]) else {
            Issue.record("a correct body-only signature was refused")
            return
        }
        #expect(key.hasPrefix("rnd:"))
        // With an Idempotency-Key the sender names the delivery.
        #expect(verify([("X-Grafana-Alerting-Signature", sig), ("Idempotency-Key", "k1")]) == .accepted(deliveryKey: "idempotency-key:k1"))
    }

    @Test func wrongSecretAlteredBodyAndMismatchedTimestampAreRefused() {
        let ts = String(Int(now))
        #expect(verify([("X-Grafana-Alerting-Signature", hexMAC("other-secret", Array("\(ts):".utf8) + body)),
                        ("X-Grafana-Alerting-Signature-Timestamp", ts)])
                == .rejected(reason: "X-Grafana-Alerting-Signature does not match"))
        let sig = hexMAC(secret, Array("\(ts):".utf8) + body)
        #expect(verify([("X-Grafana-Alerting-Signature", sig), ("X-Grafana-Alerting-Signature-Timestamp", ts)], body: body + [0x20])
                == .rejected(reason: "X-Grafana-Alerting-Signature does not match"))
        // A body-only signature presented with a timestamp header does not verify (the timestamp is signed).
        #expect(verify([("X-Grafana-Alerting-Signature", hexMAC(secret, body)), ("X-Grafana-Alerting-Signature-Timestamp", ts)])
                == .rejected(reason: "X-Grafana-Alerting-Signature does not match"))
        // Another timestamp than the one signed.
        #expect(verify([("X-Grafana-Alerting-Signature", sig), ("X-Grafana-Alerting-Signature-Timestamp", String(Int(now) - 1))])
                == .rejected(reason: "X-Grafana-Alerting-Signature does not match"))
    }

    @Test func oldFutureAndMalformedTimestampsAreRefused() {
        for offset in [-301, 301] {
            let ts = String(Int(now) + offset)
            #expect(verify([("X-Grafana-Alerting-Signature", hexMAC(secret, Array("\(ts):".utf8) + body)),
                            ("X-Grafana-Alerting-Signature-Timestamp", ts)])
                    == .rejected(reason: "X-Grafana-Alerting-Signature-Timestamp is more than 5 minutes from the server clock"))
        }
        for bad in ["", "yesterday", "1.8e9", "99999999999999999999"] {
            #expect(verify([("X-Grafana-Alerting-Signature", "00"), ("X-Grafana-Alerting-Signature-Timestamp", bad)])
                    == .rejected(reason: "X-Grafana-Alerting-Signature-Timestamp is not Unix seconds"))
        }
    }

    @Test func missingSignatureFallsBackToAWSHeadersAndAWSHeadersWin() {
        // Neither scheme's headers: AWS's error names what is missing.
        #expect(verify([]) == .rejected(reason: "missing x-amzn-event-timestamp header"))
        // A Grafana header beside AWS's signature: the AWS scheme decides.
        #expect(verify([("X-Grafana-Alerting-Signature", hexMAC(secret, body)), ("x-amzn-event-signature", "AAAA")])
                == .rejected(reason: "missing x-amzn-event-timestamp header"))
        // An apikey webhook ignores Grafana's header entirely.
        let apikey = WebhookAuthenticator.verify(WebhookCredential(space: "s", webhookId: "w", type: .apikey, secret: secret),
                                                 headers: DeliveryHeaders([("X-Grafana-Alerting-Signature", hexMAC(secret, body))]),
                                                 body: body, now: now)
        #expect(apikey == .rejected(reason: "missing Authorization header"))
    }
}
