import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Logging
import VigilAPI

/// `GET /auth/oidc/start?space=ID` and `GET /auth/oidc/callback` (docs/webapp-sign-in.md).
public enum OIDCRoutes {
    /// The cookie binding a started sign-in to the browser that started it (against login CSRF).
    static let stateCookie = "vigil_oidc_state"

    /// Extra certificate authorities for issuers behind a private CA: a PEM file named by
    /// `VIGIL_OIDC_CA_FILE`, added to the system's roots.
    public static func mount<Context: RequestContext>(on router: Router<Context>, environment: APIEnvironment, httpClient: HTTPClient,
                                                      extraTrustRootsPEMFile: String? = ProcessInfo.processInfo.environment["VIGIL_OIDC_CA_FILE"]) {
        let transport: any OIDCTransport
        do {
            transport = try HTTPClientOIDCTransport(client: httpClient, extraTrustRootsPEMFile: extraTrustRootsPEMFile)
        } catch {
            environment.logger.error("VIGIL_OIDC_CA_FILE is not a readable PEM certificate file; identity-provider sign-in uses the system roots only")
            transport = (try? HTTPClientOIDCTransport(client: httpClient)) ?? UnreachableTransport()
        }
        let signIn = OIDCSignIn(store: environment.store, secrets: environment.secrets, account: environment.account,
                                publicBaseURL: environment.publicBaseURL, transport: transport)
        let sessions = WebSessions(environment: environment, publicBaseURL: environment.publicBaseURL)
        let secure = environment.publicBaseURL.lowercased().hasPrefix("https://")
        let logger = environment.logger
        // The app's own stylesheet (content-hashed path), so the error page looks like the others.
        let stylesheet = PageRenderer.bundledStatic.flatMap { try? StaticAssets(directory: $0) }?.paths["app.css"]

        router.get("/auth/oidc/start") { request, _ -> Response in
            do {
                let started = try await signIn.start(space: request.uri.queryParameters["space"].map(String.init))
                var headers = WebResponses.securityHeaders()
                headers[.location] = started.location
                // Lax: the callback is a top-level navigation back from the issuer, which Lax allows.
                headers[.setCookie] = "\(stateCookie)=\(started.state); Path=/auth/oidc; Max-Age=600; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
                return Response(status: .found, headers: headers)
            } catch {
                return errorPage(error, stylesheet: stylesheet, logger: logger)
            }
        }

        router.get("/auth/oidc/callback") { request, _ -> Response in
            var query: [String: String] = [:]
            for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
            let clearState = "\(stateCookie)=; Path=/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
            do {
                let identity = try await signIn.finish(query: query, stateCookie: request.cookies[stateCookie]?.value)
                // An SSO session sees only its space: open on that space's overview.
                let space = identity.agentSpaceId?.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;?#%"))) ?? ""
                var response = try await sessions.start(identity, redirectTo: space.isEmpty ? "/" : "/app/spaces/\(space)")
                response.headers.append(HTTPField(name: .setCookie, value: clearState))
                logger.info("identity-provider sign-in", metadata: ["principal": .string(identity.principal.arn),
                                                                      "space": .string(identity.agentSpaceId ?? "")])
                return response
            } catch {
                var response = errorPage(error, stylesheet: stylesheet, logger: logger)
                response.headers.append(HTTPField(name: .setCookie, value: clearState))
                return response
            }
        }
    }

    /// A page that names the failed check; the log gets the same, never a token.
    static func errorPage(_ error: any Error, stylesheet: String?, logger: Logger) -> Response {
        let failure = (error as? OIDCError) ?? .misconfigured("an internal error occurred")
        if !(error is OIDCError) { logger.error("identity-provider sign-in failed: \(String(describing: type(of: error)))") }
        logger.notice("identity-provider sign-in refused", metadata: ["reason": .string(failure.message)])
        let link = stylesheet.map { "<link rel=\"stylesheet\" href=\"\(SVGText.escape($0))\">" } ?? ""
        let page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sign-in failed · Vigil</title>\(link)</head>
            <body><header class="top"><a class="brand" href="/">Vigil</a></header>
            <main><h1>Sign-in failed</h1>
            <p id="signin-error" class="message error">\(SVGText.escape(failure.message))</p>
            <p><a href="/">Back to the sign-in page</a></p></main></body></html>
            """
        return WebResponses.html(page, status: .init(code: failure.status))
    }
}

/// Used only when no transport could be built: every sign-in then reports the issuer unreachable.
struct UnreachableTransport: OIDCTransport {
    struct Unreachable: Error {}
    func get(_ url: String) async throws -> (status: Int, body: [UInt8]) { throw Unreachable() }
    func postForm(_ url: String, headers: [(String, String)], body: String) async throws -> (status: Int, body: [UInt8]) { throw Unreachable() }
}
