import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import VigilAPIModel
import VigilGuard

/// What a request's reply came to: the JSON-RPC result, or (for tool calls over the size cap)
/// the bytes still held when reading stopped.
enum MCPReplyOutcome: Sendable {
    case result(JSONValue, byteCount: Int)
    case truncated(partial: [UInt8], byteCount: Int)
}

/// What to do with a reply larger than `maxReplyBytes`.
enum MCPOversizePolicy: Sendable {
    case fail
    case truncate
}

/// Observes what a server sends besides responses (progress, logging and other notifications).
public typealias MCPNotificationObserver = @Sendable (_ method: String, _ params: JSONValue?) -> Void

/// One Streamable HTTP session (MCP 2025-03-26 / 2025-06-18 "Streamable HTTP" transport): every
/// message is a POST to the endpoint; a reply is one JSON response or an SSE stream that may carry
/// notifications and server requests before the response, and may be resumed with a GET carrying
/// `Last-Event-ID` when it breaks. An actor: it owns the session id and the request ids.
actor MCPStreamableTransport {
    let endpoint: URL
    let options: MCPClientOptions
    private let http: MCPHTTPContext
    private let authorizer: MCPAuthorizer
    private let observer: MCPNotificationObserver?
    private var sessionId: String?
    private var protocolVersion: String?
    private var nextId: Int64 = 1

    init(endpoint: URL, options: MCPClientOptions, http: MCPHTTPContext, authorizer: MCPAuthorizer,
         observer: MCPNotificationObserver?) {
        self.endpoint = endpoint
        self.options = options
        self.http = http
        self.authorizer = authorizer
        self.observer = observer
    }

    var currentSessionId: String? { sessionId }

    // MARK: - Lifecycle

    /// `initialize`, a check of the agreed version, then `notifications/initialized`.
    func initialize(clientVersion: String) async throws -> MCPServerInfo {
        let params: JSONValue = [
            "protocolVersion": .string(MCPProtocolVersion.latest),
            "capabilities": [:],
            "clientInfo": ["name": "vigil", "version": .string(clientVersion)],
        ]
        let outcome = try await request(method: "initialize", params: params, oversize: .fail, cancellable: false)
        guard case .result(let result, _) = outcome else {
            throw MCPError(.replyTooLarge, "The MCP server's initialize reply was larger than \(options.maxReplyBytes) bytes")
        }
        let info: MCPServerInfo
        do {
            info = try MCPResultDecoding.serverInfo(result)
        } catch {
            await close()
            throw error
        }
        protocolVersion = info.protocolVersion
        try await notify(method: "notifications/initialized", params: nil)
        return info
    }

    /// Ends the session with DELETE when the server issued one (a 405 means it does not allow it).
    func close() async {
        guard let session = sessionId else { return }
        sessionId = nil
        do {
            let headers = try await authorizer.authorize(method: "DELETE", url: endpoint,
                                                         headers: [("Mcp-Session-Id", session)] + versionHeader, body: [])
            let response = try await http.execute(http.request(endpoint, method: .DELETE, headers: headers, body: nil),
                                                  timeout: min(options.requestTimeout, .seconds(5)))
            _ = try? await MCPHTTPContext.collect(response.body, limit: 64 * 1024, what: "DELETE reply")
        } catch {
            http.logger.debug("MCP session close failed", metadata: ["endpoint": "\(MCPHTTPContext.origin(endpoint.absoluteString))"])
        }
    }

    // MARK: - Requests

    /// Sends one request and waits for its response, within `timeout` (default `requestTimeout`).
    /// On timeout or when the calling task is cancelled, tells the server with
    /// `notifications/cancelled`.
    func request(method: String, params: JSONValue?, oversize: MCPOversizePolicy,
                 cancellable: Bool = true, timeout: Duration? = nil) async throws -> MCPReplyOutcome {
        let id = nextId
        nextId += 1
        let timeout = timeout ?? options.requestTimeout
        do {
            return try await withThrowingTaskGroup(of: MCPReplyOutcome.self) { group in
                group.addTask { try await self.exchange(id: id, method: method, params: params, oversize: oversize) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw MCPError(.timeout, "The MCP server did not answer \(method) within \(timeout)")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else {
                    throw MCPError(.cancelled, "The \(method) request was cancelled")
                }
                return first
            }
        } catch let error as MCPError where error.kind == .timeout {
            if cancellable { await sendCancelled(id: id, reason: "Vigil stopped waiting: request timeout (\(timeout)) passed") }
            throw error
        } catch {
            if Task.isCancelled {
                if cancellable { await sendCancelled(id: id, reason: "The caller cancelled the request") }
                throw MCPError(.cancelled, "The \(method) request was cancelled")
            }
            if let error = error as? MCPError { throw error }
            throw MCPError(.connectionFailed, "The \(method) request failed: \(error)")
        }
    }

    /// Posts a notification; the server answers 202 (some answer 200 with an empty body).
    func notify(method: String, params: JSONValue?) async throws {
        let body = JSONRPCMessage.notification(method: method, params: params).bytes
        let response = try await post(body, timeout: options.requestTimeout)
        _ = try? await MCPHTTPContext.collect(response.body, limit: 64 * 1024, what: "The reply to a notification")
        guard (200..<300).contains(Int(response.status.code)) else {
            throw statusError(response, method: method)
        }
    }

    /// From an unstructured task, so it is sent even though the caller's task is cancelled; bounded
    /// by its own short timeout and never failing the caller.
    private func sendCancelled(id: Int64, reason: String) async {
        let params: JSONValue = ["requestId": .int(id), "reason": .string(reason)]
        let body = JSONRPCMessage.notification(method: "notifications/cancelled", params: params).bytes
        let limit = min(options.requestTimeout, .seconds(5))
        await Task {
            do {
                let response = try await self.post(body, timeout: limit)
                _ = try? await MCPHTTPContext.collect(response.body, limit: 64 * 1024, what: "The reply to notifications/cancelled")
            } catch {
                self.http.logger.debug("MCP notifications/cancelled not delivered",
                                       metadata: ["endpoint": "\(MCPHTTPContext.origin(self.endpoint.absoluteString))"])
            }
        }.value
    }

    // MARK: - One exchange

    private func exchange(id: Int64, method: String, params: JSONValue?, oversize: MCPOversizePolicy) async throws -> MCPReplyOutcome {
        let body = JSONRPCMessage.request(id: .int(id), method: method, params: params).bytes
        let response = try await post(body, timeout: streamDeadline)
        let status = Int(response.status.code)
        if method == "initialize" {
            if [400, 404, 405].contains(status) {
                try await LegacyTransportProbe(http: http, authorizer: authorizer, endpoint: endpoint,
                                               timeout: min(options.requestTimeout, .seconds(10))).refuseIfLegacy(initializeStatus: status)
            }
            if let session = response.headers.first(name: "mcp-session-id") {
                guard !session.isEmpty, session.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                    throw MCPError(.protocolViolation, "The MCP server issued a session id with characters outside visible ASCII")
                }
                sessionId = session
            }
        }
        guard status != 202 else {
            throw MCPError(.protocolViolation, "The MCP server accepted \(method) (HTTP 202) without answering it")
        }
        guard (200..<300).contains(status) else { throw statusError(response, method: method) }
        var budget = ReplyBudget(cap: options.maxReplyBytes, oversize: oversize, method: method)
        switch MCPHTTPContext.mediaType(response) {
        case "application/json":
            return try await readJSON(response.body, id: id, budget: &budget)
        case "text/event-stream":
            var parser = SSEParser()
            if let outcome = try await readStream(response.body, id: id, parser: &parser, budget: &budget) {
                return outcome
            }
            return try await resume(id: id, method: method, parser: &parser, budget: &budget)
        case let other:
            throw MCPError(.protocolViolation,
                           "The MCP server answered \(method) with Content-Type \"\(other.isEmpty ? "(none)" : other)\"; expected application/json or text/event-stream")
        }
    }

    private func readJSON(_ body: HTTPClientResponse.Body, id: Int64, budget: inout ReplyBudget) async throws -> MCPReplyOutcome {
        var bytes: [UInt8] = []
        for try await chunk in body {
            bytes.append(contentsOf: chunk.readableBytesView)
            budget.seen += chunk.readableBytes
            if budget.seen > budget.cap { return try budget.overflow(partial: bytes) }
        }
        for message in try JSONRPCMessage.decode(bytes) {
            if let outcome = try await handle(message, awaiting: id, byteCount: budget.seen) { return outcome }
        }
        throw MCPError(.protocolViolation, "The MCP server's JSON reply to \(budget.method) holds no response with id \(id)")
    }

    /// Reads events until the response to `id` arrives (returned) or the stream ends (nil). A
    /// connection broken mid-stream counts as an end, to be resumed.
    private func readStream(_ body: HTTPClientResponse.Body, id: Int64, parser: inout SSEParser,
                            budget: inout ReplyBudget) async throws -> MCPReplyOutcome? {
        do {
            for try await chunk in body {
                budget.seen += chunk.readableBytes
                for event in parser.feed(chunk.readableBytesView) where event.type == "message" && !event.data.isEmpty {
                    for message in try JSONRPCMessage.decode(Array(event.data.utf8)) {
                        if let outcome = try await handle(message, awaiting: id, byteCount: budget.seen) { return outcome }
                    }
                }
                if budget.seen > budget.cap { return try budget.overflow(partial: parser.pendingBytes) }
            }
        } catch let error as MCPError {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            http.logger.debug("MCP reply stream broke", metadata: ["error": "\(error)"])
        }
        return nil
    }

    /// GET with `Last-Event-ID` until the response arrives, at most `maxResumptions` times.
    private func resume(id: Int64, method: String, parser: inout SSEParser, budget: inout ReplyBudget) async throws -> MCPReplyOutcome {
        var attempts = 0
        while attempts < options.maxResumptions {
            guard let lastEventId = parser.lastEventId else {
                throw MCPError(.connectionFailed,
                               "The MCP server closed the reply stream to \(method) before answering, without an event id to resume from")
            }
            attempts += 1
            var headers: [(String, String)] = [("Accept", "text/event-stream"), ("Last-Event-ID", lastEventId)] + versionHeader
            if let sessionId { headers.append(("Mcp-Session-Id", sessionId)) }
            let response = try await send(method: .GET, headers: headers, body: nil, timeout: streamDeadline)
            let status = Int(response.status.code)
            guard status == 200, MCPHTTPContext.mediaType(response) == "text/event-stream" else {
                if status == 404, sessionId != nil { throw sessionExpired() }
                throw MCPError(.connectionFailed,
                               "The MCP server closed the reply stream to \(method) before answering, and resuming it with Last-Event-ID \(lastEventId) failed (HTTP \(status))")
            }
            // A new stream: what the broken one left half-parsed is dropped, only the event id is kept.
            parser = SSEParser(resuming: lastEventId)
            if let outcome = try await readStream(response.body, id: id, parser: &parser, budget: &budget) { return outcome }
        }
        throw MCPError(.connectionFailed,
                       "The MCP server closed the reply stream to \(method) before answering, \(attempts + 1) times; gave up after \(options.maxResumptions) resumptions with Last-Event-ID")
    }

    /// The response to `id` ends the exchange; server notifications go to the observer; server
    /// requests are answered (`ping`) or refused (-32601); responses to other ids are ignored.
    private func handle(_ message: JSONRPCMessage, awaiting id: Int64, byteCount: Int) async throws -> MCPReplyOutcome? {
        switch message {
        case .response(let responseId, let result):
            guard responseId.int64Value == id else { return nil }
            return .result(result, byteCount: byteCount)
        case .error(let responseId, let code, let text, _):
            guard responseId == nil || responseId?.int64Value == id else { return nil }
            throw MCPError(.serverError, "The MCP server returned JSON-RPC error \(code): \(String(text.prefix(500)))")
        case .notification(let method, let params):
            observer?(method, params)
            return nil
        case .request(let requestId, let method, _):
            let reply: JSONRPCMessage = method == "ping"
                ? .response(id: requestId, result: [:])
                : .error(id: requestId, code: JSONRPCMessage.methodNotFound,
                         message: "Vigil does not serve \(method)", data: nil)
            do {
                let response = try await post(reply.bytes, timeout: min(options.requestTimeout, .seconds(5)))
                _ = try? await MCPHTTPContext.collect(response.body, limit: 64 * 1024, what: "The reply to a response")
            } catch let error as MCPError {
                http.logger.debug("MCP reply to a server request not delivered", metadata: ["error": "\(error.message)"])
            }
            return nil
        }
    }

    // MARK: - HTTP

    /// The HTTP client's own deadline for a reply read within `request`: later than the request
    /// timeout, which `request` enforces itself (so a timeout is reported as one, and cancelled).
    private var streamDeadline: Duration { max(options.requestTimeout, options.toolCallTimeout ?? .zero) + .seconds(5) }

    private var versionHeader: [(String, String)] {
        protocolVersion.map { [("MCP-Protocol-Version", $0)] } ?? []
    }

    /// A POST of one message with the session and version headers.
    private func post(_ body: [UInt8], timeout: Duration) async throws -> HTTPClientResponse {
        var headers: [(String, String)] = [("Content-Type", "application/json"),
                                           ("Accept", "application/json, text/event-stream")] + versionHeader
        if let sessionId { headers.append(("Mcp-Session-Id", sessionId)) }
        return try await send(method: .POST, headers: headers, body: body, timeout: timeout)
    }

    /// Adds the credentials and sends; after a 401, renews an OAuth token and retries once.
    private func send(method: HTTPMethod, headers: [(String, String)], body: [UInt8]?, timeout: Duration) async throws -> HTTPClientResponse {
        var renewed = false
        while true {
            let signed = try await authorizer.authorize(method: method.rawValue, url: endpoint, headers: headers, body: body ?? [])
            let response = try await http.execute(http.request(endpoint, method: method, headers: signed, body: body), timeout: timeout)
            if response.status == .unauthorized, !renewed, try await authorizer.renewAfterUnauthorized() {
                renewed = true
                continue
            }
            return response
        }
    }

    private func sessionExpired() -> MCPError {
        MCPError(.connectionFailed, "The MCP server no longer knows this session (HTTP 404 for the session id it issued): the session expired; connect again to start a new one")
    }

    private func statusError(_ response: HTTPClientResponse, method: String) -> MCPError {
        let status = Int(response.status.code)
        switch status {
        case 401, 403:
            return MCPError(.unauthorized, "The MCP server refused Vigil's credentials for \(method) (HTTP \(status))")
        case 404 where sessionId != nil:
            return sessionExpired()
        default:
            return MCPError(.protocolViolation, "The MCP server answered \(method) with HTTP \(status)")
        }
    }
}

/// Counts a reply's bytes against the cap and decides what crossing it means.
struct ReplyBudget {
    let cap: Int
    let oversize: MCPOversizePolicy
    let method: String
    var seen = 0

    func overflow(partial: [UInt8]) throws -> MCPReplyOutcome {
        switch oversize {
        case .truncate:
            return .truncated(partial: partial, byteCount: seen)
        case .fail:
            throw MCPError(.replyTooLarge, "The MCP server's reply to \(method) was larger than the \(cap)-byte limit (read \(seen) bytes before stopping)")
        }
    }
}
