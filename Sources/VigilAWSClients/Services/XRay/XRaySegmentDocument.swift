import Foundation

/// A segment or subsegment document as X-Ray stores it (the JSON inside `Segment.Document`):
/// ids, name, times in epoch seconds, error flags, nested subsegments. Only the members the
/// collectors use are read; everything else is ignored.
public struct XRaySegmentDocument: Decodable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var traceId: String?
    public var parentId: String?
    public var startTime: Double
    /// Absent while the segment is in progress.
    public var endTime: Double?
    public var inProgress: Bool
    /// A 4xx answer.
    public var error: Bool
    /// A 5xx answer or an exception.
    public var fault: Bool
    public var throttle: Bool
    public var resourceARN: String?
    /// `aws` (a call to an AWS service) or `remote` on subsegments.
    public var namespace: String?
    /// `AWS::Lambda::Function`, `AWS::EC2::Instance`, ... on segments.
    public var origin: String?
    public var httpMethod: String?
    public var httpURL: String?
    public var httpStatus: Int?
    /// The AWS API operation of an `aws` subsegment (`GetItem`), from its `aws` block.
    public var awsOperation: String?
    public var subsegments: [XRaySegmentDocument]

    enum CodingKeys: String, CodingKey {
        case id, name, traceId = "trace_id", parentId = "parent_id", startTime = "start_time", endTime = "end_time"
        case inProgress = "in_progress", error, fault, throttle, resourceARN = "resource_arn", namespace, origin
        case http, aws, subsegments
    }

    struct HTTP: Decodable {
        struct Request: Decodable {
            var method: String?
            var url: String?
        }
        struct Response: Decodable {
            var status: Int?
        }
        var request: Request?
        var response: Response?
    }

    struct AWSBlock: Decodable {
        var operation: String?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        traceId = try c.decodeIfPresent(String.self, forKey: .traceId)
        parentId = try c.decodeIfPresent(String.self, forKey: .parentId)
        startTime = try c.decode(Double.self, forKey: .startTime)
        endTime = try c.decodeIfPresent(Double.self, forKey: .endTime)
        inProgress = try c.decodeIfPresent(Bool.self, forKey: .inProgress) ?? false
        error = try c.decodeIfPresent(Bool.self, forKey: .error) ?? false
        fault = try c.decodeIfPresent(Bool.self, forKey: .fault) ?? false
        throttle = try c.decodeIfPresent(Bool.self, forKey: .throttle) ?? false
        resourceARN = try c.decodeIfPresent(String.self, forKey: .resourceARN)
        namespace = try c.decodeIfPresent(String.self, forKey: .namespace)
        origin = try c.decodeIfPresent(String.self, forKey: .origin)
        let http = try c.decodeIfPresent(HTTP.self, forKey: .http)
        httpMethod = http?.request?.method
        httpURL = http?.request?.url
        httpStatus = http?.response?.status
        awsOperation = (try? c.decodeIfPresent(AWSBlock.self, forKey: .aws))??.operation
        subsegments = try c.decodeIfPresent([XRaySegmentDocument].self, forKey: .subsegments) ?? []
    }

    /// Parses a document; the error says what was wrong (never a crash on bad input).
    public static func parse(_ text: String) throws -> XRaySegmentDocument {
        try JSONDecoder().decode(XRaySegmentDocument.self, from: Data(text.utf8))
    }
}
