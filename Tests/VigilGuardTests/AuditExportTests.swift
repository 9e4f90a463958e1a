import AsyncHTTPClient
import Foundation
import Testing
import VigilActions
import VigilAudit
@testable import VigilAWSClients

/// Vended audit logs against moto: CloudWatch Logs, including a crash mid-export and a restart.
@Suite(.serialized) struct AuditExportTests {
    static let account = "222233334444"
    static let credentials = StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))

    /// A destination that passes `deliveries` batches through, then fails: either before sending
    /// (a delivery error) or after the destination accepted the batch (a crash before the position
    /// was saved).
    struct Interrupted: AuditExportDestination {
        let inner: any AuditExportDestination
        let deliveries: Int
        let failAfterSending: Bool
        let counter = Counter()

        final class Counter: @unchecked Sendable {
            private let lock = NSLock()
            private var value = 0
            func next() -> Int { lock.withLock { value += 1; return value } }
        }

        struct Crash: Error {}
        var name: String { inner.name }
        var maxBatch: Int { inner.maxBatch }
        func prepare() async throws { try await inner.prepare() }
        func deliver(_ lines: [(seq: Int64, time: Date, line: String)]) async throws {
            let n = counter.next()
            if n > deliveries {
                if failAfterSending { try await inner.deliver(lines) }
                throw Crash()
            }
            try await inner.deliver(lines)
        }
    }

    struct GetInput: Encodable { var logGroupName: String; var logStreamName: String; var startFromHead: Bool; var nextToken: String? }
    struct GetOutput: Decodable {
        struct Event: Decodable { var message: String }
        var events: [Event]
        var nextForwardToken: String?
    }

    func exportedSeqs(_ client: AWSClient, group: String, stream: String) async throws -> [Int64] {
        var seqs: [Int64] = []
        var token: String?
        while true {
            let page: GetOutput = try await client.json(CloudWatchLogsClient.service, operation: "GetLogEvents",
                                                        input: GetInput(logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: token))
            for event in page.events {
                let object = try #require(JSONSerialization.jsonObject(with: Data(event.message.utf8)) as? [String: Any])
                seqs.append(try #require((object["seq"] as? NSNumber)?.int64Value))
            }
            if page.events.isEmpty || page.nextForwardToken == token { break }
            token = page.nextForwardToken
        }
        return seqs
    }

    @Test func exportsToCloudWatchLogsAcrossACrashAndARestart() async throws {
        let moto = try await LocalMoto.shared.endpoint()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try AuditLog(directory: directory.path, options: AuditLogOptions(environment: [:]))
        let start = Date().addingTimeInterval(-1300)
        for i in 0..<1200 {
            _ = try await log.append(AuditEntry(kind: .apiCall, agentSpaceId: "space-1", principal: "tester", action: "aidevops:GetAgentSpace",
                                                resource: "r\(i)", decision: .allow, requestId: "req-\(i)",
                                                time: start.addingTimeInterval(Double(i))))
        }
        let recorder = RecordingHTTP(AsyncHTTPClientExecutor(client: HTTPClient.shared), extraHeaders: [("x-moto-account-id", Self.account)])
        let client = AWSClient(region: "us-east-1", credentials: Self.credentials,
                               transport: AWSHTTPTransport(executor: recorder, configuration: .init(retry: .none)),
                               endpoints: .override(moto), accountId: Self.account)
        let destination = CloudWatchLogsExportDestination(client: client, logGroupName: "/vigil/audit", logStreamName: "space-1")
        let position = AuditExportPosition(file: directory.appendingPathComponent("export-position.json"))

        // 1. One batch delivered, then the delivery of the second fails: position stays at 500.
        let first = AuditExporter(log: log, destination: Interrupted(inner: destination, deliveries: 1, failAfterSending: false), position: position)
        await #expect(throws: Interrupted.Crash.self) { try await first.exportPending() }
        #expect(try position.load() == 500)

        // 2. A new exporter (a restart) sends the second batch, then "crashes" after CloudWatch
        //    accepted the third but before the position was saved.
        let second = AuditExporter(log: log, destination: Interrupted(inner: destination, deliveries: 1, failAfterSending: true), position: position)
        await #expect(throws: Interrupted.Crash.self) { try await second.exportPending() }
        #expect(try position.load() == 1000)

        // 3. Restart again: the rest, including the third batch a second time.
        let third = AuditExporter(log: log, destination: destination, position: position)
        #expect(try await third.exportPending() == 200)
        #expect(try position.load() == 1200)
        #expect(try await third.exportPending() == 0)

        let seqs = try await exportedSeqs(client, group: "/vigil/audit", stream: "space-1")
        #expect(Set(seqs) == Set(0..<1200))
        let counts = Dictionary(seqs.map { ($0, 1) }, uniquingKeysWith: +)
        #expect(Set(counts.filter { $0.value > 1 }.keys) == Set(1000..<1200))
        #expect(counts.values.max() == 2)
        // Only the exporter's operations were sent by the exporter.
        let operations = Set(recorder.targets.map { $0.replacingOccurrences(of: "Logs_20140328.", with: "") })
        #expect(operations == ["CreateLogGroup", "CreateLogStream", "PutLogEvents", "GetLogEvents"])
        try await log.close()
    }

    /// boto3 (the real SDK) against moto: creates the bucket and delivery stream, or prints the
    /// bucket's objects concatenated.
    static func boto3(_ script: String, endpoint: AWSEndpoint) throws -> String {
        let python = ProcessInfo.processInfo.environment["VIGIL_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? TestPaths.packageRoot.appendingPathComponent(".venv/bin/python").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", """
            import boto3, sys
            kw = dict(endpoint_url="\(endpoint.origin)", region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x")
            s3 = boto3.client("s3", **kw); firehose = boto3.client("firehose", **kw)
            \(script)
            """]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw AuditExportError(description: "boto3 script failed: \(script)") }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func exportsToFirehoseAndResumesAfterAFailedDelivery() async throws {
        let moto = try await LocalMoto.shared.endpoint()
        let stream = "vigil-audit-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try Self.boto3("""
            s3.create_bucket(Bucket="\(stream)")
            firehose.create_delivery_stream(DeliveryStreamName="\(stream)", ExtendedS3DestinationConfiguration={"RoleARN": "arn:aws:iam::123456789012:role/f", "BucketARN": "arn:aws:s3:::\(stream)"})
            """, endpoint: moto)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try AuditLog(directory: directory.path, options: AuditLogOptions(environment: [:]))
        for i in 0..<700 {
            _ = try await log.append(AuditEntry(kind: .action, principal: "agent", action: "vigil:OpenTicket", resource: "t\(i)", decision: .deny))
        }
        let client = AWSClient(region: "us-east-1", credentials: Self.credentials,
                               transport: AWSHTTPTransport(executor: AsyncHTTPClientExecutor(client: HTTPClient.shared), configuration: .init(retry: .none)),
                               endpoints: .override(moto), accountId: "123456789012")
        let destination = FirehoseExportDestination(client: client, deliveryStreamName: stream)
        let position = AuditExportPosition(file: directory.appendingPathComponent("position.json"))
        let failing = AuditExporter(log: log, destination: Interrupted(inner: destination, deliveries: 1, failAfterSending: false), position: position)
        await #expect(throws: Interrupted.Crash.self) { try await failing.exportPending() }
        #expect(try position.load() == 500)
        #expect(try await AuditExporter(log: log, destination: destination, position: position).exportPending() == 200)
        let dumped = try Self.boto3("""
            for o in sorted(s3.list_objects_v2(Bucket="\(stream)").get("Contents", []), key=lambda o: o["LastModified"]):
                sys.stdout.write(s3.get_object(Bucket="\(stream)", Key=o["Key"])["Body"].read().decode())
            """, endpoint: moto)
        let seqs = try dumped.split(separator: "\n").map { line -> Int64 in
            let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require((object["seq"] as? NSNumber)?.int64Value)
        }
        #expect(seqs.sorted() == Array(0..<700))
        try await log.close()
    }

    @Test func exporterPolicyPermitsOnlyItsOwnWrites() {
        let logs = CloudWatchLogsClient.service
        #expect(AWSOperationPolicy.auditExport.permits(service: logs, operation: "PutLogEvents"))
        #expect(!AWSOperationPolicy.auditExport.permits(service: logs, operation: "DeleteLogGroup"))
        #expect(!AWSOperationPolicy.auditExport.permits(service: logs, operation: "GetLogEvents"))
        #expect(AWSOperationPolicy.auditExport.permits(service: FirehoseExportDestination.service, operation: "PutRecordBatch"))
        #expect(!AWSOperationPolicy.auditExport.permits(service: FirehoseExportDestination.service, operation: "DeleteDeliveryStream"))
        #expect(!AWSOperationPolicy.readOnly().permits(service: logs, operation: "PutLogEvents"))
    }

    @Test func positionFileRejectsGarbage() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-pos-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let position = AuditExportPosition(file: file)
        #expect(try position.load() == 0)
        try position.save(nextSeq: 42)
        #expect(try position.load() == 42)
        try position.save(nextSeq: 43)
        #expect(try position.load() == 43)
        try Data("{\"nextSeq\": -1}".utf8).write(to: file)
        #expect(throws: AuditExportPosition.Corrupt.self) { try position.load() }
    }
}
