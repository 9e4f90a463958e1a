import Foundation
import Hummingbird
import NIOCore

/// Mounts `GET /vigil/oauth/callback`, where the browser returns from an MCP server's OAuth
/// authorization (see `MCPAuthorizationFlow`). Not a SigV4 operation: the single-use `state`
/// is the capability.
public enum MCPOAuthCallbackRoute {
    public static func mount<Context: RequestContext>(on router: Router<Context>, environment: APIEnvironment) {
        router.get(RouterPath(stringLiteral: MCPAuthorizationFlow.callbackPath)) { request, _ -> Response in
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            let reply = await MCPAuthorizationFlow.complete(env: environment, query: query)
            var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"]
            if let location = reply.location { headers[.location] = location }
            return Response(status: .init(code: reply.status), headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: reply.message + "\n")))
        }
    }
}
