/// Why an OpenID Connect sign-in was refused. Each case has a message for the error page that
/// names the failed check without showing any token contents (tokens and codes are secrets).
public enum OIDCError: Error, Equatable, Sendable {
    // Start of the flow.
    case missingSpace
    case spaceNotFound
    case idpNotEnabled
    case misconfigured(String)
    // Talking to the issuer.
    case discoveryFailed(String)
    case tokenEndpointRefused(status: Int, error: String?)
    case tokenEndpointUnreachable(String)
    case keySetUnavailable(String)
    // The callback.
    case providerReturnedError(String)
    case missingCallbackParameters
    case unknownOrExpiredState
    case stateCookieMismatch
    // The ID token.
    case malformedToken(String)
    case unsupportedAlgorithm(String)
    case unknownSigningKey
    case badSignature
    case wrongIssuer
    case wrongAudience
    case wrongAuthorizedParty
    case expired
    case notYetValid
    case issuedInFuture
    case nonceMismatch
    case missingClaim(String)
    // Mapping to a role session.
    case roleNotFound(String)

    /// HTTP status of the error page.
    public var status: Int {
        switch self {
        case .missingSpace, .missingCallbackParameters, .providerReturnedError: 400
        case .spaceNotFound, .idpNotEnabled: 404
        case .misconfigured, .roleNotFound: 500
        case .discoveryFailed, .tokenEndpointRefused, .tokenEndpointUnreachable, .keySetUnavailable: 502
        default: 401
        }
    }

    /// What the person sees. Values that come from the provider are limited to their code (an
    /// RFC 6749 error code), never a token or a description it chose.
    public var message: String {
        switch self {
        case .missingSpace: "The sign-in link names no agent space (parameter space)."
        case .spaceNotFound: "No agent space with this id exists."
        case .idpNotEnabled: "Single sign-on through an identity provider (idp) is not enabled for this agent space."
        case .misconfigured(let what): "The identity provider configuration of this agent space cannot be used: \(what)."
        case .discoveryFailed(let what): "The identity provider's discovery document could not be read: \(what)."
        case .tokenEndpointRefused(let status, let error):
            "The identity provider refused to exchange the authorization code (HTTP \(status)\(error.map { ", error \($0)" } ?? ""))."
        case .tokenEndpointUnreachable(let what): "The identity provider's token endpoint could not be reached (\(what))."
        case .keySetUnavailable(let what): "The identity provider's signing keys (JWKS) could not be read: \(what)."
        case .providerReturnedError(let code): "The identity provider did not sign you in (error \(code))."
        case .missingCallbackParameters: "The sign-in response lacks its code or state parameter."
        case .unknownOrExpiredState: "This sign-in attempt is unknown, was already used or has expired (10 minutes). Start again."
        case .stateCookieMismatch: "This sign-in response was not started in this browser. Start again."
        case .malformedToken(let what): "The ID token is malformed: \(what)."
        case .unsupportedAlgorithm(let alg): "The ID token is signed with an unsupported algorithm (\(alg)); RS256 and ES256 are accepted."
        case .unknownSigningKey: "The ID token is signed by a key the issuer does not publish."
        case .badSignature: "The ID token's signature is not valid."
        case .wrongIssuer: "The ID token was issued by another issuer than the one configured."
        case .wrongAudience: "The ID token was issued for another client (audience)."
        case .wrongAuthorizedParty: "The ID token was issued to another authorized party (azp)."
        case .expired: "The ID token has expired."
        case .notYetValid: "The ID token is not valid yet (nbf)."
        case .issuedInFuture: "The ID token's issue time is in the future (iat)."
        case .nonceMismatch: "The ID token does not answer this sign-in attempt (nonce)."
        case .missingClaim(let name): "The ID token lacks the required claim \(name)."
        case .roleNotFound(let arn): "The operator app role \(arn) is not a role of this Vigil account (create it with `vigil iam`)."
        }
    }
}
