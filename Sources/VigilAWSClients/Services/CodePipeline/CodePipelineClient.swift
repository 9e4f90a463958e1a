import Foundation

/// A pipeline as ListPipelines names it.
public struct CodePipelineSummary: Decodable, Sendable, Equatable {
    public var name: String
    public var version: Int?
    public var created: Date?
    public var updated: Date?

    enum CodingKeys: String, CodingKey { case name, version, created, updated }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
        created = try c.decodeTimestampIfPresent(forKey: .created)
        updated = try c.decodeTimestampIfPresent(forKey: .updated)
    }
}

/// One run of a pipeline as ListPipelineExecutions summarises it.
public struct CodePipelineExecution: Decodable, Sendable, Equatable {
    public struct SourceRevision: Decodable, Sendable, Equatable {
        public var actionName: String
        public var revisionId: String?
        public var revisionSummary: String?
        public var revisionUrl: String?
    }

    public struct Trigger: Decodable, Sendable, Equatable {
        public var triggerType: String?
        public var triggerDetail: String?
    }

    public var pipelineExecutionId: String
    /// `Cancelled`, `InProgress`, `Stopped`, `Stopping`, `Succeeded`, `Superseded`, `Failed`.
    public var status: String?
    public var statusSummary: String?
    public var startTime: Date?
    public var lastUpdateTime: Date?
    public var sourceRevisions: [SourceRevision]?
    public var trigger: Trigger?

    enum CodingKeys: String, CodingKey {
        case pipelineExecutionId, status, statusSummary, startTime, lastUpdateTime, sourceRevisions, trigger
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pipelineExecutionId = try c.decode(String.self, forKey: .pipelineExecutionId)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        statusSummary = try c.decodeIfPresent(String.self, forKey: .statusSummary)
        startTime = try c.decodeTimestampIfPresent(forKey: .startTime)
        lastUpdateTime = try c.decodeTimestampIfPresent(forKey: .lastUpdateTime)
        sourceRevisions = try c.decodeIfPresent([SourceRevision].self, forKey: .sourceRevisions)
        trigger = try c.decodeIfPresent(Trigger.self, forKey: .trigger)
    }
}

/// AWS CodePipeline, read operations (json 1.1, `CodePipeline_20150709`).
public struct CodePipelineClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "CodePipeline", signingName: "codepipeline", apiVersion: "2015-07-09",
        wireProtocol: .json(version: "1.1", targetPrefix: "CodePipeline_20150709"))

    public let client: AWSClient

    public init(_ client: AWSClient) {
        self.client = client
    }

    struct ListPipelinesInput: Encodable {
        var nextToken: String?
    }

    struct ListPipelinesOutput: Decodable {
        var pipelines: [CodePipelineSummary]?
        var nextToken: String?
    }

    public func listPipelines() -> AWSPaginator<CodePipelineSummary> {
        let client = client
        return AWSPaginator { token in
            let output = try await client.json(Self.service, operation: "ListPipelines", input: ListPipelinesInput(nextToken: token),
                                               output: ListPipelinesOutput.self)
            return AWSPage(items: output.pipelines ?? [], nextToken: output.nextToken)
        }
    }

    struct ListPipelineExecutionsInput: Encodable {
        var pipelineName: String
        var maxResults: Int?
        var nextToken: String?
    }

    struct ListPipelineExecutionsOutput: Decodable {
        var pipelineExecutionSummaries: [CodePipelineExecution]?
        var nextToken: String?
    }

    /// The runs of `pipeline`, newest first.
    public func listPipelineExecutions(pipeline: String, pageSize: Int? = 50) -> AWSPaginator<CodePipelineExecution> {
        let client = client
        return AWSPaginator { token in
            let output = try await client.json(Self.service, operation: "ListPipelineExecutions", input: ListPipelineExecutionsInput(
                pipelineName: pipeline, maxResults: pageSize, nextToken: token), output: ListPipelineExecutionsOutput.self)
            return AWSPage(items: output.pipelineExecutionSummaries ?? [], nextToken: output.nextToken)
        }
    }
}
