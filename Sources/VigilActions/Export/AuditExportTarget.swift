import Foundation

/// Where the operator wants the audit trail, as configured (`VIGIL_AUDIT_EXPORT`):
/// - `cloudwatch-logs://REGION/GROUP/STREAM` (the group may contain `/`: the last segment is the stream);
/// - `s3://BUCKET/PREFIX?region=REGION` (prefix optional);
/// - `firehose://REGION/DELIVERY_STREAM`.
/// Pure: parsing only, with a precise error for every malformed form.
public enum AuditExportTarget: Sendable, Equatable, CustomStringConvertible {
    case cloudWatchLogs(region: String, logGroup: String, logStream: String)
    case s3(region: String, bucket: String, prefix: String)
    case firehose(region: String, deliveryStream: String)

    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    public var region: String {
        switch self {
        case .cloudWatchLogs(let region, _, _), .s3(let region, _, _), .firehose(let region, _): region
        }
    }

    public var description: String {
        switch self {
        case .cloudWatchLogs(let region, let group, let stream): "cloudwatch-logs://\(region)/\(group)/\(stream)"
        case .s3(let region, let bucket, let prefix): "s3://\(bucket)/\(prefix)?region=\(region)"
        case .firehose(let region, let stream): "firehose://\(region)/\(stream)"
        }
    }

    /// A file name for the export position of this target: a new destination starts from the beginning.
    public var positionFileName: String {
        let safe = description.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }
        return "audit-export-" + String(safe.prefix(180)) + ".json"
    }

    public static func parse(_ raw: String) throws(Invalid) -> AuditExportTarget {
        let forms = "cloudwatch-logs://REGION/GROUP/STREAM, s3://BUCKET/PREFIX?region=REGION or firehose://REGION/STREAM"
        guard let schemeEnd = raw.range(of: "://") else {
            throw Invalid(description: "VIGIL_AUDIT_EXPORT '\(raw)' is not one of \(forms)")
        }
        let scheme = String(raw[..<schemeEnd.lowerBound])
        var rest = String(raw[schemeEnd.upperBound...])
        var query: [String: String] = [:]
        if let q = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: q)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                query[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            rest = String(rest[..<q])
        }
        let segments = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch scheme {
        case "cloudwatch-logs":
            guard segments.count >= 3, segments.allSatisfy({ !$0.isEmpty }), query.isEmpty else {
                throw Invalid(description: "cloudwatch-logs export must be cloudwatch-logs://REGION/GROUP/STREAM, got '\(raw)'")
            }
            let region = try checkedRegion(segments[0])
            let group = segments[1..<(segments.count - 1)].joined(separator: "/")
            guard group.count <= 512, group.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-/.#".contains($0)) }) else {
                throw Invalid(description: "log group '\(group)' may only use letters, digits and _ - / . # (at most 512)")
            }
            let stream = segments[segments.count - 1]
            guard stream.count <= 512, !stream.contains(":"), !stream.contains("*") else {
                throw Invalid(description: "log stream '\(stream)' may not contain ':' or '*' (at most 512 characters)")
            }
            return .cloudWatchLogs(region: region, logGroup: group, logStream: stream)
        case "s3":
            guard let bucket = segments.first, !bucket.isEmpty else {
                throw Invalid(description: "s3 export must be s3://BUCKET/PREFIX?region=REGION, got '\(raw)'")
            }
            guard (3...63).contains(bucket.count),
                  bucket.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") }) else {
                throw Invalid(description: "'\(bucket)' is not a valid S3 bucket name")
            }
            let prefix = segments.dropFirst().filter { !$0.isEmpty }.joined(separator: "/")
            guard prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }), prefix.count <= 900 else {
                throw Invalid(description: "S3 prefix '\(prefix)' may only use letters, digits, - _ . / (at most 900)")
            }
            guard let region = query["region"] else {
                throw Invalid(description: "s3 export needs the bucket's region: s3://\(bucket)/\(prefix)?region=REGION")
            }
            guard query.keys.allSatisfy({ $0 == "region" }) else {
                throw Invalid(description: "s3 export accepts only the query parameter region, got '\(raw)'")
            }
            return .s3(region: try checkedRegion(region), bucket: bucket, prefix: prefix)
        case "firehose":
            guard segments.count == 2, !segments[1].isEmpty, query.isEmpty else {
                throw Invalid(description: "firehose export must be firehose://REGION/STREAM, got '\(raw)'")
            }
            let stream = segments[1]
            guard stream.count <= 64, stream.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) else {
                throw Invalid(description: "delivery stream '\(stream)' may only use letters, digits and _ - . (at most 64)")
            }
            return .firehose(region: try checkedRegion(segments[0]), deliveryStream: stream)
        default:
            throw Invalid(description: "unknown audit export scheme '\(scheme)'; use \(forms)")
        }
    }

    static func checkedRegion(_ text: String) throws(Invalid) -> String {
        let parts = text.split(separator: "-")
        guard parts.count >= 3, text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }),
              parts.last.map({ $0.allSatisfy(\.isNumber) }) == true else {
            throw Invalid(description: "'\(text)' is not an AWS region (such as us-east-1)")
        }
        return text
    }

    /// The destination for this target over `client` (a client for the operator's account in `region`).
    public func destination(client: AWSClientForExport) -> any AuditExportDestination {
        switch self {
        case .cloudWatchLogs(_, let group, let stream):
            CloudWatchLogsExportDestination(client: client.client, logGroupName: group, logStreamName: stream)
        case .s3(_, let bucket, let prefix):
            S3ExportDestination(client: client.client, bucket: bucket, prefix: prefix)
        case .firehose(_, let stream):
            FirehoseExportDestination(client: client.client, deliveryStreamName: stream)
        }
    }
}
