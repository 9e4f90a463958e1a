import Foundation

/// AWS Lambda, read operations (`rest-json`; `Marker` / `NextMarker` pagination).
public struct LambdaClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "Lambda", signingName: "lambda", apiVersion: "2015-03-31", wireProtocol: .restJSON)

    public let client: AWSClient
    /// `MaxItems` of the listings (1...10000; nil lets Lambda choose, 50).
    public var pageSize: Int?

    public init(_ client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize.map { min(max($0, 1), 10_000) }
    }

    /// Every function (unpublished versions) with its configuration, environment included.
    public func listFunctions() -> AWSPaginator<LambdaFunction> {
        let client = client
        let pageSize = pageSize
        return client.jsonPaginator({ marker in
            try await client.restJSON(Self.service, operation: "ListFunctions", request: RestJSONRequest(
                method: "GET", path: "/2015-03-31/functions",
                query: [("Marker", marker), ("MaxItems", pageSize.map(String.init))]), output: ListFunctionsOutput.self)
        }, items: { $0.Functions ?? [] }, next: { $0.NextMarker })
    }

    /// One function's configuration (by name, ARN or partial ARN).
    public func getFunctionConfiguration(name: String) async throws -> LambdaFunction {
        try await client.restJSON(Self.service, operation: "GetFunctionConfiguration", request: RestJSONRequest(
            method: "GET", path: "/2015-03-31/functions/{FunctionName}/configuration", labels: ["FunctionName": name]),
            output: LambdaFunction.self)
    }

    /// Event source mappings, of one function when `functionName` is given.
    public func listEventSourceMappings(functionName: String? = nil) -> AWSPaginator<LambdaEventSourceMapping> {
        let client = client
        let pageSize = pageSize.map { min($0, 100) }
        return client.jsonPaginator({ marker in
            try await client.restJSON(Self.service, operation: "ListEventSourceMappings", request: RestJSONRequest(
                method: "GET", path: "/2015-03-31/event-source-mappings",
                query: [("FunctionName", functionName), ("Marker", marker), ("MaxItems", pageSize.map(String.init))]),
                output: ListEventSourceMappingsOutput.self)
        }, items: { $0.EventSourceMappings ?? [] }, next: { $0.NextMarker })
    }

    /// The tags of a function (by ARN).
    public func listTags(arn: String) async throws -> [String: String] {
        let output = try await client.restJSON(Self.service, operation: "ListTags", request: RestJSONRequest(
            method: "GET", path: "/2017-03-31/tags/{Resource}", labels: ["Resource": arn]), output: TagsOutput.self)
        return output.Tags ?? [:]
    }

    struct ListFunctionsOutput: Decodable, Sendable {
        var Functions: [LambdaFunction]?
        var NextMarker: String?
    }

    struct ListEventSourceMappingsOutput: Decodable, Sendable {
        var EventSourceMappings: [LambdaEventSourceMapping]?
        var NextMarker: String?
    }

    struct TagsOutput: Decodable, Sendable {
        var Tags: [String: String]?
    }
}

public struct LambdaFunction: Sendable, Equatable, Decodable {
    public var functionName: String
    public var functionArn: String
    public var runtime: String?
    public var role: String?
    /// Environment variables (empty when none are set).
    public var environment: [String: String]
    /// Security groups of a function attached to a VPC.
    public var securityGroupIds: [String]

    enum CodingKeys: String, CodingKey {
        case FunctionName, FunctionArn, Runtime, Role, Environment, VpcConfig
    }

    struct Environment: Decodable {
        var Variables: [String: String]?
    }

    struct VpcConfig: Decodable {
        var SecurityGroupIds: [String]?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        functionName = try container.decode(String.self, forKey: .FunctionName)
        functionArn = try container.decode(String.self, forKey: .FunctionArn)
        runtime = try container.decodeIfPresent(String.self, forKey: .Runtime)
        role = try container.decodeIfPresent(String.self, forKey: .Role)
        environment = try container.decodeIfPresent(Environment.self, forKey: .Environment)?.Variables ?? [:]
        securityGroupIds = try container.decodeIfPresent(VpcConfig.self, forKey: .VpcConfig)?.SecurityGroupIds ?? []
    }

    public init(functionName: String, functionArn: String, runtime: String? = nil, role: String? = nil,
                environment: [String: String] = [:], securityGroupIds: [String] = []) {
        self.functionName = functionName
        self.functionArn = functionArn
        self.runtime = runtime
        self.role = role
        self.environment = environment
        self.securityGroupIds = securityGroupIds
    }
}

public struct LambdaEventSourceMapping: Sendable, Equatable, Decodable {
    public var uuid: String
    /// The queue, stream or table-stream ARN (absent for self-managed Kafka and MQ sources).
    public var eventSourceArn: String?
    /// The function's ARN, possibly qualified with a version or alias.
    public var functionArn: String?
    public var state: String?

    enum CodingKeys: String, CodingKey {
        case uuid = "UUID", eventSourceArn = "EventSourceArn", functionArn = "FunctionArn", state = "State"
    }
}
