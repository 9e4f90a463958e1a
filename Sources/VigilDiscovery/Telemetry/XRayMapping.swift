import VigilAWSClients
import VigilTelemetry

/// X-Ray traces as `Span`s and the service graph as edges between entity names. Pure.
public enum XRayMapping {
    /// The spans of a trace: one per segment and per subsegment (nested ones included).
    /// A segment's entity is its `resource_arn` when it has one, else its name; a subsegment is
    /// work of the segment that contains it, so it takes that segment's entity, and its operation
    /// names the call (`DynamoDB GetItem`). `error` is the error (4xx) or fault (5xx) flag. A
    /// segment still in progress has no end time: its duration is 0. Segment documents that do not
    /// parse are skipped and counted in `unreadable`.
    public static func spans(of trace: XRayTrace) -> (spans: [Span], unreadable: Int) {
        var spans: [Span] = []
        var unreadable = 0
        for segment in trace.segments {
            guard let document = try? XRaySegmentDocument.parse(segment.document) else {
                unreadable += 1
                continue
            }
            let entity = document.resourceARN.flatMap { $0.isEmpty ? nil : $0 } ?? document.name
            append(document, traceId: trace.id, parent: document.parentId, entity: entity, isSegment: true, into: &spans)
        }
        return (spans, unreadable)
    }

    private static func append(_ document: XRaySegmentDocument, traceId: String, parent: String?, entity: String,
                               isSegment: Bool, into spans: inout [Span]) {
        let end = document.endTime ?? document.startTime
        spans.append(Span(traceId: traceId, spanId: document.id, parentSpanId: parent, entity: entity,
                          operation: operation(of: document, isSegment: isSegment), start: document.startTime,
                          durationMs: max(0, end - document.startTime) * 1000, error: document.error || document.fault))
        for child in document.subsegments {
            append(child, traceId: traceId, parent: document.id, entity: entity, isSegment: false, into: &spans)
        }
    }

    static func operation(of document: XRaySegmentDocument, isSegment: Bool) -> String {
        if let operation = document.awsOperation, !operation.isEmpty {
            return isSegment ? operation : "\(document.name) \(operation)"
        }
        if let method = document.httpMethod, let url = document.httpURL {
            return "\(method) \(path(of: url))"
        }
        return document.name
    }

    /// The path of a URL (`https://host/a/b?x` -> `/a/b`), or the text as given when it has none.
    static func path(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        let path = rest[slash...]
        return String(path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? path)
    }

    /// The name of a service graph node: an ARN for the types whose ARN follows from the type, the
    /// account and the name in the graph's region (Lambda functions, DynamoDB tables, SQS queues),
    /// else X-Ray's service name.
    public static func nodeName(_ service: XRayGraphService, region: String) -> String? {
        guard let name = service.name ?? service.names.first, !name.isEmpty else { return nil }
        let partition = region.hasPrefix("cn-") ? "aws-cn" : region.hasPrefix("us-gov-") ? "aws-us-gov" : "aws"
        guard let account = service.accountId, !account.isEmpty else { return name }
        switch service.type {
        case "AWS::Lambda::Function": return "arn:\(partition):lambda:\(region):\(account):function:\(name)"
        case "AWS::DynamoDB::Table": return "arn:\(partition):dynamodb:\(region):\(account):table/\(name)"
        case "AWS::SQS::Queue": return "arn:\(partition):sqs:\(region):\(account):\(name)"
        default: return name
        }
    }

    /// The caller -> callee pairs of the graph, once each, without self-loops and without the
    /// `client` node X-Ray adds for end users.
    public static func edges(of services: [XRayGraphService], region: String) -> [(from: String, to: String)] {
        var byReference: [Int: XRayGraphService] = [:]
        for service in services {
            if let reference = service.referenceId { byReference[reference] = service }
        }
        var seen: Set<[String]> = []
        var out: [(from: String, to: String)] = []
        for service in services where service.type != "client" {
            guard let from = nodeName(service, region: region) else { continue }
            for target in service.edgeTargets {
                guard let callee = byReference[target], callee.type != "client", let to = nodeName(callee, region: region),
                      to != from, seen.insert([from, to]).inserted else { continue }
                out.append((from, to))
            }
        }
        return out
    }
}
