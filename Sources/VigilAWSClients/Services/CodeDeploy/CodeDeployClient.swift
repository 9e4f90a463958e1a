import Foundation

/// One deployment as BatchGetDeployments describes it (the members the collectors use).
public struct CodeDeployDeployment: Decodable, Sendable, Equatable {
    public var deploymentId: String
    public var applicationName: String?
    public var deploymentGroupName: String?
    /// `Created`, `Queued`, `InProgress`, `Baking`, `Succeeded`, `Failed`, `Stopped`, `Ready`.
    public var status: String?
    public var createTime: Date?
    public var startTime: Date?
    public var completeTime: Date?
    public var description: String?
    /// `user`, `autoscaling`, `codeDeployRollback`, ...
    public var creator: String?
    /// `Server`, `Lambda`, `ECS`.
    public var computePlatform: String?
    public var errorCode: String?
    public var errorMessage: String?
    /// The AppSpec text of a Lambda or ECS deployment given inline (names the function or service).
    public var appSpecContent: String?

    enum CodingKeys: String, CodingKey {
        case deploymentId, applicationName, deploymentGroupName, status, createTime, startTime, completeTime
        case description, creator, computePlatform, errorInformation, revision
    }

    struct ErrorInformation: Decodable {
        var code: String?
        var message: String?
    }

    struct Revision: Decodable {
        struct Content: Decodable {
            var content: String?
        }
        var appSpecContent: Content?
        var string: Content?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        deploymentId = try c.decode(String.self, forKey: .deploymentId)
        applicationName = try c.decodeIfPresent(String.self, forKey: .applicationName)
        deploymentGroupName = try c.decodeIfPresent(String.self, forKey: .deploymentGroupName)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        createTime = try c.decodeTimestampIfPresent(forKey: .createTime)
        startTime = try c.decodeTimestampIfPresent(forKey: .startTime)
        completeTime = try c.decodeTimestampIfPresent(forKey: .completeTime)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        creator = try c.decodeIfPresent(String.self, forKey: .creator)
        computePlatform = try c.decodeIfPresent(String.self, forKey: .computePlatform)
        let error = try c.decodeIfPresent(ErrorInformation.self, forKey: .errorInformation)
        errorCode = error?.code
        errorMessage = error?.message
        let revision = try c.decodeIfPresent(Revision.self, forKey: .revision)
        appSpecContent = revision?.appSpecContent?.content ?? revision?.string?.content
    }
}

/// AWS CodeDeploy, read operations (json 1.1, `CodeDeploy_20141006`).
public struct CodeDeployClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "CodeDeploy", signingName: "codedeploy", apiVersion: "2014-10-06",
        wireProtocol: .json(version: "1.1", targetPrefix: "CodeDeploy_20141006"))

    /// BatchGetDeployments takes at most this many ids per request.
    public static let maxDeploymentsPerBatch = 25

    public let client: AWSClient

    public init(_ client: AWSClient) {
        self.client = client
    }

    struct ListDeploymentsInput: Encodable {
        struct TimeRange: Encodable {
            var start: Date
            var end: Date
        }
        var applicationName: String?
        var deploymentGroupName: String?
        var createTimeRange: TimeRange?
        var nextToken: String?
    }

    struct ListDeploymentsOutput: Decodable {
        var deployments: [String]?
        var nextToken: String?
    }

    /// Ids of the deployments created between `start` and `end` (all applications unless one is named;
    /// a group needs its application).
    public func listDeployments(createdFrom start: Date, to end: Date, application: String? = nil,
                                deploymentGroup: String? = nil) -> AWSPaginator<String> {
        let client = client
        return AWSPaginator { token in
            let output = try await client.json(Self.service, operation: "ListDeployments", input: ListDeploymentsInput(
                applicationName: application, deploymentGroupName: deploymentGroup,
                createTimeRange: .init(start: start, end: end), nextToken: token), output: ListDeploymentsOutput.self)
            return AWSPage(items: output.deployments ?? [], nextToken: output.nextToken)
        }
    }

    struct BatchGetDeploymentsInput: Encodable {
        var deploymentIds: [String]
    }

    struct BatchGetDeploymentsOutput: Decodable {
        var deploymentsInfo: [CodeDeployDeployment]?
    }

    /// Up to `maxDeploymentsPerBatch` deployments by id.
    public func batchGetDeployments(ids: [String]) async throws -> [CodeDeployDeployment] {
        guard ids.count <= Self.maxDeploymentsPerBatch else {
            throw client.context(Self.service, "BatchGetDeployments")
                .error(.invalidRequest("at most \(Self.maxDeploymentsPerBatch) deployment ids per call, got \(ids.count)"), attempts: 0)
        }
        guard !ids.isEmpty else { return [] }
        let output = try await client.json(Self.service, operation: "BatchGetDeployments",
                                           input: BatchGetDeploymentsInput(deploymentIds: ids), output: BatchGetDeploymentsOutput.self)
        return output.deploymentsInfo ?? []
    }
}
