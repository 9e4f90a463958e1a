import Crypto
import Foundation
import Testing
@testable import VigilIntake

@Suite struct WebhookAuthenticatorTests {
    let secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlYw=="
    let body = Array(#"{"eventType":"incident","action":"created","incidentId":"i-1","title":"t"}"#.utf8)
    let now = 1_800_000_000.0
    var timestamp: String { ISO8601.format(now) }

    func sign(_ secret: String, _ timestamp: String, _ body: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(timestamp.utf8) + [0x3a] + body, using: SymmetricKey(data: Array(secret.utf8)))
        return Data(mac).base64EncodedString()
    }

    func hmac(_ headers: [(String, String)], body: [UInt8]? = nil, now: Double? = nil) -> WebhookAuthenticator.Verdict {
        WebhookAuthenticator.verify(WebhookCredential(space: "s", webhookId: "w", type: .hmac, secret: secret),
                                    headers: DeliveryHeaders(headers), body: body ?? self.body, now: now ?? self.now)
    }

    @Test func hmacAcceptsCorrectSignatureAndNamesTheDelivery() {
        let sig = sign(secret, timestamp, body)
        #expect(hmac([("X-Amzn-Event-Timestamp", timestamp), ("x-amzn-event-signature", sig)]) == .accepted(deliveryKey: "sig:" + sig))
    }

    @Test func hmacRefusesWrongSecretAlteredBodyMissingHeadersAndOldTimestamps() {
        let sig = sign(secret, timestamp, body)
        #expect(hmac([("x-amzn-event-timestamp", timestamp), ("x-amzn-event-signature", sign("other", timestamp, body))])
                == .rejected(reason: "x-amzn-event-signature does not match"))
        #expect(hmac([("x-amzn-event-timestamp", timestamp), ("x-amzn-event-signature", sig)], body: body + [0x20])
                == .rejected(reason: "x-amzn-event-signature does not match"))
        #expect(hmac([("x-amzn-event-signature", sig)]) == .rejected(reason: "missing x-amzn-event-timestamp header"))
        #expect(hmac([("x-amzn-event-timestamp", timestamp)]) == .rejected(reason: "missing x-amzn-event-signature header"))
        let old = ISO8601.format(now - 301)
        #expect(hmac([("x-amzn-event-timestamp", old), ("x-amzn-event-signature", sign(secret, old, body))])
                == .rejected(reason: "x-amzn-event-timestamp is more than 5 minutes from the server clock"))
        let future = ISO8601.format(now + 301)
        #expect(hmac([("x-amzn-event-timestamp", future), ("x-amzn-event-signature", sign(secret, future, body))])
                == .rejected(reason: "x-amzn-event-timestamp is more than 5 minutes from the server clock"))
        #expect(hmac([("x-amzn-event-timestamp", "yesterday"), ("x-amzn-event-signature", sig)])
                == .rejected(reason: "x-amzn-event-timestamp is not an ISO 8601 date-time"))
    }

    @Test func apiKeyAcceptsBearerAndBasicPasswordOnly() {
        let cred = WebhookCredential(space: "s", webhookId: "w", type: .apikey, secret: "key-123")
        func check(_ h: [(String, String)]) -> Bool {
            if case .accepted = WebhookAuthenticator.verify(cred, headers: DeliveryHeaders(h), body: body, now: now) { return true }
            return false
        }
        #expect(check([("Authorization", "Bearer key-123")]))
        #expect(check([("authorization", "bearer key-123")]))
        #expect(check([("Authorization", "Basic " + Data("sns:key-123".utf8).base64EncodedString())]))
        #expect(!check([("Authorization", "Bearer key-124")]))
        #expect(!check([("Authorization", "Bearer key-12")]))
        #expect(!check([("Authorization", "Token key-123")]))
        #expect(!check([]))
        #expect(WebhookAuthenticator.verify(cred, headers: DeliveryHeaders([("Authorization", "Bearer key-123"), ("Idempotency-Key", "d-1")]),
                                            body: body, now: now) == .accepted(deliveryKey: "idempotency-key:d-1"))
    }

    @Test func gitLabTokenAndPagerDutySignatures() {
        let gitlab = WebhookCredential(space: "s", webhookId: "w", type: .gitlab, secret: "tok")
        #expect(WebhookAuthenticator.verify(gitlab, headers: DeliveryHeaders([("X-Gitlab-Token", "tok"), ("X-Gitlab-Event-UUID", "u1")]),
                                            body: body, now: now) == .accepted(deliveryKey: "x-gitlab-event-uuid:u1"))
        #expect(WebhookAuthenticator.verify(gitlab, headers: DeliveryHeaders([("X-Gitlab-Token", "tik")]), body: body, now: now)
                == .rejected(reason: "X-Gitlab-Token does not match"))
        let pd = WebhookCredential(space: "s", webhookId: "w", type: .pagerduty, secret: "pd-secret")
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array("pd-secret".utf8)))
        let hex = Array(mac).map { String(format: "%02x", $0) }.joined()
        // Several signatures during a rotation: one valid is enough.
        let verdict = WebhookAuthenticator.verify(pd, headers: DeliveryHeaders([("X-PagerDuty-Signature", "v1=00ff, v1=\(hex)")]), body: body, now: now)
        #expect(verdict == .accepted(deliveryKey: "body:" + Array(SHA256.hash(data: body)).map { String(format: "%02x", $0) }.joined()))
        #expect(WebhookAuthenticator.verify(pd, headers: DeliveryHeaders([("X-PagerDuty-Signature", "v1=\(hex)")]), body: body + [1], now: now)
                == .rejected(reason: "X-PagerDuty-Signature does not match"))
        #expect(WebhookAuthenticator.verify(pd, headers: DeliveryHeaders(), body: body, now: now)
                == .rejected(reason: "missing X-PagerDuty-Signature header"))
    }

    @Test func constantTimeEqualityIsExact() {
        #expect(ConstantTime.equal("abc", "abc"))
        #expect(!ConstantTime.equal("abc", "abd"))
        #expect(!ConstantTime.equal("abc", "abcd"))
        #expect(!ConstantTime.equal("", "a"))
        #expect(ConstantTime.equal("", ""))
    }

    @Test func iso8601FormsSendersUse() {
        #expect(ISO8601.parse("2026-11-27T06:00:00Z") == 1_795_759_200)
        #expect(ISO8601.parse("2026-11-27T07:00:00+01:00") == 1_795_759_200)
        #expect(ISO8601.parse("2026-11-27T06:00:00.5Z") == 1_795_759_200.5)
        #expect(ISO8601.parse("2026-11-27T06:00:00.123456789Z").map { abs($0 - 1_795_759_200.123456789) < 1e-5 } == true)
        #expect(ISO8601.parse("0001-01-01T00:00:00Z")! < 0)
        #expect(ISO8601.parse("2026-11-27") == nil)
        #expect(ISO8601.parse("2026-13-27T06:00:00Z") == nil)
        #expect(ISO8601.parse("2026-11-27T06:00:00") == nil)
    }
}
