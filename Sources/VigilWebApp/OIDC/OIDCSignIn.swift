import Foundation
import VigilAPIModel
import VigilCore
import VigilAPI
import VigilIdentity
import VigilStore
import VigilOAuth

/// The `idp` sign-in of one agent space: authorization code with PKCE against the issuer the space
/// configured with EnableOperatorApp, ending in a role session of the space's operator app role.
public struct OIDCSignIn: Sendable {
    let store: Store
    let secrets: SecretBox
    let account: AccountContext
    let redirectURI: String
    let issuers: IssuerDirectory
    let pending: PendingSignIns

    public init(store: Store, secrets: SecretBox, account: AccountContext, publicBaseURL: String,
                transport: any OIDCTransport, pending: PendingSignIns = PendingSignIns()) {
        self.store = store
        self.secrets = secrets
        self.account = account
        redirectURI = publicBaseURL.trimmingTrailingSlash + "/auth/oidc/callback"
        issuers = IssuerDirectory(transport: transport)
        self.pending = pending
    }

    /// What EnableOperatorApp stored for the space's idp flow, with the client secret unsealed.
    struct Configuration: Sendable {
        var issuer: String
        var clientId: String
        var clientSecret: String
        var roleArn: String
    }

    func configuration(space: String) async throws(OIDCError) -> Configuration {
        let secrets = secrets
        let loaded: Result<Configuration, OIDCError>
        do {
            loaded = try await store.read { tx -> Result<Configuration, OIDCError> in
                guard try tx.agentSpaces.get(space) != nil else { return .failure(.spaceNotFound) }
                guard let row = try tx.operatorApps.all(space: space).first(where: { $0.flow == "idp" }) else {
                    return .failure(.idpNotEnabled)
                }
                guard let idp = try? IdpAuthConfiguration(document: row.doc) else { return .failure(.misconfigured("the stored configuration is unreadable")) }
                guard let sealed = row.secretSealed,
                      let secret = try? secrets.openString(sealed, context: "operator-idp:\(space)")
                else { return .failure(.misconfigured("the client secret cannot be unsealed")) }
                return .success(Configuration(issuer: idp.issuerUrl, clientId: idp.clientId, clientSecret: secret, roleArn: idp.operatorAppRoleArn))
            }
        } catch {
            throw .misconfigured("the store could not be read")
        }
        return try loaded.get()
    }

    /// Step 1: where to send the browser, and the `state` the callback must come back with.
    public func start(space: String?) async throws(OIDCError) -> (location: String, state: String) {
        guard let space, !space.isEmpty else { throw .missingSpace }
        let config = try await configuration(space: space)
        let discovery = try await issuers.discoveryDocument(issuer: config.issuer)
        let state = Base64URL.randomToken(), nonce = Base64URL.randomToken(), pkce = PKCE()
        let location = try OIDCRequests.authorizationURL(endpoint: discovery.authorizationEndpoint, clientId: config.clientId,
                                                         redirectURI: redirectURI, state: state, nonce: nonce, pkce: pkce)
        await pending.remember(state: state, space: space, nonce: nonce, pkce: pkce, redirectURI: redirectURI)
        return (location, state)
    }

    /// Step 2: the callback's query parameters and the state cookie of the browser that started.
    public func finish(query: [String: String], stateCookie: String?) async throws(OIDCError) -> SignedInIdentity {
        if let error = query["error"] { throw .providerReturnedError(OIDCRequests.errorCode(error)) }
        guard let code = query["code"], !code.isEmpty, let state = query["state"], !state.isEmpty else { throw .missingCallbackParameters }
        // Taken first, so a state presented with the wrong cookie cannot be tried again either.
        guard let started = await pending.take(state: state) else { throw .unknownOrExpiredState }
        guard let stateCookie, IDTokenRules.constantTimeEqual(stateCookie, state) else { throw .stateCookieMismatch }
        let config = try await configuration(space: started.space)
        let discovery = try await issuers.discoveryDocument(issuer: config.issuer)
        let request = OIDCRequests.tokenRequest(code: code, redirectURI: started.redirectURI, pkce: started.pkce, clientId: config.clientId,
                                                clientSecret: config.clientSecret, secretInBody: discovery.usesClientSecretPost)
        let idToken = try await issuers.exchange(tokenEndpoint: discovery.tokenEndpoint, headers: request.headers, body: request.body)
        let rules = IDTokenRules(issuer: discovery.issuer, clientId: config.clientId, nonce: started.nonce)
        let subject = try await issuers.verify(idToken: idToken, jwksURI: discovery.jwksURI, rules: rules)
        let sessionName = RoleSessionName.from(email: subject.email, preferredUsername: subject.preferredUsername, subject: subject.subject)
        let principal = try await roleSession(roleArn: config.roleArn, sessionName: sessionName)
        let shown = subject.email ?? subject.preferredUsername ?? subject.name ?? subject.subject
        return SignedInIdentity(principal: principal, flow: .idp, displayName: shown, agentSpaceId: started.space)
    }

    /// The principal of a role session of the space's operator app role, as AssumeRole would name
    /// it, so page actions are authorized by that role's policies exactly like API calls. The web
    /// session re-resolves the role on every request: deleting the role ends the session.
    func roleSession(roleArn: String, sessionName: String) async throws(OIDCError) -> Principal {
        let role: IAMTable.Principal?
        do { role = try await store.read { tx in try tx.iam.principal(arn: roleArn) } } catch {
            throw .misconfigured("the store could not be read")
        }
        guard let role, role.kind == .role else { throw .roleNotFound(roleArn) }
        return RoleAssumption.sessionPrincipal(role: role, sessionName: sessionName, accountId: account.accountId)
    }
}
