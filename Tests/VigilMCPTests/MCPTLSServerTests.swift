import Foundation
import Testing
@testable import VigilMCP

/// TLS against a local HTTPS server whose certificate is signed by a throwaway CA (made with the
/// openssl CLI): refused without the CA bundle, accepted with it. The server answers 404 to
/// everything, so getting that 404 proves the handshake passed verification.
@Suite("MCP TLS verification with a CA bundle", .serialized,
       .enabled(if: PythonMCPServer.available && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
                "needs VIGIL_PYTHON and /usr/bin/openssl"))
struct MCPTLSServerTests {
    static func run(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PythonMCPServer.Failure(description: "openssl \(arguments[0]) failed") }
    }

    static let server = """
    import http.server, ssl, sys
    class H(http.server.BaseHTTPRequestHandler):
        def do_POST(self): self.send_error(404)
        def do_GET(self): self.send_error(404)
        def log_message(self, *a): pass
    s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); c.load_cert_chain(sys.argv[1], sys.argv[2])
    s.socket = c.wrap_socket(s.socket, server_side=True)
    print(f"READY https://127.0.0.1:{s.server_address[1]}/mcp", flush=True)
    s.serve_forever()
    """

    @Test("untrusted certificate refused; the same server trusted through caBundlePath")
    func caBundle() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-mcp-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=Vigil Test CA"], in: dir)
        try Self.run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=127.0.0.1"], in: dir)
        try Data("subjectAltName=IP:127.0.0.1\n".utf8).write(to: dir.appendingPathComponent("ext.cnf"))
        try Self.run(["x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "srv.pem", "-days", "1", "-extfile", "ext.cnf"], in: dir)
        let script = dir.appendingPathComponent("tls_server.py")
        try Data(Self.server.utf8).write(to: script)

        try await PythonMCPServer.with(script.path, arguments: [dir.appendingPathComponent("srv.pem").path, dir.appendingPathComponent("srv.key").path],
                                       portArgument: false) { endpoint in
            #expect(endpoint.scheme == "https")
            await #expect {
                _ = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .none, options: MCPClientOptions())
            } throws: { error in (error as? MCPError)?.kind == .connectionFailed }
            var trusting = MCPClientOptions()
            trusting.caBundlePath = dir.appendingPathComponent("ca.pem").path
            await #expect {
                _ = try await StreamableHTTPMCPClient().connect(endpoint: endpoint, authorization: .none, options: trusting)
            } throws: { error in
                guard let error = error as? MCPError else { return false }
                return error.kind == .protocolViolation && error.message.contains("HTTP 404")
            }
        }
    }
}
