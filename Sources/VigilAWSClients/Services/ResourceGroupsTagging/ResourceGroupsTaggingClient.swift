import Foundation

/// Resource Groups Tagging API, GetResources (`json` 1.1, `ResourceGroupsTaggingAPI_20170126`;
/// `PaginationToken`, empty on the last page). Lists every tagged (or once-tagged) resource of
/// the region with its tags in one paginated read.
public struct ResourceGroupsTaggingClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "ResourceGroupsTagging", signingName: "tagging", apiVersion: "2017-01-26",
        wireProtocol: .json(version: "1.1", targetPrefix: "ResourceGroupsTaggingAPI_20170126"))

    public let client: AWSClient
    /// `ResourcesPerPage` (1...100).
    public var pageSize: Int?

    public init(_ client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize.map { min(max($0, 1), 100) }
    }

    public func getResources(resourceTypes: [String] = []) -> AWSPaginator<TaggedResource> {
        let client = client, pageSize = pageSize
        return client.jsonPaginator({ token in
            try await client.json(Self.service, operation: "GetResources",
                                  input: Input(PaginationToken: token, ResourcesPerPage: pageSize,
                                               ResourceTypeFilters: resourceTypes.isEmpty ? nil : resourceTypes),
                                  output: Output.self)
        }, items: { page in
            (page.ResourceTagMappingList ?? []).compactMap { mapping in
                guard let arn = mapping.ResourceARN else { return nil }
                var tags: [String: String] = [:]
                for tag in mapping.Tags ?? [] { if let key = tag.Key { tags[key] = tag.Value ?? "" } }
                return TaggedResource(arn: arn, tags: tags)
            }
        }, next: { $0.PaginationToken })
    }

    struct Input: Encodable, Sendable {
        var PaginationToken: String?
        var ResourcesPerPage: Int?
        var ResourceTypeFilters: [String]?
    }

    struct Output: Decodable, Sendable {
        struct Mapping: Decodable, Sendable {
            struct Tag: Decodable, Sendable {
                var Key: String?
                var Value: String?
            }
            var ResourceARN: String?
            var Tags: [Tag]?
        }
        var PaginationToken: String?
        var ResourceTagMappingList: [Mapping]?
    }
}

public struct TaggedResource: Sendable, Equatable {
    public var arn: String
    public var tags: [String: String]
}
