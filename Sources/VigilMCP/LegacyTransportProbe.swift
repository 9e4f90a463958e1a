import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// Recognises a server that speaks only the deprecated HTTP+SSE transport (protocol 2024-11-05):
/// it refuses a POST of `initialize`, and a GET opens an event stream whose first event is
/// `endpoint` (the URL to post messages to). Such a server is refused with a message saying so.
struct LegacyTransportProbe {
    let http: MCPHTTPContext
    let authorizer: MCPAuthorizer
    let endpoint: URL
    let timeout: Duration

    /// Reads at most this much of the GET stream looking for the first event.
    static let maxProbeBytes = 16 * 1024

    func refuseIfLegacy(initializeStatus: Int) async throws {
        let headers = try await authorizer.authorize(method: "GET", url: endpoint,
                                                     headers: [("Accept", "text/event-stream")], body: [])
        let response: HTTPClientResponse
        do {
            response = try await http.execute(http.request(endpoint, method: .GET, headers: headers, body: nil), timeout: timeout)
        } catch {
            throw notMCP(initializeStatus)
        }
        guard response.status == .ok, MCPHTTPContext.mediaType(response) == "text/event-stream" else {
            throw notMCP(initializeStatus)
        }
        var parser = SSEParser()
        var seen = 0
        // The first event decides; the stream stays open on the server side, so stop reading then.
        for try await chunk in response.body {
            seen += chunk.readableBytes
            if let first = parser.feed(chunk.readableBytesView).first {
                if first.type == "endpoint" {
                    throw MCPError(.unsupportedTransport,
                                   "The server at \(MCPHTTPContext.origin(endpoint.absoluteString)) offers only the deprecated HTTP+SSE transport (MCP 2024-11-05: a GET event stream announcing an \"endpoint\"); Vigil supports only Streamable HTTP (MCP 2025-03-26 and later)")
                }
                break
            }
            if seen > Self.maxProbeBytes { break }
        }
        throw notMCP(initializeStatus)
    }

    private func notMCP(_ status: Int) -> MCPError {
        MCPError(.protocolViolation,
                 "The server at \(MCPHTTPContext.origin(endpoint.absoluteString)) refused the MCP initialize request (HTTP \(status)); it does not look like a Streamable HTTP MCP endpoint (check the URL path)")
    }
}
