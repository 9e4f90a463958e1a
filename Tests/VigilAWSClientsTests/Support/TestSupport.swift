import AsyncHTTPClient
import Foundation
import Testing
@testable import VigilAWSClients

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date()) {
        current = start
    }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(by seconds: TimeInterval) {
        lock.lock()
        current += seconds
        lock.unlock()
    }

    func set(_ date: Date) {
        lock.lock()
        current = date
        lock.unlock()
    }

    var function: @Sendable () -> Date { { self.now } }
}

/// Wraps an executor: adds fixed headers (`x-moto-account-id`) and records what was sent.
final class RecordingExecutor: HTTPExecutor, @unchecked Sendable {
    private let inner: any HTTPExecutor
    private let extraHeaders: [(String, String)]
    private let lock = NSLock()
    private var sent: [AWSHTTPRequest] = []

    init(_ inner: any HTTPExecutor, extraHeaders: [(String, String)] = []) {
        self.inner = inner
        self.extraHeaders = extraHeaders
    }

    var requests: [AWSHTTPRequest] {
        lock.lock()
        defer { lock.unlock() }
        return sent
    }

    /// Form parameters of each query-protocol request sent, in order.
    var forms: [[String: String]] {
        requests.map { request in
            var out: [String: String] = [:]
            for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                out[AWSPercentEncoding.decode(String(kv[0]))] = kv.count == 2 ? AWSPercentEncoding.decode(String(kv[1])) : ""
            }
            return out
        }
    }

    /// Requests sent for `action`, retries included.
    func count(action: String) -> Int {
        forms.filter { $0["Action"] == action }.count
    }

    /// The distinct session tokens that signed requests for `action`: one per assumed session.
    func sessionTokens(action: String) -> Set<String> {
        Set(requests.filter { request in
            String(decoding: request.body, as: UTF8.self).contains("Action=\(action)&")
        }.compactMap { $0.header("X-Amz-Security-Token") })
    }

    func execute(_ request: AWSHTTPRequest, timeout: Duration, maxBodyBytes: Int) async throws -> AWSHTTPResponse {
        var request = request
        for (name, value) in extraHeaders { request.setHeader(name, value) }
        lock.withLock { sent.append(request) }
        return try await inner.execute(request, timeout: timeout, maxBodyBytes: maxBodyBytes)
    }
}

/// One `HTTPClient` for the block, shut down after it (the transport never owns it).
func withHTTPClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
    let client = AsyncHTTPClientExecutor.makeHTTPClient()
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

func makeTransport(
    _ executor: any HTTPExecutor, requestTimeout: Duration = .seconds(60), overallDeadline: Duration = .seconds(300),
    maxResponseBytes: Int = 32 * 1024 * 1024,
    retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200))
) -> AWSHTTPTransport {
    AWSHTTPTransport(executor: executor, configuration: .init(
        requestTimeout: requestTimeout, overallDeadline: overallDeadline, maxResponseBytes: maxResponseBytes, retry: retry))
}

let testCredentials = StaticCredentialProvider(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

/// A random 12-digit account id, so tests sharing one moto server do not see each other.
func randomAccountId() -> String {
    String(UInt64.random(in: 100_000_000_000...999_999_999_999))
}

func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

/// The JSON values of two documents are equal (key order and whitespace aside).
func sameJSON(_ lhs: String?, _ rhs: String) -> Bool {
    guard let lhs,
          let a = try? JSONSerialization.jsonObject(with: Data(lhs.utf8)) as? NSDictionary,
          let b = try? JSONSerialization.jsonObject(with: Data(rhs.utf8)) as? NSDictionary
    else { return false }
    return a.isEqual(b)
}

/// Runs `body`, expecting an `AWSClientError`; returns it (records an issue otherwise).
func expectAWSError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> some Any
) async -> AWSClientError? {
    do {
        _ = try await body()
        Issue.record("expected an AWSClientError, got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as AWSClientError {
        return error
    } catch {
        Issue.record("expected an AWSClientError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

enum Python {
    /// `$VIGIL_PYTHON`, else the package's `.venv`, else nil.
    static var executable: String? {
        if let python = ProcessInfo.processInfo.environment["VIGIL_PYTHON"], !python.isEmpty { return python }
        let venv = packageRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `python -c script` with `input` on stdin; returns (status, stdout, stderr).
    static func run(_ script: String, input: String) throws -> (status: Int32, out: String, err: String) {
        guard let executable else {
            throw LocalHTTPServer.ServerError("no Python with botocore: run ./scripts/test (it exports VIGIL_PYTHON)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", script]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}

/// Recomputes the SigV4 signature of a request the local server received with botocore's own
/// `SigV4Auth` (the reference the AWS CLI and boto3 use), from the headers the request says it
/// signed. Returns nil when botocore agrees, else what differed.
func botocoreSignatureMismatch(_ request: LocalHTTPServer.Request, secret: String, sessionToken: String? = nil) throws -> String? {
    let script = #"""
import json, sys, re
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
d = json.load(sys.stdin)
headers = d["headers"]
auth = next(v for k, v in headers if k.lower() == "authorization")
m = re.match(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$", auth)
if not m:
    print("bad Authorization header: " + auth); sys.exit(0)
akid, day, region, service, signed, signature = m.groups()
names = signed.split(";")
picked = {}
for k, v in headers:
    if k.lower() in names:
        picked[k] = v if k not in picked else picked[k] + "," + v
host = next(v for k, v in headers if k.lower() == "host")
url = "http://" + host + d["target"]
req = AWSRequest(method=d["method"], url=url, data=bytes.fromhex(d["body"]), headers=picked)
amz_date = next(v for k, v in headers if k.lower() == "x-amz-date")
req.context["timestamp"] = amz_date
signer = SigV4Auth(Credentials(akid, d["secret"], d.get("token")), service, region)
canonical = signer.canonical_request(req)
expected = signer.signature(signer.string_to_sign(req, canonical), req)
print("ok" if expected == signature else "mismatch: botocore " + expected + " vs " + signature + "\n" + canonical)
"""#
    var payload: [String: Any] = [
        "method": request.method, "target": request.target, "secret": secret,
        "headers": request.headers.map { [$0.name, $0.value] },
        "body": request.body.map { String(format: "%02x", $0) }.joined(),
    ]
    if let sessionToken { payload["token"] = sessionToken }
    let input = String(decoding: try JSONSerialization.data(withJSONObject: payload), as: UTF8.self)
    let result = try Python.run(script, input: input)
    guard result.status == 0 else { return "python failed: \(result.err)" }
    let answer = result.out.trimmingCharacters(in: .whitespacesAndNewlines)
    return answer == "ok" ? nil : answer
}
