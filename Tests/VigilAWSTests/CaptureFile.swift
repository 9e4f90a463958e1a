import Foundation
import Testing
import VigilAWS

/// One request of `shared/reference/sigv4-captures.txt` (the "FULL RAW LOG" section).
struct CapturedRequest: Sendable, CustomStringConvertible {
    var index: Int
    var method: String
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// From the "SIGV4 VERIFICATION PER REQUEST" table: whether the capture's own verifier
    /// accepted it with the real secret (the 8 signed with 'x' say `double=False`).
    var signedWithRealSecret: Bool
    /// Whether a single-encoded canonical path also verified.
    var singleEncodingVerified: Bool

    var request: SignableRequest {
        SignableRequest(method: method, target: target, headers: headers, body: body)
    }

    var amzDate: Date {
        get throws {
            let value = try #require(request.firstHeader("X-Amz-Date"), "capture #\(index) has no X-Amz-Date")
            return try #require(AmzDate.parse(value), "capture #\(index): bad X-Amz-Date \(value)")
        }
    }

    var description: String { "#\(index) \(method) \(target)" }
}

enum Captures {
    static let accessKeyId = "AKIDEXAMPLE"
    static let realSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let wrongSecret = "x"
    static let region = "us-east-1"
    static let service = "aidevops"

    /// `<repo root>/../shared/reference/sigv4-captures.txt`, the repo root being three levels
    /// up from this file; `VIGIL_SHARED_DIR` (the `shared` folder) overrides it.
    static func locate(filePath: String = #filePath) -> URL {
        if let shared = ProcessInfo.processInfo.environment["VIGIL_SHARED_DIR"], !shared.isEmpty {
            return URL(fileURLWithPath: shared).appendingPathComponent("reference/sigv4-captures.txt")
        }
        // Symlinks resolved, so a sandbox package that links to these sources finds it too.
        let repoRoot = URL(fileURLWithPath: filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent()   // VigilAWSTests
            .deletingLastPathComponent()   // Tests
            .deletingLastPathComponent()   // repo root
        return repoRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/reference/sigv4-captures.txt")
    }

    static func load() throws -> [CapturedRequest] {
        let url = locate()
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("""
                SigV4 capture file not found at \(url.path). It lives in shared/reference/ next to the \
                repository; set VIGIL_SHARED_DIR to the shared/ folder when the tests run from elsewhere.
                """)
            throw CaptureError.missing(url.path)
        }
        return try parse(String(decoding: data, as: UTF8.self))
    }

    enum CaptureError: Error { case missing(String), malformed(String) }

    static func parse(_ text: String) throws -> [CapturedRequest] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let logStart = lines.firstIndex(where: { $0.contains("FULL RAW LOG") }),
              let tableStart = lines.firstIndex(where: { $0.contains("SIGV4 VERIFICATION PER REQUEST") })
        else { throw CaptureError.malformed("section markers not found") }

        var requests: [CapturedRequest] = []
        var index = logStart + 1
        while index < tableStart {
            let line = lines[index]
            if line.isEmpty { index += 1; continue }
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[2].hasPrefix("HTTP/") else {
                throw CaptureError.malformed("line \(index + 1): expected a request line, got '\(line)'")
            }
            index += 1
            var headers: [(name: String, value: String)] = []
            while index < tableStart, !lines[index].isEmpty {
                let headerLine = lines[index]
                guard let colon = headerLine.firstIndex(of: ":") else {
                    throw CaptureError.malformed("line \(index + 1): bad header '\(headerLine)'")
                }
                let value = headerLine[headerLine.index(after: colon)...].drop(while: { $0 == " " })
                headers.append((String(headerLine[..<colon]), String(value)))
                index += 1
            }
            index += 1  // blank line after the headers
            var bodyLines: [String] = []
            while index < tableStart, lines[index] != "-----" {
                bodyLines.append(lines[index])
                index += 1
            }
            guard index < tableStart else { throw CaptureError.malformed("request '\(line)' has no '-----' terminator") }
            index += 1
            let body = Array(bodyLines.joined(separator: "\n").utf8)
            if let length = headers.first(where: { $0.name.lowercased() == "content-length" }).flatMap({ Int($0.value) }),
               length != body.count {
                throw CaptureError.malformed("request '\(line)': body has \(body.count) bytes, Content-Length says \(length)")
            }
            requests.append(CapturedRequest(
                index: requests.count, method: String(parts[0]), target: String(parts[1]),
                headers: headers, body: body, signedWithRealSecret: false, singleEncodingVerified: false))
        }

        // "POST   /v1/agentspaces      single=True double=True"
        let verdicts = lines[(tableStart + 1)...].filter { $0.contains("double=") }
        guard verdicts.count == requests.count else {
            throw CaptureError.malformed("\(requests.count) requests but \(verdicts.count) verification lines")
        }
        for (offset, verdict) in verdicts.enumerated() {
            let fields = verdict.split(separator: " ")
            guard fields.first.map(String.init) == requests[offset].method else {
                throw CaptureError.malformed("verification line \(offset) '\(verdict)' does not match \(requests[offset])")
            }
            requests[offset].signedWithRealSecret = verdict.contains("double=True")
            requests[offset].singleEncodingVerified = verdict.contains("single=True")
        }
        return requests
    }
}
