import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import VigilAWSClients

/// One moto server (`moto_server -H 127.0.0.1 -p PORT`, `MOTO_IAM_LOAD_MANAGED_POLICIES=true`)
/// for every suite under `MotoTests`, started by the `.motoServer` trait before the first of them
/// and stopped after the last.
///
/// moto is found as `$VIGIL_MOTO_SERVER` (only there when it is set), else `moto_server` next to `$VIGIL_PYTHON`, else in the
/// package's `.venv`. Without it the suites fail (they never skip): run ./scripts/test, which
/// installs requirements-test.txt into .venv and exports VIGIL_PYTHON.
///
/// What moto does not do, and the tests do not pretend it does: it verifies no signatures, does
/// not evaluate trust policies, does not check ExternalId or sts:TagSession, and assumes any role
/// ARN, existing or not. Accounts are chosen by the `x-moto-account-id` header, or by the account
/// of an assumed role's credentials.
actor MotoServer {
    static let shared = MotoServer()

    private var process: Process?
    private var port: Int?
    private var logFile: URL?

    struct NotAvailable: Error, CustomStringConvertible {
        var description: String
    }

    static func locate() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["VIGIL_MOTO_SERVER"], !explicit.isEmpty {
            // Named explicitly: that one or none.
            return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil
        }
        var candidates: [String] = []
        if let python = environment["VIGIL_PYTHON"], !python.isEmpty {
            candidates.append(URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("moto_server").path)
        }
        candidates.append(Python.packageRoot.appendingPathComponent(".venv/bin/moto_server").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The running server's endpoint.
    func endpoint() throws -> AWSEndpoint {
        guard let port, process?.isRunning == true else {
            throw NotAvailable(description: "the moto server is not running (the suite must carry the .motoServer trait)")
        }
        return AWSEndpoint(scheme: "http", host: "127.0.0.1", port: port)
    }

    func start() async throws {
        if process?.isRunning == true { return }
        guard let executable = Self.locate() else {
            let named = ProcessInfo.processInfo.environment["VIGIL_MOTO_SERVER"].map { " ($VIGIL_MOTO_SERVER=\($0) is not executable)" } ?? ""
            throw NotAvailable(description: """
                moto_server not found\(named) (looked at $VIGIL_MOTO_SERVER, next to $VIGIL_PYTHON, and .venv/bin). \
                Run ./scripts/test, which installs requirements-test.txt (moto[server]) into .venv and exports VIGIL_PYTHON; \
                or install it: .venv/bin/pip install 'moto[server]==5.2.1'
                """)
        }
        var lastError = ""
        for _ in 0..<3 {
            let port = try unusedLocalPort()
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-moto-\(port).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
            var environment = ProcessInfo.processInfo.environment
            environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
            process.environment = environment
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            MotoServer.registerForExit(process.processIdentifier)
            if await Self.waitUntilListening(port: port, process: process, timeout: 60) {
                self.process = process
                self.port = port
                self.logFile = log
                return
            }
            process.terminate()
            process.waitUntilExit()
            lastError = (try? String(contentsOf: log, encoding: .utf8)).map { String($0.suffix(2000)) } ?? ""
        }
        throw NotAvailable(description: "moto_server (\(executable)) did not start listening: \(lastError)")
    }

    func stop() {
        guard let process else { return }
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        self.process = nil
        self.port = nil
        if let logFile { try? FileManager.default.removeItem(at: logFile) }
    }

    private static func waitUntilListening(port: Int, process: Process, timeout: TimeInterval) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, process.isRunning {
            if canConnect(port: port) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    private static func canConnect(port: Int) -> Bool {
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

    // If the test process exits without the trait's teardown (a failing `exit`), still stop moto:
    // SIGKILL, as moto is slow to honour SIGTERM and nothing is left to wait for it.
    nonisolated(unsafe) private static var pidAtExit: pid_t = 0
    nonisolated(unsafe) private static var registered = false

    private static func registerForExit(_ pid: pid_t) {
        pidAtExit = pid
        if !registered {
            registered = true
            atexit {
                if MotoServer.pidAtExit > 0 { kill(MotoServer.pidAtExit, SIGKILL) }
            }
        }
    }
}

/// Starts the shared moto server around a suite (and everything nested in it), stops it after.
struct MotoServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await MotoServer.shared.start()
        do {
            try await function()
        } catch {
            await MotoServer.shared.stop()
            throw error
        }
        await MotoServer.shared.stop()
    }
}

extension Trait where Self == MotoServerTrait {
    static var motoServer: Self { MotoServerTrait() }
}

/// Every suite that needs moto is nested in this one (`extension MotoTests { @Suite struct … }`).
@Suite(.motoServer)
struct MotoTests {}

/// Clients on moto for one account: an unrestricted client with the base test keys whose
/// requests carry `x-moto-account-id`, for arranging fixtures with our own signed calls.
struct MotoAccount {
    let accountId: String
    let endpoint: AWSEndpoint
    let executor: RecordingExecutor
    let client: AWSClient

    init(accountId: String = randomAccountId(), http: AsyncHTTPClientExecutor, region: String = "us-east-1") async throws {
        self.accountId = accountId
        self.endpoint = try await MotoServer.shared.endpoint()
        self.executor = RecordingExecutor(http, extraHeaders: [("x-moto-account-id", accountId)])
        self.client = AWSClient(region: region, credentials: testCredentials, transport: makeTransport(executor),
                                endpoints: .override(endpoint), accountId: accountId)
    }

    var iam: IAMClient { IAMClient(client) }
    var sts: STSClient { STSClient(client) }

    static let trustPolicy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"sts:ExternalId":"arn:aws:aidevops:us-east-1:123456789012:agentspace/space-1"}}}]}
        """

    @discardableResult
    func createRole(_ name: String, path: String = "/", trust: String = MotoAccount.trustPolicy, description: String? = nil,
                    tags: [AWSTag] = []) async throws -> XMLNode {
        var parameters = QueryParameters()
        parameters.set("RoleName", name)
        parameters.set("Path", path)
        parameters.set("AssumeRolePolicyDocument", trust)
        parameters.set("Description", description)
        parameters.setKeyValueList("Tags", tags.map { (key: $0.key, value: $0.value) })
        return try await client.query(IAMClient.service, action: "CreateRole", parameters: parameters)
    }

    func putRolePolicy(role: String, name: String, document: String) async throws {
        var parameters = QueryParameters()
        parameters.set("RoleName", role)
        parameters.set("PolicyName", name)
        parameters.set("PolicyDocument", document)
        _ = try await client.query(IAMClient.service, action: "PutRolePolicy", parameters: parameters)
    }

    /// Creates a customer managed policy; returns its ARN.
    func createPolicy(_ name: String, document: String) async throws -> String {
        var parameters = QueryParameters()
        parameters.set("PolicyName", name)
        parameters.set("PolicyDocument", document)
        let result = try await client.query(IAMClient.service, action: "CreatePolicy", parameters: parameters)
        return try #require(result.string("Policy", "Arn"))
    }

    func createPolicyVersion(arn: String, document: String, setAsDefault: Bool) async throws {
        var parameters = QueryParameters()
        parameters.set("PolicyArn", arn)
        parameters.set("PolicyDocument", document)
        parameters.set("SetAsDefault", setAsDefault)
        _ = try await client.query(IAMClient.service, action: "CreatePolicyVersion", parameters: parameters)
    }

    func attach(role: String, policyArn: String) async throws {
        var parameters = QueryParameters()
        parameters.set("RoleName", role)
        parameters.set("PolicyArn", policyArn)
        _ = try await client.query(IAMClient.service, action: "AttachRolePolicy", parameters: parameters)
    }
}
