import Foundation
import Testing
import VigilAPIModel

@Suite("Generated shapes")
struct GeneratedShapeTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600.5)

    /// `value` survives toJSON → bytes → parse → init(json:).
    private func roundTrip<T: APIShape & Equatable>(_ value: T) throws {
        #expect(try T(json: value.toJSON()) == value)
        #expect(try T(jsonBytes: value.jsonBytes()) == value)
    }

    @Test func enumCaseNaming() {
        #expect(TaskStatus.pendingTriage.rawValue == "PENDING_TRIAGE")
        #expect(TaskStatus.pendingCustomerApproval.rawValue == "PENDING_CUSTOMER_APPROVAL")
        #expect(ValidationStatus.pendingConfirmation.rawValue == "pending-confirmation")
        #expect(IpAddressType.ipv4.rawValue == "IPV4")
        #expect(IpAddressType.dualStack.rawValue == "DUAL_STACK")
        #expect(NewRelicRegion.us.rawValue == "US")
        #expect(Service.eventChannel.rawValue == "eventChannel")
        #expect(Service.mcpserversigv4.rawValue == "mcpserversigv4")
        #expect(AuthFlow.iam.rawValue == "iam")
        #expect(EventChannelType.webhook.rawValue == "webhook")
        #expect(MCPServerAuthorizationMethod.oauth3lo.rawValue == "oauth-3lo")
        #expect(MCPServerAuthorizationMethod.oauthClientCredentials.rawValue == "oauth-client-credentials")
        #expect(UserType.allCases == [.iam, .idc, .idp])
        #expect(TaskStatus.allCases.count == 9)
        #expect(Priority(rawValue: "HIGH") == .high)
        #expect(Priority(rawValue: "high") == nil)
        #expect(TaskStatus.shapeName == "TaskStatus")
    }

    @Test func enumDecoding() throws {
        #expect(try TaskType(json: "EVALUATION") == .evaluation)
        #expect(throws: ShapeDecodingError(path: "", message: "Member must satisfy enum value set: [INVESTIGATION, EVALUATION]")) {
            try TaskType(json: "NOPE")
        }
        #expect(throws: ShapeDecodingError(path: "", message: "Member must be of type string")) { try TaskType(json: 1) }
    }

    @Test func renamedShape() throws {
        #expect(TaskShape.shapeName == "Task")
        #expect(ServiceModel.shapes["Task"]?.type == .structure)
        #expect(ServiceModel.shapes["TaskShape"] == nil)
    }

    @Test func createBacklogTaskRequestRoundTripAndOmission() throws {
        let minimal = CreateBacklogTaskRequest(agentSpaceId: "as-1", taskType: .investigation, title: "Disk full", priority: .high)
        #expect(minimal.toJSON() == ["agentSpaceId": "as-1", "taskType": "INVESTIGATION", "title": "Disk full", "priority": "HIGH"])
        try roundTrip(minimal)
        let full = CreateBacklogTaskRequest(
            agentSpaceId: "as-1",
            reference: ReferenceInput(system: "pagerduty", title: "INC-1", referenceId: "P123", referenceUrl: "https://x", associationId: "assoc-1"),
            taskType: .evaluation, title: "t", description: "d", priority: .minimal, clientToken: "tok"
        )
        try roundTrip(full)
        #expect(full.toJSON()["reference"]?["referenceUrl"] == "https://x")
    }

    @Test func taskWithDocumentsAndTimestamps() throws {
        let task = TaskShape(
            agentSpaceId: "as-1", taskId: "t-1", title: "Investigate", taskType: .investigation, priority: .critical,
            status: .inProgress, createdAt: Self.now, updatedAt: Self.now, version: 3,
            supportMetadata: ["nested": [1, 2.5, nil, "x"]], metadata: "just a string", hasLinkedTasks: false
        )
        try roundTrip(task)
        let json = task.toJSON()
        #expect(json["createdAt"] == "2026-01-01T00:00:00.500Z")
        #expect(json["version"] == 3)
        #expect(json["hasLinkedTasks"] == false)
        #expect(json["supportMetadata"] == ["nested": [1, 2.5, nil, "x"]])
        #expect(json["executionId"] == nil)
        try roundTrip(ListBacklogTasksResponse(tasks: [task, task], nextToken: "n"))
    }

    @Test func unionsRoundTrip() throws {
        let source = ServiceConfiguration.sourceAws(SourceAwsConfiguration(
            accountId: "123456789012", accountType: .source, assumableRoleArn: "arn:aws:iam::123456789012:role/r"
        ))
        #expect(source.memberName == "sourceAws")
        #expect(source.toJSON() == ["sourceAws": ["accountId": "123456789012", "accountType": "source", "assumableRoleArn": "arn:aws:iam::123456789012:role/r"]])
        try roundTrip(source)
        try roundTrip(AssociateServiceInput(agentSpaceId: "as-1", serviceId: "svc", configuration: .mcpserverdatadog(MCPServerDatadogConfiguration())))
        #expect(ServiceConfiguration.mcpserverdatadog(MCPServerDatadogConfiguration()).toJSON() == ["mcpserverdatadog": [:]])

        let registration = RegisterServiceInput(
            service: .dynatrace,
            serviceDetails: .dynatrace(DynatraceServiceDetails(
                accountUrn: "urn:dtaccount:00000000-0000-0000-0000-000000000000",
                authorizationConfig: .oAuthClientCredentials(DynatraceOAuthClientCredentialsConfig(
                    clientId: "id", exchangeParameters: ["scope": "all"], clientSecret: "s3cret"
                ))
            )),
            tags: ["team": "sre"]
        )
        try roundTrip(registration)

        let pending = ListPendingMessagesResponse(
            agentSpaceId: "as-1", executionId: "ex-1",
            messages: [
                PendingMessage(messageId: "m1", message: .userMessage([.text("hi"), .toolResult(["ok": true])])),
                PendingMessage(messageId: "m2", message: .assistantMessage([.toolUse(["name": "grep"])])),
            ],
            createdAt: Self.now
        )
        try roundTrip(pending)
        #expect(pending.toJSON()["messages"]?[0]?["message"] == ["userMessage": [["text": "hi"], ["toolResult": ["ok": true]]]])
        #expect(pending.toJSON()["createdAt"] == .double(1_767_225_600.5))
    }

    @Test func eventStreamUnion() throws {
        let completed = SendMessageEvents.responseCompleted(SendMessageResponseCompletedEvent(
            responseId: "r1", usage: SendMessageUsageInfo(inputTokens: 1, outputTokens: 2, totalTokens: 3), sequenceNumber: 9
        ))
        #expect(completed.memberName == "responseCompleted")
        #expect(completed.memberJSON() == ["responseId": "r1", "usage": ["inputTokens": 1, "outputTokens": 2, "totalTokens": 3], "sequenceNumber": 9])
        try roundTrip(completed)
        let delta = SendMessageEvents.contentBlockDelta(SendMessageContentBlockDeltaEvent(index: 0, delta: .textDelta(SendMessageTextDelta(text: "Hel"))))
        #expect(JSONWriter.writeString(delta.memberJSON()) == #"{"delta":{"textDelta":{"text":"Hel"}},"index":0}"#)
        #expect(SendMessageEvents.heartbeat(SendMessageHeartbeatEvent()).memberJSON() == [:])
        #expect(ServiceModel.shapes["SendMessageEvents"]?.isEventStream == true)
        #expect(ServiceModel.shapes["SendMessageEvents"]?.isUnion == true)
    }

    @Test func unionDecodingRules() throws {
        #expect(throws: ShapeDecodingError(path: "", message: "Exactly one member of the union must be set, found 2: [textDelta, jsonDelta]")) {
            try SendMessageContentBlockDelta(json: ["textDelta": ["text": "a"], "jsonDelta": ["partialJson": "{"]])
        }
        #expect(throws: ShapeDecodingError(path: "", message: "Exactly one member of the union must be set, found 0")) {
            try SendMessageContentBlockDelta(json: ["somethingNew": ["x": 1]])
        }
        #expect(throws: ShapeDecodingError(path: "textDelta.text", message: "Member must be of type string")) {
            try SendMessageContentBlockDelta(json: ["textDelta": ["text": 5]])
        }
        // null members are absent; unknown members are ignored.
        #expect(try SendMessageContentBlockDelta(json: ["textDelta": ["text": "a"], "jsonDelta": nil, "future": 1]) == .textDelta(SendMessageTextDelta(text: "a")))
    }

    @Test func decodingErrorsCarryPaths() {
        #expect(throws: ShapeDecodingError(path: "title", message: "Member is required")) {
            try CreateBacklogTaskRequest(json: ["agentSpaceId": "a", "taskType": "EVALUATION", "priority": "LOW"])
        }
        #expect(throws: ShapeDecodingError(path: "title", message: "Member is required")) {
            try CreateBacklogTaskRequest(json: ["agentSpaceId": "a", "taskType": "EVALUATION", "priority": "LOW", "title": nil])
        }
        #expect(throws: ShapeDecodingError(path: "reference.system", message: "Member is required")) {
            try CreateBacklogTaskRequest(json: ["agentSpaceId": "a", "taskType": "EVALUATION", "priority": "LOW", "title": "t",
                                                "reference": ["referenceId": "r", "referenceUrl": "u", "associationId": "x"]])
        }
        #expect(throws: ShapeDecodingError(path: "filter.status[1]", message: "Member must satisfy enum value set: [PENDING_TRIAGE, LINKED, PENDING_START, IN_PROGRESS, PENDING_CUSTOMER_APPROVAL, COMPLETED, FAILED, TIMED_OUT, CANCELED]")) {
            try ListBacklogTasksRequest(json: ["agentSpaceId": "a", "filter": ["status": ["LINKED", "DONE"]]])
        }
        #expect(throws: ShapeDecodingError(path: "tags[team]", message: "Member must be of type string")) {
            try CreateAgentSpaceInput(json: ["name": "n", "tags": ["team": 1]])
        }
        #expect(throws: ShapeDecodingError(path: "", message: "Member must be of type structure")) {
            try CreateAgentSpaceInput(json: ["n"])
        }
        #expect(throws: ShapeDecodingError(path: "limit", message: "Member must be of type integer")) {
            try ListBacklogTasksRequest(json: ["agentSpaceId": "a", "limit": 1.5])
        }
    }

    @Test func lenientDecoding() throws {
        // Unknown members ignored, integral doubles accepted for integers, null = absent.
        let decoded = try ListBacklogTasksRequest(json: ["agentSpaceId": "a", "limit": 10.0, "nextToken": nil, "brandNew": [1, 2]])
        #expect(decoded == ListBacklogTasksRequest(agentSpaceId: "a", limit: 10))
    }

    @Test func emptyStructuresAndExceptions() throws {
        #expect(DeleteAgentSpaceOutput().toJSON() == [:])
        #expect(try DeleteAgentSpaceOutput(json: ["ignored": 1]) == DeleteAgentSpaceOutput())
        let exception = ValidationException(message: "bad", fieldList: [ValidationExceptionField(path: "title", message: "Member is required")])
        #expect(exception.toJSON() == ["message": "bad", "fieldList": [["path": "title", "message": "Member is required"]]])
        try roundTrip(exception)
        try roundTrip(IdentityCenterServiceException(message: "m", underlyingErrorCode: "X"))
        #expect(ThrottlingException(message: "slow").toJSON() == ["message": "slow"])
    }

    @Test func numericMembers() throws {
        let recommendationRequest = GetRecommendationRequest(agentSpaceId: "a", recommendationId: "r", recommendationVersion: 9_000_000_000)
        #expect(recommendationRequest.toJSON()["recommendationVersion"] == .int(9_000_000_000))
        try roundTrip(recommendationRequest)
        let usage = UsageMetric(limit: 10, usage: 2.5)
        #expect(usage.toJSON() == ["limit": 10, "usage": 2.5])
        #expect(try UsageMetric(json: ["limit": 10, "usage": 2]) == UsageMetric(limit: 10, usage: 2))
        try roundTrip(usage)
    }
}
