// Operator Web App (issue 10, docs/webapp.md). Server-rendered pages from Templates/, assets from
// Static/ under hashed names, sessions in the store. Mounted by VigilServer with
// `WebApp.mount(on:environment:publicBaseURL:auditLog:)`; it owns `/`, `/app/...`, `/static/...`
// and `/auth/signin`, `/auth/signout` (the OIDC routes under `/auth/oidc/` are mounted separately).

import Foundation
import Hummingbird
import VigilAPI
import VigilAudit
import VigilCore
import VigilIdentity
import VigilStore

public struct WebApp: Sendable {
    let env: APIEnvironment
    let invoker: APIInvoker
    let sessions: WebSessions
    let renderer: PageRenderer
    let signIn: IAMSignIn
    /// The audit log itself, for inclusion proofs on the audit page; nil: proofs are not shown.
    let auditLog: AuditLog?
    let signInKey: SymmetricKeyBox

    public init(environment: APIEnvironment, publicBaseURL: String, auditLog: AuditLog?) throws {
        guard let templates = PageRenderer.bundledTemplates, let statics = PageRenderer.bundledStatic else {
            throw ConfigurationError("web app resources (Templates, Static) are missing from the bundle")
        }
        env = environment
        invoker = APIInvoker(environment: environment)
        sessions = WebSessions(environment: environment, publicBaseURL: publicBaseURL)
        renderer = try PageRenderer(templates: templates, assets: try StaticAssets(directory: statics))
        signIn = IAMSignIn(accessKeys: environment.accessKeys, account: environment.account)
        self.auditLog = auditLog
        signInKey = SymmetricKeyBox(environment.secrets.derivedKey(purpose: "web-signin-csrf"))
    }

    /// Adds the app's routes to `router`. Mount before the STS middleware so a browser's `GET /` reaches
    /// the home page; no other path of the app collides with the API.
    @discardableResult
    public static func mount<Context: RemoteAddressRequestContext>(on router: Router<Context>, environment: APIEnvironment,
                                                                   publicBaseURL: String, auditLog: AuditLog?) throws -> WebApp {
        let app = try WebApp(environment: environment, publicBaseURL: publicBaseURL, auditLog: auditLog)
        app.addRoutes(to: router)
        return app
    }

    func addRoutes<Context: RemoteAddressRequestContext>(to router: Router<Context>) {
        let app = self
        // `GET /` is a middleware, not a route: a route for `/` would take the STS query API's
        // requests too (Hummingbird applies later middleware only to later routes).
        router.add(middleware: HomeMiddleware(app: app))
        router.get("/auth/signin") { _, _ in WebResponses.redirect(to: "/") }
        router.post("/auth/signin") { request, context in try await app.signInSubmitted(request, ip: context.sourceIp) }
        router.post("/auth/idc") { request, context in try await app.idcSignInSubmitted(request, ip: context.sourceIp) }
        router.post("/auth/signout") { request, context in try await app.signOut(request, ip: context.sourceIp) }
        router.get("/static/:file") { _, context in app.renderer.assets.response(context.parameters.get("file") ?? "") }
        router.get("/app/spaces/:space") { request, context in
            try await app.page(request, context) { s, space in try await app.overview(s, space: space, ip: context.sourceIp) }
        }
        router.get("/app/spaces/:space/backlog") { request, context in
            try await app.page(request, context) { s, space in try await app.backlog(request, s, space: space, ip: context.sourceIp) }
        }
        router.post("/app/spaces/:space/backlog") { request, context in
            try await app.action(request, context) { s, space, form in try await app.createTask(s, space: space, form: form, ip: context.sourceIp) }
        }
        router.get("/app/spaces/:space/tasks/:task") { request, context in
            try await app.page(request, context) { s, space in
                try await app.investigation(s, space: space, taskId: context.parameters.get("task") ?? "", ip: context.sourceIp)
            }
        }
        router.get("/app/spaces/:space/tasks/:task/journal.json") { request, context in
            try await app.page(request, context, api: true) { s, space in
                try await app.journalFeed(request, s, space: space, taskId: context.parameters.get("task") ?? "", ip: context.sourceIp)
            }
        }
        router.get("/app/spaces/:space/tasks/:task/topology.svg") { request, context in
            try await app.page(request, context) { s, space in
                try await app.topologySVG(s, space: space, taskId: context.parameters.get("task") ?? "", ip: context.sourceIp)
            }
        }
        router.get("/app/spaces/:space/tasks/:task/evidence/:index") { request, context in
            try await app.page(request, context) { s, space in
                try await app.evidenceChartSVG(s, space: space, taskId: context.parameters.get("task") ?? "",
                                               index: context.parameters.get("index") ?? "", ip: context.sourceIp)
            }
        }
        router.post("/app/spaces/:space/tasks/:task/recommendations/:rec") { request, context in
            try await app.action(request, context) { s, space, form in
                try await app.decide(s, space: space, taskId: context.parameters.get("task") ?? "",
                                     recommendationId: context.parameters.get("rec") ?? "", form: form, ip: context.sourceIp)
            }
        }
        router.post("/app/spaces/:space/tasks/:task/escalate") { request, context in
            try await app.action(request, context) { s, space, form in
                try await app.escalate(s, space: space, taskId: context.parameters.get("task") ?? "", form: form, ip: context.sourceIp)
            }
        }
        router.get("/app/spaces/:space/tasks/:task/audit") { request, context in
            try await app.page(request, context) { s, space in
                try await app.auditPage(s, space: space, taskId: context.parameters.get("task") ?? "", ip: context.sourceIp)
            }
        }
    }
}

extension RemoteAddressRequestContext {
    var sourceIp: String? { remoteAddress?.ipAddress }
}

import Crypto

/// A symmetric key as a Sendable value.
struct SymmetricKeyBox: @unchecked Sendable {
    let key: SymmetricKey
    init(_ key: SymmetricKey) { self.key = key }
}
