import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A Hummingbird server on 127.0.0.1 with a free port for the duration of `body`, answering every
/// request with `respond` and recording it. Stands in for ServiceNow, a ticket webhook, or an
/// AWS endpoint speaking recorded wire-format answers.
struct TestHTTPServer {
    struct Recorded: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String

        init(status: Int, headers: [String: String] = ["Content-Type": "application/json"], body: String) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Recorded] = []
        func append(_ item: Recorded) { lock.withLock { items.append(item) } }
        var all: [Recorded] { lock.withLock { items } }
    }

    static func with<T: Sendable>(
        respond: @escaping @Sendable (Recorded) -> Reply,
        _ body: @Sendable (_ baseURL: String, _ log: Log) async throws -> T
    ) async throws -> T {
        let log = Log()
        let router = Router()
        router.on("**", method: .post) { request, context -> Response in
            try await answer(request, context: context, log: log, respond: respond)
        }
        router.on("/", method: .post) { request, context -> Response in
            try await answer(request, context: context, log: log, respond: respond)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router,
                              configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw CancellationError() }
        return try await body("http://127.0.0.1:\(port)", log)
    }

    private static func answer(_ request: Request, context: BasicRequestContext, log: Log,
                               respond: @Sendable (Recorded) -> Reply) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 8 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let recorded = Recorded(method: request.method.rawValue, path: request.uri.path, headers: headers,
                                body: String(buffer: buffer))
        log.append(recorded)
        let reply = respond(recorded)
        var responseHeaders = HTTPFields()
        for (name, value) in reply.headers {
            if let field = HTTPField.Name(name) { responseHeaders[field] = value }
        }
        return Response(status: HTTPResponse.Status(code: reply.status), headers: responseHeaders,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
    }
}
