import Foundation
import Hummingbird
import VigilAPI
import VigilAPIModel
import VigilCore
import VigilIdentity
import VigilStore

/// `GET /` (sign-in page or the list of spaces), `POST /auth/signin`, `POST /auth/signout`.
extension WebApp {
    /// Which sign-in flows some space enables, and the spaces offering single sign-on by OIDC.
    struct EnabledFlows: Sendable {
        var iam = false
        var idc = false
        var idpSpaces: [(id: String, name: String, provider: String)] = []
        /// Spaces offering single sign-on with a Vigil identity (`idc`) and the operator role it grants.
        var idcSpaces: [(id: String, name: String, roleArn: String)] = []
        /// Per space: the flows it enables.
        var bySpace: [String: Set<String>] = [:]
        var spaceNames: [String: String] = [:]
        var spaceOrder: [String] = []
    }

    func enabledFlows() async throws -> EnabledFlows {
        try await env.store.read { tx in
            var flows = EnabledFlows()
            var cursor: PageCursor?
            repeat {
                let page = try tx.agentSpaces.list(after: cursor, limit: 500)
                for stored in page.items {
                    let space = try AgentSpace(document: stored.doc)
                    let rows = try tx.operatorApps.all(space: space.agentSpaceId)
                    flows.spaceNames[space.agentSpaceId] = space.name
                    flows.spaceOrder.append(space.agentSpaceId)
                    flows.bySpace[space.agentSpaceId] = Set(rows.map(\.flow))
                    for row in rows {
                        switch row.flow {
                        case "iam": flows.iam = true
                        case "idc":
                            flows.idc = true
                            if let config = try? IdcAuthConfiguration(document: row.doc) {
                                flows.idcSpaces.append((space.agentSpaceId, space.name, config.operatorAppRoleArn))
                            }
                        case "idp":
                            let provider = (try? IdpAuthConfiguration(document: row.doc))?.provider ?? "OpenID Connect"
                            flows.idpSpaces.append((space.agentSpaceId, space.name, provider))
                        default: break
                        }
                    }
                }
                cursor = page.nextCursor
            } while cursor != nil
            return flows
        }
    }

    func home(_ request: Request, ip: String?) async throws -> Response {
        if let session = try await sessions.resolve(request) {
            return try await spacesPage(session, ip: ip)
        }
        return try await signInPage(message: nil, status: .ok)
    }

    func signInPage(message: String?, status: HTTPResponse.Status) async throws -> Response {
        let flows = try await enabledFlows()
        let preSession = SessionSecrets.randomToken()
        let context: [String: Any] = [
            "iam": flows.iam,
            "idc": flows.idc,
            "idp": flows.idpSpaces.map { ["spaceId": $0.id, "spaceName": Untrusted.cut($0.name, 80), "provider": Untrusted.cut($0.provider, 40),
                                          "href": "/auth/oidc/start?space=" + ($0.id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")] },
            "hasIdp": !flows.idpSpaces.isEmpty,
            "idcSpaces": flows.idcSpaces.map { ["spaceId": $0.id, "spaceName": Untrusted.cut($0.name, 80)] },
            "none": !flows.iam && !flows.idc && flows.idpSpaces.isEmpty,
            "csrf": SessionSecrets.signInToken(cookie: preSession, key: signInKey.key),
            "message": message as Any,
        ]
        return WebResponses.html(renderer.render("signin", title: "Sign in", session: nil, context), status: status,
                                 cookies: [sessions.cookie.setSignIn(preSession)])
    }

    /// The submitted sign-in form after its login-CSRF check, or the page that refuses it.
    func signInForm(_ request: Request) async throws -> Result<FormBody, SignInRefusal> {
        guard let form = try? await FormBody.read(request) else {
            return .failure(SignInRefusal(try await signInPage(message: "The sign-in form could not be read.", status: .badRequest)))
        }
        guard let preSession = request.cookies[SessionCookie.signInName]?.value, let presented = form["csrf"],
              SessionSecrets.constantTimeEqual(presented, SessionSecrets.signInToken(cookie: preSession, key: signInKey.key))
        else {
            return .failure(SignInRefusal(try await signInPage(message: "The form's security token (csrf) is missing or not valid; try again.",
                                                               status: .forbidden)))
        }
        return .success(form)
    }

    struct SignInRefusal: Error {
        let response: Response
        init(_ response: Response) { self.response = response }
    }

    func signInSubmitted(_ request: Request, ip: String?) async throws -> Response {
        let form: FormBody
        switch try await signInForm(request) {
        case .success(let submitted): form = submitted
        case .failure(let refusal): return refusal.response
        }
        guard try await enabledFlows().iam else {
            return try await signInPage(message: "Sign-in with access keys is not enabled on any agent space (EnableOperatorApp --auth-flow iam).",
                                        status: .forbidden)
        }
        let keyId = form["accessKeyId"] ?? ""
        guard let verified = await signIn.verify(accessKeyId: keyId, secret: form["secretAccessKey"] ?? "",
                                                 sessionToken: form["sessionToken"]) else {
            await env.audit.record(signIn.auditEntry(accessKeyId: keyId, success: false, principal: nil))
            return try await signInPage(message: IAMSignIn.failureMessage, status: .unauthorized)
        }
        await env.audit.record(signIn.auditEntry(accessKeyId: keyId, success: true, principal: verified.identity.principal))
        return try await sessions.start(verified.identity, redirectTo: "/", notAfter: verified.expiresAt)
    }

    /// `idc`: single sign-on with a Vigil identity, in the manner of IAM Identity Center. The person
    /// signs in with their own Vigil access key; if the space's operator app role trusts that
    /// principal (the same evaluation as STS AssumeRole), the session acts as a session of that role,
    /// scoped to that one space, for 12 hours. No credentials are handed out.
    func idcSignInSubmitted(_ request: Request, ip: String?) async throws -> Response {
        let form: FormBody
        switch try await signInForm(request) {
        case .success(let submitted): form = submitted
        case .failure(let refusal): return refusal.response
        }
        let spaceId = form["space"] ?? ""
        guard let space = try await enabledFlows().idcSpaces.first(where: { $0.id == spaceId }) else {
            return try await signInPage(message: "Single sign-on (idc) is not enabled on that agent space.", status: .forbidden)
        }
        let keyId = form["accessKeyId"] ?? ""
        guard let verified = await signIn.verify(accessKeyId: keyId, secret: form["secretAccessKey"] ?? "", sessionToken: nil),
              verified.identity.principal.kind != .assumedRole else {
            await env.audit.record(signIn.auditEntry(accessKeyId: keyId, success: false, principal: nil, flow: .idc))
            return try await signInPage(message: IAMSignIn.failureMessage, status: .unauthorized)
        }
        let person = verified.identity.principal
        let role = try await env.store.read { tx in try tx.iam.principal(arn: space.roleArn) }
        guard let role, (try? await RoleAssumption.permits(role: role, caller: person, environment: env)) == true else {
            await env.audit.record(signIn.auditEntry(accessKeyId: keyId, success: false, principal: person, flow: .idc))
            return try await signInPage(message: "Your identity may not use this agent space's operator app role (\(space.roleArn)): its trust policy does not admit you.",
                                        status: .forbidden)
        }
        let sessionName = RoleSessionName.from(email: nil, preferredUsername: verified.identity.displayName, subject: person.uniqueId)
        let identity = SignedInIdentity(principal: RoleAssumption.sessionPrincipal(role: role, sessionName: sessionName, accountId: env.account.accountId),
                                        flow: .idc, displayName: "\(verified.identity.displayName) (\(role.name))", agentSpaceId: space.id)
        await env.audit.record(signIn.auditEntry(accessKeyId: keyId, success: true, principal: identity.principal, flow: .idc))
        return try await sessions.start(identity, redirectTo: "/app/spaces/\(space.id)")
    }

    func signOut(_ request: Request, ip: String?) async throws -> Response {
        guard let session = try await sessions.resolve(request) else {
            return WebResponses.redirect(to: "/", cookies: [sessions.cookie.clear()])
        }
        guard let form = try? await FormBody.read(request), let presented = form["csrf"],
              SessionSecrets.constantTimeEqual(presented, session.csrfToken)
        else {
            return errorPage(APIError(code: "Forbidden", httpStatus: 403, message: "The form's security token (csrf) is missing or not valid."),
                             session: session)
        }
        return try await sessions.end(session)
    }

    /// The spaces this session may see: in its SSO scope, with its flow enabled, and allowed
    /// `aidevops:GetAgentSpace` on the space's own ARN.
    func spacesPage(_ session: ActiveSession, ip: String?) async throws -> Response {
        let flows = try await enabledFlows()
        var visible: [[String: Any]] = []
        for id in flows.spaceOrder {
            if let scope = session.spaceScope, scope != id { continue }
            guard flows.bySpace[id]?.contains(session.flow.rawValue) == true else { continue }
            let request = AuthorizationRequest(principal: session.principal, action: "aidevops:GetAgentSpace",
                                               resourceArn: env.account.agentSpaceArn(id), sourceIp: ip)
            guard await env.authorizer.isAllowed(request) else { continue }
            visible.append(["id": id, "name": Untrusted.cut(flows.spaceNames[id] ?? id, 120)])
        }
        return WebResponses.html(renderer.render("spaces", title: "Agent spaces", session: session,
                                                 ["spaces": visible, "empty": visible.isEmpty]))
    }
}
