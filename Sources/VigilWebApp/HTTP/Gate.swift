import Foundation
import Hummingbird
import VigilAPI
import VigilAPIModel
import VigilCore

/// The checks in front of every space page: a live session, the space visible to it (the SSO
/// scope, `aidevops:GetAgentSpace` through the invoker, the session's flow enabled on the space),
/// and, for POSTs, the session's CSRF token.
extension WebApp {
    struct SpaceView: Sendable {
        var id: String
        var name: String
    }

    func page<Context: RemoteAddressRequestContext>(_ request: Request, _ context: Context, api: Bool = false,
                                                    _ body: (ActiveSession, SpaceView) async throws -> Response) async throws -> Response {
        guard let session = try await sessions.resolve(request) else {
            return api ? WebResponses.json(Array(#"{"signedIn":false}"#.utf8), status: .unauthorized)
                       : WebResponses.redirect(to: "/", cookies: [sessions.cookie.clear()])
        }
        let spaceId = context.parameters.get("space") ?? ""
        do {
            let space = try await requireSpace(session, spaceId, ip: context.sourceIp)
            return try await body(session, space)
        } catch let error as APIError {
            return errorPage(error, session: session)
        }
    }

    func action<Context: RemoteAddressRequestContext>(_ request: Request, _ context: Context,
                                                      _ body: (ActiveSession, SpaceView, FormBody) async throws -> Response) async throws -> Response {
        guard let session = try await sessions.resolve(request) else {
            return WebResponses.html(renderer.render("error", title: "Signed out", session: nil,
                                                     ["status": 403, "message": "Your session has ended; sign in again."]), status: .forbidden)
        }
        guard let form = try? await FormBody.read(request), let presented = form["csrf"],
              SessionSecrets.constantTimeEqual(presented, session.csrfToken)
        else {
            return errorPage(APIError(code: "Forbidden", httpStatus: 403, message: "The form's security token (csrf) is missing or not valid; reload the page and try again."),
                             session: session)
        }
        do {
            let space = try await requireSpace(session, context.parameters.get("space") ?? "", ip: context.sourceIp)
            return try await body(session, space, form)
        } catch let error as APIError {
            return errorPage(error, session: session)
        }
    }

    func requireSpace(_ session: ActiveSession, _ spaceId: String, ip: String?) async throws(APIError) -> SpaceView {
        if let scope = session.spaceScope, scope != spaceId {
            throw APIError.notFound("AgentSpace \(Untrusted.cut(spaceId, 64)) does not exist")
        }
        let output = try await invoker.call(GetAgentSpaceOutput.self, operation: "GetAgentSpace", labels: ["agentSpaceId": spaceId],
                                            principal: session.principal, sourceIp: ip)
        let flow = session.flow.rawValue
        let enabled = (try? await env.store.read { tx in try tx.operatorApps.all(space: spaceId).contains { $0.flow == flow } }) ?? false
        guard enabled else {
            throw APIError.notFound("The Operator App is not enabled for this agent space with the \(flow) sign-in flow")
        }
        return SpaceView(id: spaceId, name: output.agentSpace.name)
    }

    func errorPage(_ error: APIError, session: ActiveSession?) -> Response {
        let status = HTTPResponse.Status(code: error.httpStatus)
        return WebResponses.html(renderer.render("error", title: "Error \(error.httpStatus)", session: session,
                                                 ["status": error.httpStatus, "code": error.code,
                                                  "message": Untrusted.cut(error.message, 500)]), status: status)
    }
}
