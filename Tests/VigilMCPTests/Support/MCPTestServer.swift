import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VigilAPIModel

/// A Hummingbird server on 127.0.0.1 (free port) whose every answer is scripted by the test, so
/// misbehaviour the Python SDK cannot be made to show (split chunks, broken streams, silence,
/// huge replies, the old transport) can be served on purpose. Every request is recorded.
struct MCPTestServer {
    struct Received: Sendable {
        var method: String
        var path: String
        /// Header names lower-cased.
        var headers: [String: String]
        var body: [UInt8]
        /// The JSON-RPC message posted, when the body is JSON.
        var json: JSONValue?
        var rawHeaders: [(name: String, value: String)]

        var rpcMethod: String? { json?["method"]?.stringValue }
        var rpcId: JSONValue? { json?["id"] }
        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    struct Reply: Sendable {
        typealias Writer = @Sendable (inout any ResponseBodyWriter) async throws -> Void
        var status: Int
        var headers: [String: String]
        var write: Writer

        init(status: Int, headers: [String: String] = [:], bytes: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.write = { writer in
                if !bytes.isEmpty { try await writer.write(ByteBuffer(bytes: bytes)) }
            }
        }

        init(status: Int, headers: [String: String], write: @escaping Writer) {
            self.status = status
            self.headers = headers
            self.write = write
        }

        static func json(_ value: JSONValue, headers: [String: String] = [:]) -> Reply {
            Reply(status: 200, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a },
                  bytes: JSONWriter.write(value))
        }

        /// An SSE reply written in the given pieces, one write each.
        static func sse(chunks: [[UInt8]], headers: [String: String] = [:]) -> Reply {
            Reply(status: 200, headers: headers.merging(["Content-Type": "text/event-stream"]) { a, _ in a }) { writer in
                for chunk in chunks {
                    try await writer.write(ByteBuffer(bytes: chunk))
                    await Task.yield()
                }
            }
        }

        static let accepted = Reply(status: 202)
    }

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Received] = []
        private var counters: [String: Int] = [:]
        func append(_ item: Received) { lock.withLock { items.append(item) } }
        var all: [Received] { lock.withLock { items } }
        func posted(_ rpcMethod: String) -> [Received] { all.filter { $0.method == "POST" && $0.rpcMethod == rpcMethod } }
        /// A counter the handler can bump (for "first time / second time" scripts).
        func next(_ key: String) -> Int { lock.withLock { counters[key, default: 0] += 1; return counters[key]! } }
    }

    typealias Handler = @Sendable (Received, Log) async -> Reply

    static func with<T: Sendable>(
        _ handler: @escaping Handler,
        _ body: @Sendable (_ endpoint: URL, _ log: Log) async throws -> T
    ) async throws -> T {
        let log = Log()
        let router = Router()
        for method in [HTTPRequest.Method.post, .get, .delete] {
            router.on("**", method: method) { request, _ -> Response in
                try await answer(request, log: log, handler: handler)
            }
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router,
                              configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0, let url = URL(string: "http://127.0.0.1:\(port)/mcp") else {
            throw CancellationError()
        }
        return try await body(url, log)
    }

    private static func answer(_ request: Request, log: Log, handler: Handler) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 16 << 20)
        var headers: [String: String] = [:]
        var raw: [(name: String, value: String)] = []
        for field in request.headers {
            headers[field.name.canonicalName.lowercased()] = field.value
            raw.append((name: field.name.canonicalName, value: field.value))
        }
        // HTTPTypes keeps the Host header as the request's authority.
        if let authority = request.head.authority {
            headers["host"] = authority
            raw.insert((name: "Host", value: authority), at: 0)
        }
        let bytes = Array(buffer.readableBytesView)
        let received = Received(method: request.method.rawValue, path: request.uri.path, headers: headers, body: bytes,
                                json: bytes.isEmpty ? nil : try? JSONParser.parse(bytes), rawHeaders: raw)
        log.append(received)
        let reply = await handler(received, log)
        var fields = HTTPFields()
        for (name, value) in reply.headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        let write = reply.write
        return Response(status: HTTPResponse.Status(code: reply.status), headers: fields,
                        body: ResponseBody { writer in
                            try await write(&writer)
                            try await writer.finish(nil)
                        })
    }
}
