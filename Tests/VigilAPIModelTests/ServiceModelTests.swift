import Testing
import VigilAPIModel

@Suite("ServiceModel tables")
struct ServiceModelTests {
    @Test func metadata() {
        #expect(ServiceModel.apiVersion == "2026-01-01")
        #expect(ServiceModel.signingName == "aidevops")
        #expect(ServiceModel.protocolName == "rest-json")
        #expect(ServiceModel.serviceId == "DevOps Agent")
    }

    @Test func operations() throws {
        #expect(ServiceModel.operations.count == 44)
        #expect(ServiceModel.operations.map(\.name) == ServiceModel.operations.map(\.name).sorted())
        let create = try #require(ServiceModel.operation(named: "CreateBacklogTask"))
        #expect(create == OperationDescriptor(
            name: "CreateBacklogTask", httpMethod: "POST", requestURI: "/backlog/agent-space/{agentSpaceId}/tasks",
            successCode: 201, inputShape: "CreateBacklogTaskRequest", outputShape: "CreateBacklogTaskResponse",
            hostPrefix: "dp.", idempotent: true, readOnly: false, outputIsEventStream: false,
            errors: ["ValidationException", "ContentSizeExceededException", "ServiceQuotaExceededException", "ConflictException",
                     "InternalServerException", "AccessDeniedException", "ResourceNotFoundException", "ThrottlingException",
                     "InvalidParameterException"]
        ))
        #expect(ServiceModel.operation(named: "SendMessage")?.outputIsEventStream == true)
        #expect(ServiceModel.operations.filter(\.outputIsEventStream).map(\.name) == ["SendMessage"])
        #expect(ServiceModel.operation(named: "DisableOperatorApp")?.outputShape == nil)
        #expect(ServiceModel.operation(named: "GetAgentSpace")?.readOnly == true)
        #expect(ServiceModel.operation(named: "GetOperatorApp")?.requestURI == "/v2/agentspaces/{agentSpaceId}/operator")
        #expect(ServiceModel.operation(named: "DeleteAgentSpace")?.successCode == 204)
        #expect(ServiceModel.operation(named: "ListAgentSpaces")?.hostPrefix == "cp.")
        #expect(ServiceModel.operation(named: "NoSuchOperation") == nil)
        // Every referenced shape exists.
        for operation in ServiceModel.operations {
            for name in [operation.inputShape, operation.outputShape].compactMap({ $0 }) + operation.errors {
                #expect(ServiceModel.shapes[name] != nil, "\(operation.name) references \(name)")
            }
        }
    }

    @Test func paginators() {
        #expect(ServiceModel.paginators.count == 7)
        #expect(ServiceModel.paginators["ListBacklogTasks"] == PaginatorDescriptor(
            operation: "ListBacklogTasks", inputToken: "nextToken", outputToken: "nextToken", limitKey: "limit", resultKey: "tasks"
        ))
        #expect(ServiceModel.paginators["ListAgentSpaces"]?.limitKey == "maxResults")
        #expect(ServiceModel.paginators["ListChats"] == nil)
    }

    @Test func shapeDescriptors() throws {
        #expect(ServiceModel.shapes.count == 391)
        let input = try #require(ServiceModel.shapes["CreateBacklogTaskRequest"])
        #expect(input.members.map(\.name) == ["agentSpaceId", "reference", "taskType", "title", "description", "priority", "clientToken"])
        #expect(input.requiredMembers == ["agentSpaceId", "taskType", "title", "priority"])
        #expect(input.member(named: "agentSpaceId") == MemberDescriptor(name: "agentSpaceId", target: "AgentSpaceId", location: .uri, locationName: "agentSpaceId", required: true))
        #expect(input.member(named: "clientToken")?.idempotencyToken == true)
        #expect(ServiceModel.shapes["AgentSpaceId"]?.pattern == "[a-zA-Z0-9-]{1,64}")
        #expect(ServiceModel.shapes["BacklogTaskTitle"].map { ($0.min, $0.max) } ?? (nil, nil) == (1, 400))
        #expect(ServiceModel.shapes["TaskType"]?.enumValues == ["INVESTIGATION", "EVALUATION"])
        #expect(ServiceModel.shapes["Tags"]?.mapKey == "TagKey")
        #expect(ServiceModel.shapes["Tags"]?.mapValue == "TagValue")
        #expect(ServiceModel.shapes["TagKeyList"]?.listMember == "TagKey")
        #expect(ServiceModel.shapes["ServiceConfiguration"]?.isUnion == true)
        #expect(ServiceModel.shapes["DynatraceServiceAuthorizationConfig"]?.isSensitive == true)
        #expect(ServiceModel.shapes["ClientSecret"]?.isSensitive == true)
        #expect(ServiceModel.shapes["Document"]?.type == .document)
        #expect(ServiceModel.shapes["BackLogTimestamp"]?.timestampFormat == .iso8601)
        #expect(ServiceModel.shapes["TaskFilter"]?.member(named: "createdAfter")?.timestampFormat == .iso8601)
        #expect(ServiceModel.shapes["JournalRecord"]?.member(named: "createdAt")?.timestampFormat == .epochSeconds)
        #expect(ServiceModel.shapes["SendMessageResponse"]?.payloadMember == "events")
        #expect(ServiceModel.shapes["SendMessageHeartbeatEvent"]?.isEvent == true)
        #expect(ServiceModel.shapes["CreateChatRequest"]?.member(named: "userId")?.deprecated == true)
        #expect(ServiceModel.shapes["DisableOperatorAppInput"]?.member(named: "authFlow")?.locationName == "x-amzn-app-auth-flow")
        #expect(ServiceModel.shapes["UntagResourceRequest"]?.member(named: "tagKeys")?.location == .querystring)
    }

    @Test func exceptions() {
        let statuses = ServiceModel.shapes.values.filter(\.isException).reduce(into: [String: Int]()) { $0[$1.name] = $1.errorHTTPStatus ?? -1 }
        #expect(statuses == [
            "AccessDeniedException": 403, "ConflictException": 409, "ContentSizeExceededException": 413,
            "IdentityCenterServiceException": 400, "InternalServerException": 500, "InvalidParameterException": 400,
            "ResourceNotFoundException": 404, "ServiceQuotaExceededException": 402, "ThrottlingException": 429,
            "ValidationException": -1,  // no error trait in the model: send 400
        ])
        #expect(ServiceModel.shapes["InternalServerException"]?.isFault == true)
        #expect(ServiceModel.shapes["ThrottlingException"]?.isFault == false)
    }

    @Test func everyModelPatternCompiles() {
        let patterns = Set(ServiceModel.shapes.values.compactMap(\.pattern))
        #expect(patterns.count > 30)
        for pattern in patterns {
            #expect(PatternMatcher.isValid(pattern), "\(pattern)")
        }
        #expect(!PatternMatcher.isValid("[unclosed"))
    }

    @Test func patternsAreFullMatches() {
        #expect(PatternMatcher.matches("123456789012", pattern: #"\d{12}"#))
        #expect(!PatternMatcher.matches("1234567890123", pattern: #"\d{12}"#))
        #expect(!PatternMatcher.matches("x123456789012", pattern: #"\d{12}"#))
        #expect(!PatternMatcher.matches("abc\n", pattern: "[a-z]+"))
        #expect(PatternMatcher.matches("Zürich – ops 🚀", pattern: #"[\p{L}\p{N}\p{P}\p{S}\p{Z}]+"#))
        #expect(PatternMatcher.matches("a-b_c", pattern: "[a-zA-Z0-9-_]+"))
        #expect(PatternMatcher.matches("any text", pattern: #"[\u0020-\u007E]+"#))
        #expect(!PatternMatcher.matches("tab\there", pattern: #"[\u0020-\u007E]+"#))
        // Patterns outside the model table are compiled on demand.
        #expect(PatternMatcher.matches("abc", pattern: "a.c"))
    }
}
