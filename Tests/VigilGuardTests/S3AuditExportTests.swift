import AsyncHTTPClient
import Foundation
import Testing
import VigilActions
import VigilAudit
@testable import VigilAWSClients

/// Vended audit logs to S3 against moto: deterministic keys, a failed delivery, a crash after
/// S3 accepted a batch but before the position was saved, and restarts.
@Suite(.serialized) struct S3AuditExportTests {
    static let credentials = StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))

    @Test func exportsToS3AcrossAFailureACrashAndRestartsWithoutGapsOrDuplicates() async throws {
        let moto = try await LocalMoto.shared.endpoint()
        let bucket = "vigil-audit-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try AuditExportTests.boto3("s3.create_bucket(Bucket=\"\(bucket)\")", endpoint: moto)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-s3-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try AuditLog(directory: directory.path, options: AuditLogOptions(environment: [:]))
        for i in 0..<2500 {
            _ = try await log.append(AuditEntry(kind: .apiCall, agentSpaceId: "space-1", principal: "tester", action: "aidevops:GetAgentSpace",
                                                resource: "r\(i)", decision: .allow, requestId: "req-\(i)"))
        }
        let recorder = RecordingHTTP(AsyncHTTPClientExecutor(client: HTTPClient.shared))
        let client = AWSClient(region: "us-east-1", credentials: Self.credentials,
                               transport: AWSHTTPTransport(executor: recorder, configuration: .init(retry: .none)),
                               endpoints: .override(moto), accountId: "123456789012")
        let destination = S3ExportDestination(client: client, bucket: bucket, prefix: "/vigil/trail/")
        let position = AuditExportPosition(file: directory.appendingPathComponent("position.json"))

        // A failed delivery after one batch, then a crash after S3 accepted the third batch.
        let first = AuditExporter(log: log, destination: AuditExportTests.Interrupted(inner: destination, deliveries: 1, failAfterSending: false),
                                  position: position)
        await #expect(throws: AuditExportTests.Interrupted.Crash.self) { try await first.exportPending() }
        #expect(try position.load() == 1000)
        let second = AuditExporter(log: log, destination: AuditExportTests.Interrupted(inner: destination, deliveries: 1, failAfterSending: true),
                                   position: position)
        await #expect(throws: AuditExportTests.Interrupted.Crash.self) { try await second.exportPending() }
        #expect(try position.load() == 2000)
        // More records arrive while "down": the re-sent batch is longer, under the same key.
        for i in 2500..<2600 {
            _ = try await log.append(AuditEntry(kind: .apiCall, principal: "tester", action: "aidevops:ListAgentSpaces", resource: "r\(i)", decision: .allow))
        }
        let third = AuditExporter(log: log, destination: destination, position: position)
        #expect(try await third.exportPending() == 600)
        #expect(try position.load() == 2600)

        let listing = try AuditExportTests.boto3("""
            for o in s3.list_objects_v2(Bucket="\(bucket)").get("Contents", []):
                print(o["Key"])
            """, endpoint: moto)
        #expect(listing.split(separator: "\n").map(String.init).sorted()
                == ["vigil/trail/00000000000000000000.jsonl", "vigil/trail/00000000000000001000.jsonl", "vigil/trail/00000000000000002000.jsonl"])
        // Read back with our own GetObject: every seq once, in order inside each object.
        let reader = S3Client(client)
        var seqs: [Int64] = []
        for key in ["vigil/trail/00000000000000000000.jsonl", "vigil/trail/00000000000000001000.jsonl", "vigil/trail/00000000000000002000.jsonl"] {
            let text = String(decoding: try await reader.getObject(bucket: bucket, key: key), as: UTF8.self)
            for line in text.split(separator: "\n") {
                let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                seqs.append(try #require((object["seq"] as? NSNumber)?.int64Value))
            }
        }
        #expect(seqs == Array(0..<2600))
        // The exporter only ever sent PutObject (the reads above are this test's).
        let methods = recorder.requests.filter { $0.method == "PUT" }.count
        #expect(methods == 4)
        try await log.close()
    }

    @Test func theExportClientMayOnlyPutObjects() async throws {
        let client = AWSClient(region: "us-east-1", credentials: Self.credentials,
                               transport: AWSHTTPTransport(executor: AsyncHTTPClientExecutor(client: HTTPClient.shared), configuration: .init(retry: .none)),
                               endpoints: .override(AWSEndpoint(scheme: "http", host: "127.0.0.1", port: 9)), policy: .auditExport)
        #expect(AWSOperationPolicy.auditExport.permits(service: S3Client.service, operation: "PutObject"))
        #expect(!AWSOperationPolicy.auditExport.permits(service: S3Client.service, operation: "DeleteObject"))
        #expect(!AWSOperationPolicy.auditExport.permits(service: S3Client.service, operation: "GetObject"))
        // Refused before anything is sent (port 9 would not answer).
        await #expect { try await S3Client(client).getObject(bucket: "some-bucket", key: "k") } throws: { error in
            (error as? AWSClientError)?.isOutsideBoundary == true
        }
        #expect(!S3Client.isValidKey("../x?y") && !S3Client.isValidBucket("Bad_Bucket"))
    }

    @Test func exportTargetsParseOrSayWhatIsWrong() throws {
        #expect(try AuditExportTarget.parse("cloudwatch-logs://eu-west-1/vigil/audit/server-1")
                == .cloudWatchLogs(region: "eu-west-1", logGroup: "vigil/audit", logStream: "server-1"))
        #expect(try AuditExportTarget.parse("s3://audit-bucket/vigil/trail?region=us-west-2")
                == .s3(region: "us-west-2", bucket: "audit-bucket", prefix: "vigil/trail"))
        #expect(try AuditExportTarget.parse("s3://audit-bucket?region=us-west-2") == .s3(region: "us-west-2", bucket: "audit-bucket", prefix: ""))
        #expect(try AuditExportTarget.parse("firehose://us-east-1/vigil-audit") == .firehose(region: "us-east-1", deliveryStream: "vigil-audit"))
        let bad: [(String, String)] = [
            ("kinesis://us-east-1/x", "unknown audit export scheme 'kinesis'"),
            ("s3://audit-bucket/p", "needs the bucket's region"),
            ("s3://Audit_Bucket/p?region=us-east-1", "not a valid S3 bucket name"),
            ("cloudwatch-logs://us-east-1/only-group", "cloudwatch-logs://REGION/GROUP/STREAM"),
            ("firehose://moon/x", "'moon' is not an AWS region"),
            ("just-text", "is not one of"),
        ]
        for (raw, message) in bad {
            #expect { try AuditExportTarget.parse(raw) } throws: { error in
                (error as? AuditExportTarget.Invalid)?.description.contains(message) == true
            }
        }
        #expect(try AuditExportTarget.parse("s3://b-1/x?region=us-east-1").positionFileName == "audit-export-s3___b-1_x_region_us-east-1.json")
    }
}
