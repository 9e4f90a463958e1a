import Testing
import VigilAPIModel
@testable import VigilAPI

@Suite struct OperationRouterTests {
    let router = OperationRouter(operations: ServiceModel.operations)

    @Test func everyOperationOfTheModelIsRoutedAndHandled() {
        #expect(ServiceModel.operations.count == 44)
        for operation in ServiceModel.operations {
            #expect(OperationHandlers.all[operation.name] != nil, "no handler for \(operation.name)")
        }
        #expect(OperationHandlers.all.count == 44)
    }

    @Test func literalSegmentsWinOverLabels() {
        #expect(router.match(method: "POST", rawPath: "/v1/agentspaces/list")?.operation.name == "ListAgentSpaces")
        #expect(router.match(method: "POST", rawPath: "/v1/agentspaces")?.operation.name == "CreateAgentSpace")
        #expect(router.match(method: "GET", rawPath: "/v1/agentspaces/list")?.operation.name == "GetAgentSpace")
        #expect(router.match(method: "POST", rawPath: "/v1/agentspaces/s1/associations/list")?.operation.name == "ListAssociations")
        #expect(router.match(method: "POST", rawPath: "/v1/agentspaces/s1/associations/validate")?.operation.name == "ValidateAwsAssociations")
        #expect(router.match(method: "GET", rawPath: "/v2/agentspaces/s1/operator")?.operation.name == "GetOperatorApp")
    }

    @Test func labelsArePercentDecodedAndMayBeEmpty() throws {
        let tags = try #require(router.match(method: "GET", rawPath: "/tags/arn%3Aaws%3Aaidevops%3Aus-east-1%3A123456789012%3Aagentspace%2Fs1"))
        #expect(tags.operation.name == "ListTagsForResource")
        #expect(tags.labels["resourceArn"] == "arn:aws:aidevops:us-east-1:123456789012:agentspace/s1")
        let empty = try #require(router.match(method: "GET", rawPath: "/v1/agentspaces/"))
        #expect(empty.operation.name == "GetAgentSpace")
        #expect(empty.labels["agentSpaceId"] == "")
    }

    @Test func unknownRoutesAndMethodsDoNotMatch() {
        #expect(router.match(method: "GET", rawPath: "/healthz") == nil)
        #expect(router.match(method: "PUT", rawPath: "/v1/agentspaces/s1") == nil)
        #expect(router.match(method: "GET", rawPath: "/v1/agentspaces/s1/extra/segments") == nil)
    }
}

@Suite struct QueryStringTests {
    @Test func decodesRepeatedNamesInOrder() {
        let pairs = QueryString.parse("tagKeys=a&tagKeys=b%2Fc&filterServiceTypes=github%2Cslack&flag&x=1+2")
        #expect(pairs.map(\.name) == ["tagKeys", "tagKeys", "filterServiceTypes", "flag", "x"])
        #expect(pairs.map(\.value) == ["a", "b/c", "github,slack", "", "1 2"])
        #expect(QueryString.parse(nil).isEmpty)
    }
}
