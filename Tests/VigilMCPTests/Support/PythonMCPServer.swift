import Foundation

/// One of the Python MCP servers in Tests/VigilMCPTests/Servers (official `mcp` SDK), started on
/// a free loopback port with `$VIGIL_PYTHON` and stopped with SIGTERM when the body returns.
enum PythonMCPServer {
    static var python: String? {
        let value = ProcessInfo.processInfo.environment["VIGIL_PYTHON"]
        return (value?.isEmpty ?? true) ? nil : value
    }

    static var available: Bool { python != nil }

    static let serversDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Servers")

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `script` is a file in the Servers folder, or an absolute path. The servers there take the
    /// port first (`0`); other scripts (`portArgument: false`) pick their own.
    static func with<T>(_ script: String, arguments: [String] = [], environment: [String: String] = [:],
                        portArgument: Bool = true,
                        _ body: (_ endpoint: URL) async throws -> T) async throws -> T {
        guard let python else { throw Failure(description: "VIGIL_PYTHON is not set") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        let path = script.hasPrefix("/") ? script : serversDirectory.appendingPathComponent(script).path
        process.arguments = [path] + (portArgument ? ["0"] : []) + arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        try process.run()
        defer { stop(process) }
        let line = await readLine(stdout.fileHandleForReading)
        guard let line, line.hasPrefix("READY "), let url = URL(string: String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces)) else {
            throw Failure(description: "\(script) did not announce READY (got \(line ?? "end of output"))")
        }
        return try await body(url)
    }

    /// SIGTERM, then SIGKILL if the server is still up after 3 s (uvicorn may wait on open
    /// keep-alive connections from the shared HTTP client).
    private static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<150 where process.isRunning { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The first line the server prints (blocking read off the cooperative pool).
    private static func readLine(_ handle: FileHandle) async -> String? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes: [UInt8] = []
                while true {
                    let data = handle.readData(ofLength: 1)
                    guard let byte = data.first else { break }
                    if byte == 0x0A { break }
                    bytes.append(byte)
                }
                continuation.resume(returning: bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}
