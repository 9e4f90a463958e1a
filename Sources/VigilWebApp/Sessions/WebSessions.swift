// Stable entry point for every sign-in flow (the OIDC code calls it; keep the signature):
//
//     public func start(_ identity: SignedInIdentity, redirectTo: String = "/") async throws -> Response
//
// on `WebSessions(environment: APIEnvironment, publicBaseURL: String)`. It stores a new session
// for `identity` and answers 303 to `redirectTo` (a local path; anything else becomes `/`) with
// the `vigil_session` cookie. `WebSessions` holds no state of its own (the store does), so any
// code may construct one.

import Crypto
import Foundation
import Hummingbird
import VigilAPI
import VigilCore
import VigilIdentity
import VigilStore

/// A signed-in browser on this request: who it acts as (re-resolved from the store just now) and
/// its CSRF token.
struct ActiveSession: Sendable {
    var principal: Principal
    var flow: SignInFlow
    var displayName: String
    /// Single sign-on sessions see only this space.
    var spaceScope: String?
    var csrfToken: String
    var idHash: [UInt8]
    var expiresAt: Date
}

public struct WebSessions: Sendable {
    let store: Store
    let secrets: SecretBox
    let account: AccountContext
    let cookie: SessionCookie
    let now: @Sendable () -> Date

    public init(environment: APIEnvironment, publicBaseURL: String, now: @escaping @Sendable () -> Date = { Date() }) {
        store = environment.store
        secrets = environment.secrets
        account = environment.account
        cookie = SessionCookie(secure: publicBaseURL.lowercased().hasPrefix("https://"))
        self.now = now
    }

    /// Opens a session for a completed sign-in and redirects to `redirectTo` with the cookie set.
    /// The lifetime is the flow's (`SignInFlow.sessionLifetime`), shortened to the credentials'
    /// own expiry when they are temporary.
    public func start(_ identity: SignedInIdentity, redirectTo: String = "/") async throws -> Response {
        try await start(identity, redirectTo: redirectTo, notAfter: nil)
    }

    func start(_ identity: SignedInIdentity, redirectTo: String, notAfter: Date?) async throws -> Response {
        let token = SessionSecrets.randomToken()
        let idHash = SessionSecrets.digest(token)
        let created = now()
        var expires = created.addingTimeInterval(Double(identity.flow.sessionLifetime.components.seconds))
        if let notAfter, notAfter < expires { expires = notAfter }
        let csrfSecret = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let sealed = try secrets.seal(csrfSecret, context: Self.csrfContext(idHash))
        let p = identity.principal
        let record = WebSessionTable.Record(
            idHash: idHash, principalKind: p.kind.rawValue, principalArn: p.arn, policySubjectArn: p.policySubjectArn,
            uniqueId: p.uniqueId, accessKeyId: p.accessKeyId, sessionName: p.sessionName, flow: identity.flow.rawValue,
            displayName: String(identity.displayName.prefix(200)), spaceScope: identity.agentSpaceId, csrfSealed: sealed,
            createdAt: created, expiresAt: expires)
        try await store.write { tx in
            _ = try tx.webSessions.purge(expiredBefore: created)
            try tx.webSessions.insert(record)
        }
        let maxAge = max(1, Int(expires.timeIntervalSince(created)))
        return WebResponses.redirect(to: redirectTo, cookies: [cookie.set(token, maxAgeSeconds: maxAge), cookie.clearSignIn()])
    }

    /// The session of this request, or nil. An expired session, or one whose principal no longer
    /// exists (user, role, access key or temporary credentials deleted or expired), is deleted.
    func resolve(_ request: Request) async throws -> ActiveSession? {
        guard let token = request.cookies[SessionCookie.name]?.value, SessionSecrets.looksLikeToken(token) else { return nil }
        let idHash = SessionSecrets.digest(token)
        let at = now()
        let account = account
        // A read per request; the store is written only to remove a session that has ended.
        let found: (record: WebSessionTable.Record, principal: Principal?)? = try await store.read { tx in
            guard let record = try tx.webSessions.get(idHash: idHash) else { return nil }
            guard record.expiresAt > at else { return (record, nil) }
            return (record, try PrincipalCheck.current(record, tx: tx, account: account, now: at))
        }
        guard let found else { return nil }
        guard let principal = found.principal, let flow = SignInFlow(rawValue: found.record.flow) else {
            _ = try await store.write { tx in try tx.webSessions.delete(idHash: idHash) }
            return nil
        }
        let record = found.record
        let secret = try secrets.open(record.csrfSealed, context: Self.csrfContext(idHash))
        return ActiveSession(principal: principal, flow: flow, displayName: record.displayName, spaceScope: record.spaceScope,
                             csrfToken: SessionSecrets.csrfToken(secret: secret), idHash: idHash, expiresAt: record.expiresAt)
    }

    /// Sign-out: the row goes, and the cookie is cleared.
    func end(_ session: ActiveSession) async throws -> Response {
        let idHash = session.idHash
        _ = try await store.write { tx in try tx.webSessions.delete(idHash: idHash) }
        return WebResponses.redirect(to: "/", cookies: [cookie.clear()])
    }

    static func csrfContext(_ idHash: [UInt8]) -> String {
        "web-session-csrf:" + idHash.map { String(format: "%02x", $0) }.joined()
    }
}
