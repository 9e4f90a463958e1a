import Foundation
import Testing
import VigilAPIModel
@testable import VigilWebApp

@Suite("WebAppOIDCClaims: issuer, audience, time and nonce checks of ID tokens")
struct WebAppOIDCClaimsTests {
    let rules = IDTokenRules(issuer: "https://idp.example", clientId: "client-1", nonce: "n-1")
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func claims(_ values: [String: Any]) -> [String: JSONValue] {
        try! JSONParser.parse(Array(JSONSerialization.data(withJSONObject: values))).objectValue!
    }

    func check(_ extra: [String: Any] = [:], audience: Any = "client-1", lifetime: Double = 300, at: Date? = nil) throws(OIDCError) -> IDTokenRules.Subject {
        try rules.check(claims(OIDCTestKeys.claims(audience: audience, now: now, lifetime: lifetime, extra: extra)), now: at ?? now)
    }

    @Test func acceptsMatchingClaims() throws {
        let subject = try check(["preferred_username": "ada", "name": "Ada L."])
        #expect(subject == .init(subject: "user-42", email: "ada@example.com", preferredUsername: "ada", name: "Ada L."))
        #expect(try check(["azp": "client-1"], audience: ["client-1", "other"]).subject == "user-42")
    }

    @Test func anUnverifiedEmailIsNotUsedAsTheName() throws {
        #expect(try check(["email_verified": false]).email == nil)
        #expect(try check(["email_verified": true]).email == "ada@example.com")
    }

    @Test func refusesAnotherIssuerOrAudience() {
        #expect(throws: OIDCError.wrongIssuer) { try check(["iss": "https://evil.example"]) }
        #expect(throws: OIDCError.wrongAudience) { try check(audience: "client-2") }
        #expect(throws: OIDCError.wrongAudience) { try check(audience: ["client-2", "client-3"]) }
        #expect(throws: OIDCError.missingClaim("aud")) { try check(audience: 7) }
    }

    @Test func severalAudiencesNeedUsAsAuthorizedParty() {
        #expect(throws: OIDCError.wrongAuthorizedParty) { try check(audience: ["client-1", "other"]) }
        #expect(throws: OIDCError.wrongAuthorizedParty) { try check(["azp": "other"], audience: ["client-1", "other"]) }
        #expect(throws: OIDCError.wrongAuthorizedParty) { try check(["azp": "other"]) }
    }

    @Test func timesAllowSixtySecondsOfClockDifference() throws {
        // Expired 30 s ago: inside the leeway.
        #expect(try check(at: now.addingTimeInterval(330)).subject == "user-42")
        #expect(throws: OIDCError.expired) { try check(at: now.addingTimeInterval(361)) }
        #expect(throws: OIDCError.expired) { try check(lifetime: -7200) }
        #expect(throws: OIDCError.issuedInFuture) { try check(["iat": Int(now.timeIntervalSince1970) + 120]) }
        #expect(try check(["iat": Int(now.timeIntervalSince1970) + 30]).subject == "user-42")
        #expect(throws: OIDCError.notYetValid) { try check(["nbf": Int(now.timeIntervalSince1970) + 120]) }
        #expect(throws: OIDCError.notYetValid) { try check(["nbf": "soon"]) }
    }

    @Test func refusesAnotherNonceAndMissingClaims() {
        #expect(throws: OIDCError.nonceMismatch) { try check(["nonce": "n-2"]) }
        #expect(throws: OIDCError.missingClaim("sub")) { try check(["sub": ""]) }
        for name in ["iss", "exp", "iat", "nonce"] {
            var values = OIDCTestKeys.claims(now: now)
            values[name] = nil
            #expect(throws: OIDCError.missingClaim(name)) { try rules.check(claims(values), now: now) }
        }
    }
}
