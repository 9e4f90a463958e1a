import Foundation
import VigilAWSClients

/// Where the audit trail is exported. `deliver` sends one batch of export lines (in seq order)
/// and returns only when the destination accepted all of them.
public protocol AuditExportDestination: Sendable {
    var name: String { get }
    /// At most this many lines per `deliver`.
    var maxBatch: Int { get }
    func prepare() async throws
    func deliver(_ lines: [(seq: Int64, time: Date, line: String)]) async throws
}

/// CloudWatch Logs: one log stream; the group and stream are created when missing.
public struct CloudWatchLogsExportDestination: AuditExportDestination {
    public let client: AWSClient
    public let logGroupName: String
    public let logStreamName: String

    /// `client` reaches the operator's account; it is re-wrapped with `AWSOperationPolicy.auditExport`.
    public init(client: AWSClient, logGroupName: String, logStreamName: String) {
        self.client = client.exporting
        self.logGroupName = logGroupName
        self.logStreamName = logStreamName
    }

    public var name: String { "cloudwatch-logs:\(logGroupName)/\(logStreamName)" }
    // PutLogEvents accepts up to 10,000 events and 1 MiB; audit lines are small, 500 keeps well under.
    public var maxBatch: Int { 500 }

    struct GroupInput: Encodable { var logGroupName: String }
    struct StreamInput: Encodable { var logGroupName: String; var logStreamName: String }
    struct Event: Encodable { var timestamp: Int64; var message: String }
    struct PutInput: Encodable { var logGroupName: String; var logStreamName: String; var logEvents: [Event] }
    struct PutOutput: Decodable { var nextSequenceToken: String?; var rejectedLogEventsInfo: Rejected? }
    struct Rejected: Decodable { var tooNewLogEventStartIndex: Int?; var tooOldLogEventEndIndex: Int?; var expiredLogEventEndIndex: Int? }

    public func prepare() async throws {
        for (operation, input) in [("CreateLogGroup", AnyEncodable(GroupInput(logGroupName: logGroupName))),
                                   ("CreateLogStream", AnyEncodable(StreamInput(logGroupName: logGroupName, logStreamName: logStreamName)))] {
            do {
                let _: AWSEmptyOutput = try await client.json(CloudWatchLogsClient.service, operation: operation, input: input)
            } catch let error as AWSClientError where error.code == "ResourceAlreadyExistsException" {
                continue
            }
        }
    }

    public func deliver(_ lines: [(seq: Int64, time: Date, line: String)]) async throws {
        // CloudWatch accepts events from the last 14 days up to 2 hours ahead. Older records (a
        // trail exported late) get the oldest accepted timestamp; the line keeps the true time.
        // Clamping is monotonic, so the batch stays in chronological order.
        let now = Date().timeIntervalSince1970
        let oldest = now - 14 * 86_400 + 3600, newest = now + 3600
        let events = lines.map {
            Event(timestamp: Int64((min(max($0.time.timeIntervalSince1970, oldest), newest) * 1000).rounded(.down)), message: $0.line)
        }
        let output: PutOutput = try await client.json(CloudWatchLogsClient.service, operation: "PutLogEvents",
                                                      input: PutInput(logGroupName: logGroupName, logStreamName: logStreamName, logEvents: events))
        if let rejected = output.rejectedLogEventsInfo,
           rejected.tooNewLogEventStartIndex != nil || rejected.tooOldLogEventEndIndex != nil || rejected.expiredLogEventEndIndex != nil {
            throw AuditExportError(description: "CloudWatch Logs rejected events of the batch (too old, too new or expired)")
        }
    }
}

/// Kinesis Data Firehose: `PutRecordBatch`, one record per audit line (newline-terminated).
public struct FirehoseExportDestination: AuditExportDestination {
    public static let service = AWSServiceDescriptor(
        name: "Firehose", signingName: "firehose", apiVersion: "2015-08-04",
        wireProtocol: .json(version: "1.1", targetPrefix: "Firehose_20150804"))

    public let client: AWSClient
    public let deliveryStreamName: String

    public init(client: AWSClient, deliveryStreamName: String) {
        self.client = client.exporting
        self.deliveryStreamName = deliveryStreamName
    }

    public var name: String { "firehose:\(deliveryStreamName)" }
    public var maxBatch: Int { 500 }

    struct Record: Encodable { var Data: Foundation.Data }
    struct Input: Encodable { var DeliveryStreamName: String; var Records: [Record] }
    struct Output: Decodable { var FailedPutCount: Int }

    public func prepare() async throws {}

    public func deliver(_ lines: [(seq: Int64, time: Date, line: String)]) async throws {
        let records = lines.map { Record(Data: Foundation.Data(($0.line + "\n").utf8)) }
        let output: Output = try await client.json(Self.service, operation: "PutRecordBatch",
                                                   input: Input(DeliveryStreamName: deliveryStreamName, Records: records))
        // Partial failure: the whole batch is re-sent (at-least-once; duplicates are possible).
        if output.FailedPutCount > 0 {
            throw AuditExportError(description: "Firehose failed \(output.FailedPutCount) of \(records.count) records")
        }
    }
}

public struct AuditExportError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

struct AnyEncodable: Encodable, @unchecked Sendable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

extension AWSClient {
    /// The same account, region, credentials and transport with the audit exporter's policy.
    var exporting: AWSClient {
        AWSClient(region: region, credentials: credentials, transport: transport, endpoints: endpoints,
                  accountId: accountId, policy: .auditExport)
    }
}
