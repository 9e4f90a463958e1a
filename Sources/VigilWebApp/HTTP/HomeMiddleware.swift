import Hummingbird

/// `GET /` is shared with the STS query API (`GET /?Action=AssumeRole&…`, signed). This middleware
/// sits in front of it and answers a browser's request for the home page: a GET of `/` with no
/// `Authorization` header and no `Action` parameter. Everything else passes on unchanged.
struct HomeMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let app: WebApp

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isBrowserHome(request) else { return try await next(request, context) }
        return try await app.home(request, ip: context.sourceIp)
    }

    static func isBrowserHome(_ request: Request) -> Bool {
        request.method == .get && request.uri.path == "/" && request.headers[.authorization] == nil
            && !FormBody(parsing: request.uri.query ?? "").fields.contains { $0.name == "Action" }
    }
}
