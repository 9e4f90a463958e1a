import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VigilAWSClients

/// One moto server (`moto_server -H 127.0.0.1 -p PORT`) for this test target, started on first
/// use and killed when the test process exits. Found as `$VIGIL_MOTO_SERVER`, else next to
/// `$VIGIL_PYTHON`, else in the package's `.venv`; without it the tests that need it fail.
actor LocalMoto {
    static let shared = LocalMoto()
    /// The one start, shared by every caller that asks while it runs (an actor is re-entered at
    /// each `await`, so without it concurrent first calls would each start a server).
    private var starting: Task<AWSEndpoint, Error>?
    /// Servers this process started, killed at exit (no grace needed then: moto is slow to honour
    /// SIGTERM, and a survivor would outlive the test run).
    nonisolated(unsafe) private static var pids: [pid_t] = []
    private static let killAtExit: Void = { atexit { for pid in LocalMoto.pids { kill(pid, SIGKILL) } } }()

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    func endpoint() async throws -> AWSEndpoint {
        if let starting { return try await starting.value }
        let start = Task { try await Self.launch() }
        starting = start
        do {
            return try await start.value
        } catch {
            starting = nil // the next caller tries again
            throw error
        }
    }

    private static func launch() async throws -> AWSEndpoint {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let explicit = environment["VIGIL_MOTO_SERVER"], !explicit.isEmpty { candidates.append(explicit) }
        if let python = environment["VIGIL_PYTHON"], !python.isEmpty {
            candidates.append(URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("moto_server").path)
        }
        candidates.append(TestPaths.packageRoot.appendingPathComponent(".venv/bin/moto_server").path)
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Unavailable(description: "moto_server not found (looked at \(candidates)); run ./scripts/test or install requirements-test.txt into .venv")
        }
        let chosen = try TestPaths.unusedPort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-H", "127.0.0.1", "-p", String(chosen)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        _ = killAtExit
        pids.append(process.processIdentifier)
        for _ in 0..<600 {
            if TestPaths.canConnect(port: chosen) { return AWSEndpoint(scheme: "http", host: "127.0.0.1", port: chosen) }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw Unavailable(description: "moto_server did not start listening on \(chosen)")
    }
}

enum TestPaths {
    static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    static func unusedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LocalMoto.Unavailable(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw LocalMoto.Unavailable(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

/// Sends through async-http-client, adding fixed headers (moto's `x-moto-account-id`) and
/// keeping every request for the test to inspect.
final class RecordingHTTP: HTTPExecutor, @unchecked Sendable {
    private let inner: any HTTPExecutor
    private let extraHeaders: [(String, String)]
    private let lock = NSLock()
    private var recorded: [AWSHTTPRequest] = []

    init(_ inner: any HTTPExecutor, extraHeaders: [(String, String)] = []) {
        self.inner = inner
        self.extraHeaders = extraHeaders
    }

    var requests: [AWSHTTPRequest] { lock.withLock { recorded } }

    /// `X-Amz-Target` operations in order (AWS json-protocol calls).
    var targets: [String] { requests.compactMap { $0.header("X-Amz-Target") } }

    func execute(_ request: AWSHTTPRequest, timeout: Duration, maxBodyBytes: Int) async throws -> AWSHTTPResponse {
        var outgoing = request
        for (name, value) in extraHeaders { outgoing.setHeader(name, value) }
        lock.withLock { recorded.append(outgoing) }
        return try await inner.execute(outgoing, timeout: timeout, maxBodyBytes: maxBodyBytes)
    }
}
