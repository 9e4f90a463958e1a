import Foundation

/// Amazon API Gateway (REST APIs, v1), read operations (`rest-json`; `position` pagination,
/// `limit` up to 500; lists travel as `item`).
public struct APIGatewayClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "APIGateway", signingName: "apigateway", apiVersion: "2015-07-09", wireProtocol: .restJSON)

    public let client: AWSClient
    public var pageSize: Int?

    public init(_ client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize.map { min(max($0, 1), 500) }
    }

    public func getRestApis() -> AWSPaginator<APIGatewayRestApi> {
        let client = client, limit = pageSize
        return client.jsonPaginator({ position in
            try await client.restJSON(Self.service, operation: "GetRestApis", request: RestJSONRequest(
                method: "GET", path: "/restapis", query: [("limit", limit.map(String.init)), ("position", position)]),
                output: Page<APIGatewayRestApi>.self)
        }, items: { $0.items ?? [] }, next: { $0.position })
    }

    /// The resources of an API; with `embedMethods` each carries its methods and their integrations.
    public func getResources(restApiId: String, embedMethods: Bool = true) -> AWSPaginator<APIGatewayResource> {
        let client = client, limit = pageSize
        return client.jsonPaginator({ position in
            try await client.restJSON(Self.service, operation: "GetResources", request: RestJSONRequest(
                method: "GET", path: "/restapis/{restapi_id}/resources", labels: ["restapi_id": restApiId],
                query: [("embed", embedMethods ? "methods" : nil), ("limit", limit.map(String.init)), ("position", position)]),
                output: Page<APIGatewayResource>.self)
        }, items: { $0.items ?? [] }, next: { $0.position })
    }

    public func getIntegration(restApiId: String, resourceId: String, httpMethod: String) async throws -> APIGatewayIntegration {
        try await client.restJSON(Self.service, operation: "GetIntegration", request: RestJSONRequest(
            method: "GET", path: "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration",
            labels: ["restapi_id": restApiId, "resource_id": resourceId, "http_method": httpMethod]),
            output: APIGatewayIntegration.self)
    }

    struct Page<Item: Decodable & Sendable>: Decodable, Sendable {
        var items: [Item]?
        var position: String?
        enum CodingKeys: String, CodingKey { case items = "item", position }
    }
}

public struct APIGatewayRestApi: Sendable, Equatable, Decodable {
    public var id: String
    public var name: String?
    public var tags: [String: String]?
}

public struct APIGatewayResource: Sendable, Equatable, Decodable {
    public var id: String
    public var path: String?
    /// By HTTP method, when requested with `embed=methods`.
    public var resourceMethods: [String: APIGatewayMethod]?
}

public struct APIGatewayMethod: Sendable, Equatable, Decodable {
    public var httpMethod: String?
    public var methodIntegration: APIGatewayIntegration?
}

public struct APIGatewayIntegration: Sendable, Equatable, Decodable {
    /// `AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY`, `MOCK`.
    public var type: String?
    public var httpMethod: String?
    /// For Lambda: `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations`.
    public var uri: String?
    public var connectionType: String?
    public var connectionId: String?
}
