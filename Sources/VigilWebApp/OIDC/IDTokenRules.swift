import Foundation
import VigilAPIModel

/// The claim checks of OpenID Connect Core §3.1.3.7 for an ID token whose signature is already
/// verified. Pure: the clock is a parameter.
public struct IDTokenRules: Sendable {
    public var issuer: String
    public var clientId: String
    public var nonce: String
    /// Allowed clock difference with the issuer.
    public var leewaySeconds: Double = 60

    public init(issuer: String, clientId: String, nonce: String) {
        self.issuer = issuer
        self.clientId = clientId
        self.nonce = nonce
    }

    /// Who the token names, once every check passed.
    public struct Subject: Sendable, Equatable {
        public var subject: String
        public var email: String?
        public var preferredUsername: String?
        public var name: String?
    }

    public func check(_ claims: [String: JSONValue], now: Date) throws(OIDCError) -> Subject {
        guard let iss = claims["iss"]?.stringValue else { throw .missingClaim("iss") }
        guard iss == issuer else { throw .wrongIssuer }
        let audiences: [String]
        switch claims["aud"] {
        case .string(let single): audiences = [single]
        case .array(let list): audiences = list.compactMap(\.stringValue)
        default: throw .missingClaim("aud")
        }
        guard audiences.contains(clientId) else { throw .wrongAudience }
        // Several audiences: the party the token was issued to must be named, and be us.
        if let azp = claims["azp"] {
            guard azp.stringValue == clientId else { throw .wrongAuthorizedParty }
        } else if audiences.count > 1 {
            throw .wrongAuthorizedParty
        }
        let clock = now.timeIntervalSince1970
        guard let exp = claims["exp"]?.doubleValue else { throw .missingClaim("exp") }
        guard clock < exp + leewaySeconds else { throw .expired }
        guard let iat = claims["iat"]?.doubleValue else { throw .missingClaim("iat") }
        guard iat <= clock + leewaySeconds else { throw .issuedInFuture }
        if let nbf = claims["nbf"] {
            guard let value = nbf.doubleValue, value <= clock + leewaySeconds else { throw .notYetValid }
        }
        guard let presented = claims["nonce"]?.stringValue else { throw .missingClaim("nonce") }
        guard Self.constantTimeEqual(presented, nonce) else { throw .nonceMismatch }
        guard let sub = claims["sub"]?.stringValue, !sub.isEmpty else { throw .missingClaim("sub") }
        // An address the provider says it has not verified could be anyone's: not used as a name.
        let email = claims["email_verified"]?.boolValue == false ? nil : claims["email"]?.stringValue
        return Subject(subject: sub, email: email,
                       preferredUsername: claims["preferred_username"]?.stringValue, name: claims["name"]?.stringValue)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for (p, q) in zip(x, y) { difference |= p ^ q }
        return difference == 0
    }
}

/// Signature first, then claims: the whole verification of an ID token against a key set.
public enum IDTokenVerifier {
    public static func verify(_ token: CompactJWS, keys: JSONWebKeySet, rules: IDTokenRules, now: Date) throws(OIDCError) -> IDTokenRules.Subject {
        try checkAlgorithm(token.algorithm)
        guard let key = keys.key(for: token.keyId, algorithm: token.algorithm) else { throw .unknownSigningKey }
        guard key.verifies(token.signature, over: token.signingInput, algorithm: token.algorithm) else { throw .badSignature }
        return try rules.check(token.claims, now: now)
    }

    /// `none` and the HMAC algorithms (whose key would be the client secret) are refused.
    public static func checkAlgorithm(_ alg: String) throws(OIDCError) {
        guard alg == "RS256" || alg == "ES256" else { throw .unsupportedAlgorithm(alg) }
    }
}
