import Foundation
import VigilAWSClients
import VigilTopology

/// The X-Ray service graph as observed edges for topology discovery: one `invokes` edge per
/// caller -> callee pair, named by ARN where the node's type, account and name determine it
/// (Lambda functions, DynamoDB tables, SQS queues in the client's region), else by X-Ray's
/// service name (`XRayMapping.nodeName`).
public struct XRayServiceGraphReader: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    public func edges(start: Date, end: Date) async throws -> [ObservedEdge] {
        let services = try await XRayClient(client).getServiceGraph(start: start, end: end).all()
        let evidence = "X-Ray service graph \(Self.format(start))..\(Self.format(end))"
        return XRayMapping.edges(of: services, region: client.region).map {
            ObservedEdge(from: $0.from, to: $0.to, kind: .invokes, evidence: evidence)
        }
    }

    /// `2026-11-27T05:40:00Z` (whole seconds, UTC).
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
