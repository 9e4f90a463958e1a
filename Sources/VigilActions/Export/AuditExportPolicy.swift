import VigilAWSClients

extension AWSOperationPolicy {
    /// The audit exporter's calls, and nothing else: it writes the audit trail to the operator's
    /// own log destination (not to watched infrastructure), so it needs these writes —
    /// CloudWatch Logs `CreateLogGroup`, `CreateLogStream`, `PutLogEvents`; Firehose
    /// `PutRecordBatch`; S3 `PutObject`. Only the exporter holds a client with this policy.
    public static let auditExport = AWSOperationPolicy(name: "audit-export") { signingName, operation in
        switch signingName {
        case "logs": ["CreateLogGroup", "CreateLogStream", "PutLogEvents"].contains(operation)
        case "firehose": operation == "PutRecordBatch"
        case "s3": operation == "PutObject"
        default: false
        }
    }
}
