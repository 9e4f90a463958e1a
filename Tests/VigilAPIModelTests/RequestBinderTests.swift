import Foundation
import Testing
import VigilAPIModel

/// Binds a request for operation `name`, returning the decoded input or the failure.
func bind<T: APIShape>(
    _ type: T.Type,
    _ name: String,
    labels: [String: String] = [:],
    query: [(name: String, value: String)] = [],
    headers: [(name: String, value: String)] = [],
    body: String = ""
) -> Result<T, ValidationFailure> {
    let operation = ServiceModel.operation(named: name)!
    let request = RawRequest(pathLabels: labels, query: query, headers: headers, body: Array(body.utf8))
    do {
        return .success(try RequestBinder.decode(type, for: operation, from: request))
    } catch {
        return .failure(error)
    }
}

func field(_ path: String, _ message: String) -> ValidationExceptionField {
    ValidationExceptionField(path: path, message: message)
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var value: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}

@Suite("RequestBinder")
struct RequestBinderTests {
    private func task(_ body: String, agentSpaceId: String = "as-1") -> Result<CreateBacklogTaskRequest, ValidationFailure> {
        bind(CreateBacklogTaskRequest.self, "CreateBacklogTask", labels: ["agentSpaceId": agentSpaceId], body: body)
    }

    private func fields(_ body: String, agentSpaceId: String = "as-1") -> [ValidationExceptionField]? {
        task(body, agentSpaceId: agentSpaceId).failure?.fieldList
    }

    private let validTask = #"{"taskType":"INVESTIGATION","title":"Disk full","priority":"HIGH"}"#

    // MARK: Binding

    @Test func bindsLabelAndBody() {
        let decoded = task(#"{"taskType":"INVESTIGATION","title":"Disk full","priority":"HIGH","clientToken":"t","reference":{"system":"pd","referenceId":"P1","referenceUrl":"https://pd/P1","associationId":"a-1"}}"#)
        #expect(decoded.value == CreateBacklogTaskRequest(
            agentSpaceId: "as-1",
            reference: ReferenceInput(system: "pd", referenceId: "P1", referenceUrl: "https://pd/P1", associationId: "a-1"),
            taskType: .investigation, title: "Disk full", priority: .high, clientToken: "t"
        ))
    }

    @Test func emptyBodyIsEmptyObject() {
        let failure = task("").failure
        #expect(failure?.fieldList == [
            field("taskType", "Member is required"),
            field("title", "Member is required"),
            field("priority", "Member is required"),
        ])
        #expect(failure?.message == "3 validation errors detected: Value at 'taskType' failed to satisfy constraint: Member is required; Value at 'title' failed to satisfy constraint: Member is required; Value at 'priority' failed to satisfy constraint: Member is required")
        #expect(task(" \n ").failure?.fieldList.count == 3)
    }

    @Test func malformedBody() {
        #expect(task(#"{"title":"x" "priority":"HIGH"}"#).failure == ValidationFailure(message: "Malformed JSON at byte 13: expected ',' or '}'", fieldList: []))
        #expect(task("[1]").failure == ValidationFailure(message: "Malformed request body: expected a JSON object", fieldList: []))
        #expect(task("\"text\"").failure?.message == "Malformed request body: expected a JSON object")
        #expect(task("null").failure?.fieldList == [])
    }

    @Test func uriLabels() {
        #expect(fields(validTask, agentSpaceId: "") == [field("agentSpaceId", "Member must not be empty")])
        let missing = bind(CreateBacklogTaskRequest.self, "CreateBacklogTask", body: validTask)
        #expect(missing.failure?.fieldList == [field("agentSpaceId", "Member must not be empty")])
        #expect(fields(validTask, agentSpaceId: "bad/id") == [field("agentSpaceId", "Member must satisfy regular expression pattern: [a-zA-Z0-9-]{1,64}")])
        // Full match: an unanchored search would accept these.
        #expect(fields(validTask, agentSpaceId: "abc def")?.count == 1)
        #expect(fields(validTask, agentSpaceId: String(repeating: "a", count: 65))?.count == 1)
        #expect(task(validTask, agentSpaceId: String(repeating: "a", count: 64)).value != nil)
        // A body member cannot override a label.
        let overridden = task(#"{"agentSpaceId":"other","taskType":"INVESTIGATION","title":"t","priority":"LOW"}"#)
        #expect(overridden.value?.agentSpaceId == "as-1")
        // An operation with several labels.
        let association = bind(GetAssociationInput.self, "GetAssociation", labels: ["agentSpaceId": "as-1", "associationId": "assoc-9"])
        #expect(association.value == GetAssociationInput(agentSpaceId: "as-1", associationId: "assoc-9"))
        // Labels arrive percent-decoded: an ARN with ':' and '/'.
        let tags = bind(ListTagsForResourceRequest.self, "ListTagsForResource", labels: ["resourceArn": "arn:aws:aidevops:us-east-1:123456789012:agentspace/as-1"])
        #expect(tags.value?.resourceArn == "arn:aws:aidevops:us-east-1:123456789012:agentspace/as-1")
    }

    // MARK: Constraint classes

    @Test func typeMismatch() {
        #expect(fields(#"{"taskType":"INVESTIGATION","title":5,"priority":"HIGH"}"#) == [field("title", "Member must be of type string")])
        #expect(fields(#"{"taskType":"INVESTIGATION","title":"t","priority":"HIGH","reference":"x"}"#) == [field("reference", "Member must be of type structure")])
        #expect(fields(#"{"taskType":["INVESTIGATION"],"title":"t","priority":true}"#) == [
            field("taskType", "Member must be of type string"),
            field("priority", "Member must be of type string"),
        ])
    }

    @Test func stringLengthInUnicodeScalars() {
        func titled(_ title: String) -> [ValidationExceptionField]? {
            let body = JSONWriter.writeString(["taskType": "INVESTIGATION", "title": .string(title), "priority": "HIGH"])
            return fields(body)
        }
        #expect(titled("") == [field("title", "Member must have length greater than or equal to 1")])
        #expect(titled(String(repeating: "x", count: 401)) == [field("title", "Member must have length less than or equal to 400")])
        #expect(titled(String(repeating: "x", count: 400)) == nil)
        #expect(titled(String(repeating: "😀", count: 400)) == nil)  // 400 scalars, 800 UTF-16 units
        #expect(titled(String(repeating: "e\u{301}", count: 200)) == nil)  // 400 scalars, 200 characters
        #expect(titled(String(repeating: "e\u{301}", count: 201)) == [field("title", "Member must have length less than or equal to 400")])
    }

    @Test func lengthAndPatternBothReported() {
        let body = #"{"name":"ok","locale":"x"}"#
        let failure = bind(CreateAgentSpaceInput.self, "CreateAgentSpace", body: body).failure
        #expect(failure?.fieldList == [
            field("locale", "Member must have length greater than or equal to 2"),
            field("locale", "Member must satisfy regular expression pattern: [a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*"),
        ])
        let kms = bind(CreateAgentSpaceInput.self, "CreateAgentSpace", body: #"{"name":"ok","kmsKeyArn":"arn:aws:kms:us-east-1:123456789012:key/not-a-uuid"}"#)
        #expect(kms.failure?.fieldList.map(\.path) == ["kmsKeyArn"])
        #expect(bind(CreateAgentSpaceInput.self, "CreateAgentSpace", body: #"{"name":"Ops – Zürich 🚀","locale":"de-CH","kmsKeyArn":"arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012"}"#).value != nil)
    }

    @Test func enumMembership() {
        #expect(fields(#"{"taskType":"NOPE","title":"t","priority":"HIGH"}"#) == [field("taskType", "Member must satisfy enum value set: [INVESTIGATION, EVALUATION]")])
        #expect(fields(#"{"taskType":"investigation","title":"t","priority":"URGENT"}"#) == [
            field("taskType", "Member must satisfy enum value set: [INVESTIGATION, EVALUATION]"),
            field("priority", "Member must satisfy enum value set: [CRITICAL, HIGH, MEDIUM, LOW, MINIMAL]"),
        ])
    }

    @Test func requiredAndNull() {
        #expect(fields(#"{"taskType":"INVESTIGATION","title":null,"priority":"HIGH","description":null}"#) == [field("title", "Member is required")])
    }

    @Test func nestedPathsAndAllViolationsCollected() {
        let body = #"{"taskType":"X","title":"","priority":"HIGH","reference":{"referenceId":"bad id!","referenceUrl":"u","associationId":""}}"#
        let failure = task(body).failure
        #expect(failure?.fieldList == [
            field("reference.system", "Member is required"),
            field("reference.referenceId", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
            field("reference.associationId", "Member must have length greater than or equal to 1"),
            field("reference.associationId", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
            field("taskType", "Member must satisfy enum value set: [INVESTIGATION, EVALUATION]"),
            field("title", "Member must have length greater than or equal to 1"),
        ])
        #expect(failure?.message.hasPrefix("6 validation errors detected: Value at 'reference.system' failed to satisfy constraint: Member is required; Value at 'reference.referenceId'") == true)
    }

    @Test func unknownBodyMembersIgnored() {
        #expect(task(#"{"taskType":"INVESTIGATION","title":"t","priority":"HIGH","future":{"x":[1]}}"#).value != nil)
    }

    @Test func listsNumbersAndTimestamps() {
        func list(_ body: String) -> Result<ListBacklogTasksRequest, ValidationFailure> {
            bind(ListBacklogTasksRequest.self, "ListBacklogTasks", labels: ["agentSpaceId": "as-1"], body: body)
        }
        #expect(list("").value == ListBacklogTasksRequest(agentSpaceId: "as-1"))
        #expect(list(#"{"filter":{"status":["NOPE"]}}"#).failure?.fieldList == [
            field("filter.status[0]", "Member must satisfy enum value set: [PENDING_TRIAGE, LINKED, PENDING_START, IN_PROGRESS, PENDING_CUSTOMER_APPROVAL, COMPLETED, FAILED, TIMED_OUT, CANCELED]"),
        ])
        #expect(list(#"{"filter":{"status":[]}}"#).failure?.fieldList == [field("filter.status", "Member must have length greater than or equal to 1")])
        #expect(list(#"{"filter":{"priority":["HIGH","LOW"]}}"#).failure?.fieldList == [field("filter.priority", "Member must have length less than or equal to 1")])
        #expect(list(#"{"filter":{"priority":[null]}}"#).failure?.fieldList == [field("filter.priority[0]", "Member must not be null")])
        #expect(list(#"{"filter":{"taskType":"EVALUATION"}}"#).failure?.fieldList == [field("filter.taskType", "Member must be of type list")])
        #expect(list(#"{"filter":{"createdAfter":"last tuesday"}}"#).failure?.fieldList == [field("filter.createdAfter", "Member must be a timestamp (epoch seconds or ISO 8601 string)")])
        #expect(list(#"{"limit":0}"#).failure?.fieldList == [field("limit", "Member must be greater than or equal to 1")])
        #expect(list(#"{"limit":1001}"#).failure?.fieldList == [field("limit", "Member must be less than or equal to 1000")])
        #expect(list(#"{"limit":"5"}"#).failure?.fieldList == [field("limit", "Member must be of type integer")])
        #expect(list(#"{"limit":1.5}"#).failure?.fieldList == [field("limit", "Member must be of type integer")])
        #expect(list(#"{"limit":4294967296}"#).failure?.fieldList == [field("limit", "Member must be of type integer")])
        #expect(list(#"{"limit":5.0}"#).value?.limit == 5)
        let decoded = list(#"{"filter":{"createdAfter":"2026-01-01T00:00:00Z","createdBefore":1767225600.5,"status":["IN_PROGRESS"]},"sortField":"CREATED_AT","order":"ASC","limit":50}"#).value
        #expect(decoded?.filter?.createdAfter == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(decoded?.filter?.createdBefore == Date(timeIntervalSince1970: 1_767_225_600.5))
        #expect(decoded?.filter?.status == [.inProgress])
        #expect(decoded?.order == .asc)
    }

    @Test func mapsKeysAndValues() {
        func space(_ body: String) -> [ValidationExceptionField]? {
            bind(CreateAgentSpaceInput.self, "CreateAgentSpace", body: body).failure?.fieldList
        }
        #expect(space(#"{"name":"n","tags":{"team":"sre","env":"prod"}}"#) == nil)
        #expect(space(#"{"name":"n","tags":{"":"v"}}"#) == [field("tags[]", "Map key must have length greater than or equal to 1")])
        #expect(space(#"{"name":"n","tags":{"a#b":"v","k":5,"z":null}}"#) == [
            field("tags[a#b]", #"Map key must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]*"#),
            field("tags[k]", "Member must be of type string"),
            field("tags[z]", "Member must not be null"),
        ])
        #expect(space(#"{"name":"n","tags":["a"]}"#) == [field("tags", "Member must be of type map")])
    }

    @Test func deepNestingMapSize() {
        var headers: [String: JSONValue] = [:]
        for index in 0..<11 { headers["X-H\(index)"] = "v" }
        let body: JSONValue = [
            "serviceDetails": ["mcpserversigv4": [
                "name": "sig", "endpoint": "https://mcp.example.com",
                "authorizationConfig": ["region": "us-east-1", "service": "execute-api", "roleArn": "arn:aws:iam::123456789012:role/mcp",
                                        "customHeaders": .object(headers)],
            ]],
        ]
        let failure = bind(RegisterServiceInput.self, "RegisterService", labels: ["service": "mcpserversigv4"], body: JSONWriter.writeString(body)).failure
        #expect(failure?.fieldList == [field("serviceDetails.mcpserversigv4.authorizationConfig.customHeaders", "Member must have length less than or equal to 10")])
        // The URI label is an enum too.
        let badService = bind(RegisterServiceInput.self, "RegisterService", labels: ["service": "github"], body: #"{"serviceDetails":{"eventChannel":{}}}"#).failure
        #expect(badService?.fieldList.map(\.path) == ["service"])
        #expect(badService?.fieldList.first?.message.hasPrefix("Member must satisfy enum value set: [dynatrace, servicenow,") == true)
    }

    @Test func unions() {
        func associate(_ configuration: String) -> Result<AssociateServiceInput, ValidationFailure> {
            bind(AssociateServiceInput.self, "AssociateService", labels: ["agentSpaceId": "as-1"], body: #"{"serviceId":"svc","configuration":"# + configuration + "}")
        }
        let github = #""github":{"repoName":"r","repoId":"1","owner":"o","ownerType":"user"}"#
        let slack = #""slack":{"workspaceId":"T123","workspaceName":"w","transmissionTarget":{"opsOncallTarget":{"channelId":"C12345678"}}}"#
        #expect(associate("{" + github + "}").value?.configuration == .github(GitHubConfiguration(repoName: "r", repoId: "1", owner: "o", ownerType: .user)))
        #expect(associate("{" + github + "," + slack + "}").failure?.fieldList == [field("configuration", "Exactly one member of the union must be set, found 2: [github, slack]")])
        #expect(associate("{" + github + "," + slack + "}").failure?.message == "1 validation error detected: Value at 'configuration' failed to satisfy constraint: Exactly one member of the union must be set, found 2: [github, slack]")
        #expect(associate("{}").failure?.fieldList == [field("configuration", "Exactly one member of the union must be set, found 0")])
        #expect(associate(#"{"fromTheFuture":{}}"#).failure?.fieldList == [field("configuration", "Exactly one member of the union must be set, found 0")])
        #expect(associate(#"{"github":null,"#  + slack + "}").value != nil)
        #expect(associate(#"{"sourceAws":{"accountId":"12345","accountType":"source","assumableRoleArn":"arn:aws:iam::123456789012:role/x"}}"#).failure?.fieldList
            == [field("configuration.sourceAws.accountId", #"Member must satisfy regular expression pattern: \d{12}"#)])
        #expect(associate(#"{"slack":{"workspaceId":"X1","workspaceName":"w","transmissionTarget":{"opsOncallTarget":{"channelId":"C1"}}}}"#).failure?.fieldList == [
            field("configuration.slack.workspaceId", "Member must satisfy regular expression pattern: [TE][A-Z0-9]+"),
            field("configuration.slack.transmissionTarget.opsOncallTarget.channelId", "Member must have length greater than or equal to 8"),
        ])
    }

    // MARK: Query and headers

    @Test func queryConversion() {
        func spaces(_ query: [(name: String, value: String)]) -> Result<ListAgentSpacesInput, ValidationFailure> {
            bind(ListAgentSpacesInput.self, "ListAgentSpaces", query: query)
        }
        #expect(spaces([("maxResults", "5"), ("nextToken", "tok"), ("unknown", "x")]).value == ListAgentSpacesInput(maxResults: 5, nextToken: "tok"))
        #expect(spaces([("maxResults", "abc")]).failure?.fieldList == [field("maxResults", "Member must be of type integer")])
        #expect(spaces([("maxResults", "0")]).failure?.fieldList == [field("maxResults", "Member must be greater than or equal to 1")])
        #expect(spaces([("maxResults", "7"), ("maxResults", "9")]).value?.maxResults == 7)
        #expect(spaces([("nextToken", "")]).failure?.fieldList == [field("nextToken", "Member must have length greater than or equal to 1")])
        // Inputs without body members ignore the body.
        #expect(bind(ListAgentSpacesInput.self, "ListAgentSpaces", body: "not json").value == ListAgentSpacesInput())

        let untag = bind(UntagResourceRequest.self, "UntagResource",
                         labels: ["resourceArn": "arn:aws:aidevops:us-east-1:123456789012:agentspace/as-1"],
                         query: [("tagKeys", "b"), ("other", "x"), ("tagKeys", "a")])
        #expect(untag.value?.tagKeys == ["b", "a"])
        let noKeys = bind(UntagResourceRequest.self, "UntagResource", labels: ["resourceArn": "arn:aws:aidevops:us-east-1:123456789012:agentspace/as-1"])
        #expect(noKeys.failure?.fieldList == [field("tagKeys", "Member is required")])
        let badArn = bind(UntagResourceRequest.self, "UntagResource", labels: ["resourceArn": "arn:aws:s3:::bucket"], query: [("tagKeys", "")])
        #expect(badArn.failure?.fieldList.map(\.path) == ["resourceArn", "tagKeys[0]"])

        let recommendation = bind(GetRecommendationRequest.self, "GetRecommendation",
                                  labels: ["agentSpaceId": "as-1", "recommendationId": "rec-1"], query: [("recommendationVersion", "3")])
        #expect(recommendation.value?.recommendationVersion == 3)
        let chat = bind(CreateChatRequest.self, "CreateChat", labels: ["agentSpaceId": "as-1"], query: [("userType", "IDC")])
        #expect(chat.value?.userType == .idc)
        let badChat = bind(CreateChatRequest.self, "CreateChat", labels: ["agentSpaceId": "as-1"], query: [("userType", "root")])
        #expect(badChat.failure?.fieldList == [field("userType", "Member must satisfy enum value set: [IAM, IDC, IDP]")])
        let associations = bind(ListAssociationsInput.self, "ListAssociations", labels: ["agentSpaceId": "as-1"], query: [("filterServiceTypes", "github,slack")])
        #expect(associations.value?.filterServiceTypes == "github,slack")
    }

    @Test func headerConversion() {
        func disable(_ headers: [(name: String, value: String)]) -> Result<DisableOperatorAppInput, ValidationFailure> {
            bind(DisableOperatorAppInput.self, "DisableOperatorApp", labels: ["agentSpaceId": "as-1"], headers: headers)
        }
        #expect(disable([("X-Amzn-App-Auth-Flow", " idc ")]).value == DisableOperatorAppInput(agentSpaceId: "as-1", authFlow: .idc))
        #expect(disable([("x-amzn-app-auth-flow", "iam"), ("Host", "cp.localhost")]).value?.authFlow == .iam)
        #expect(disable([]).value == DisableOperatorAppInput(agentSpaceId: "as-1"))
        #expect(disable([("X-AMZN-APP-AUTH-FLOW", "saml")]).failure?.fieldList == [field("authFlow", "Member must satisfy enum value set: [iam, idc, idp]")])
    }

    // MARK: Results

    @Test func failureConvertsToException() {
        let failure = task(#"{"taskType":"INVESTIGATION","title":"t"}"#).failure
        #expect(failure?.exception == ValidationException(
            message: "1 validation error detected: Value at 'priority' failed to satisfy constraint: Member is required",
            fieldList: [field("priority", "Member is required")]
        ))
        let malformed = task("{").failure
        #expect(malformed?.exception.toJSON() == ["message": "Malformed JSON at byte 1: unexpected end of input, expected a string key"])
    }

    @Test func validatedJSONWithoutDecoding() throws {
        let operation = try #require(ServiceModel.operation(named: "CreateBacklogTask"))
        let request = RawRequest(pathLabels: ["agentSpaceId": "as-1"], body: Array(validTask.utf8))
        let json = try RequestBinder.validatedJSON(for: operation, from: request)
        #expect(json == ["agentSpaceId": "as-1", "taskType": "INVESTIGATION", "title": "Disk full", "priority": "HIGH"])
    }
}

@Suite("RequestBinder concurrency")
struct RequestBinderConcurrencyTests {
    /// The compiled patterns and model tables are shared; binding from many tasks at once must
    /// give the same answers as binding from one.
    @Test func parallelBindingIsConsistent() async {
        let operation = ServiceModel.operation(named: "CreateAgentSpace")!
        let good = RawRequest(body: Array(#"{"name":"Ops – Zürich","locale":"de-CH","tags":{"team":"sre"}}"#.utf8))
        let bad = RawRequest(body: Array(#"{"name":"","locale":"x1","tags":{"a#":"v"}}"#.utf8))
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mismatches = 0
                    for iteration in 0..<300 {
                        let useGood = (iteration + worker) % 2 == 0
                        do throws(ValidationFailure) {
                            let input = try RequestBinder.decode(CreateAgentSpaceInput.self, for: operation, from: useGood ? good : bad)
                            if !useGood || input.locale != "de-CH" { mismatches += 1 }
                        } catch {
                            if useGood || error.fieldList.map(\.path) != ["name", "name", "locale", "tags[a#]"] { mismatches += 1 }
                        }
                    }
                    return mismatches
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}
