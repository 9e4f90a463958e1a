import Foundation

/// AWS Resource Explorer, Search (`rest-json`, POST `/Search`; `NextToken`). It answers only
/// where an index exists and a view (the default or `viewArn`) is set; otherwise AWS refuses the
/// call, and the error is returned as it came. A search returns at most 1,000 resources.
///
/// Resource Explorer's real endpoints are `resource-explorer-2.{region}.api.aws` (the descriptor's
/// `dnsSuffix`). Only recorded answers and endpoint overrides have exercised it.
public struct ResourceExplorerClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "ResourceExplorer", signingName: "resource-explorer-2", apiVersion: "2022-07-28", wireProtocol: .restJSON,
        dnsSuffix: "api.aws")

    public let client: AWSClient
    /// `MaxResults` (1...1000).
    public var pageSize: Int?

    public init(_ client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize.map { min(max($0, 1), 1000) }
    }

    /// Resources matching `query` (`*` matches everything the view shows).
    public func search(query: String = "*", viewArn: String? = nil) -> AWSPaginator<ResourceExplorerResource> {
        let client = client, pageSize = pageSize
        return client.jsonPaginator({ token in
            let body: [UInt8]
            do {
                body = Array(try JSONCodec.makeEncoder().encode(Input(QueryString: query, MaxResults: pageSize, ViewArn: viewArn, NextToken: token)))
            } catch {
                throw client.context(Self.service, "Search").error(.invalidRequest("cannot encode the input: \(error)"), attempts: 0)
            }
            return try await client.restJSON(Self.service, operation: "Search", request: RestJSONRequest(
                method: "POST", path: "/Search", body: body), output: Output.self)
        }, items: { $0.Resources ?? [] }, next: { $0.NextToken })
    }

    struct Input: Encodable, Sendable {
        var QueryString: String
        var MaxResults: Int?
        var ViewArn: String?
        var NextToken: String?
    }

    struct Output: Decodable, Sendable {
        var Resources: [ResourceExplorerResource]?
        var NextToken: String?
    }
}

public struct ResourceExplorerResource: Sendable, Equatable, Decodable {
    public var arn: String
    public var owningAccountId: String?
    public var region: String?
    /// `service:type`, e.g. `s3:bucket`, `lambda:function`.
    public var resourceType: String?
    public var service: String?

    enum CodingKeys: String, CodingKey {
        case arn = "Arn", owningAccountId = "OwningAccountId", region = "Region", resourceType = "ResourceType", service = "Service"
    }
}
