import Foundation
import VigilAWSClients

/// Amazon S3: each batch becomes one JSONL object, `{prefix}/{first seq, 20 digits}.jsonl`.
/// The key depends only on the batch's first record, and a batch re-read from the same position
/// after a restart starts at the same record and holds at least the same records (the trail is
/// append-only), so a re-sent batch overwrites its earlier object: S3 never holds a record twice.
public struct S3ExportDestination: AuditExportDestination {
    public let s3: S3Client
    public let bucket: String
    /// Without leading or trailing `/`; may be empty.
    public let prefix: String

    /// `client` reaches the operator's account; it is re-wrapped with `AWSOperationPolicy.auditExport`.
    public init(client: AWSClient, bucket: String, prefix: String) {
        self.s3 = S3Client(client.exporting)
        self.bucket = bucket
        self.prefix = prefix.split(separator: "/").joined(separator: "/")
    }

    public var name: String { "s3:\(bucket)/\(prefix)" }
    public var maxBatch: Int { 1000 }

    public func prepare() async throws {
        guard S3Client.isValidBucket(bucket) else { throw AuditExportError(description: "'\(bucket)' is not a valid S3 bucket name") }
        guard prefix.isEmpty || S3Client.isValidKey(prefix) else {
            throw AuditExportError(description: "S3 prefix '\(prefix)' may only use letters, digits, - _ . /")
        }
    }

    public static func key(prefix: String, firstSeq: Int64) -> String {
        let number = String(firstSeq)
        let padded = String(repeating: "0", count: max(0, 20 - number.count)) + number
        return (prefix.isEmpty ? "" : prefix + "/") + padded + ".jsonl"
    }

    public func deliver(_ lines: [(seq: Int64, time: Date, line: String)]) async throws {
        guard let first = lines.first else { return }
        let body = Array(lines.map { $0.line + "\n" }.joined().utf8)
        try await s3.putObject(bucket: bucket, key: Self.key(prefix: prefix, firstSeq: first.seq), body: body,
                               contentType: "application/x-ndjson")
    }
}
