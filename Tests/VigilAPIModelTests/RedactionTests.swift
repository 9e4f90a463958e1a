import Testing
import VigilAPIModel

@Suite("Redaction")
struct RedactionTests {
    @Test func sensitiveStringMembers() {
        let input = CreateAgentSpaceInput(name: "ops", description: "private notes", tags: ["team": "sre"])
        #expect(input.redactedJSON() == ["name": "ops", "description": "*** sensitive ***", "tags": ["team": "sre"]])
        #expect(CreateAgentSpaceInput(name: "ops").redactedJSON() == ["name": "ops"])
    }

    @Test func sensitiveUnionAndMapValues() {
        let registration = RegisterServiceInput(
            service: .dynatrace,
            serviceDetails: .dynatrace(DynatraceServiceDetails(
                accountUrn: "urn:dtaccount:00000000-0000-0000-0000-000000000000",
                authorizationConfig: .oAuthClientCredentials(DynatraceOAuthClientCredentialsConfig(clientId: "id", clientSecret: "s3cret"))
            ))
        )
        #expect(registration.redactedJSON()["serviceDetails"]?["dynatrace"] == [
            "accountUrn": "urn:dtaccount:00000000-0000-0000-0000-000000000000",
            "authorizationConfig": "*** sensitive ***",
        ])
        let sigv4 = MCPServerSigV4AuthorizationConfig(region: "us-east-1", service: "execute-api", roleArn: "arn:aws:iam::123456789012:role/r",
                                                      customHeaders: ["x-api-key": "k1", "x-tenant": "t"])
        #expect(sigv4.redactedJSON()["customHeaders"] == ["x-api-key": "*** sensitive ***", "x-tenant": "*** sensitive ***"])
        #expect(sigv4.redactedJSON()["roleArn"] == "arn:aws:iam::123456789012:role/r")
        let webhook = GenericWebhook(webhookUrl: "https://hooks", webhookId: "w1", webhookType: .hmac, webhookSecret: "shh")
        #expect(webhook.redactedJSON()["webhookSecret"] == "*** sensitive ***")
        #expect(webhook.redactedJSON()["webhookUrl"] == "https://hooks")
    }

    @Test func rawJSONByShapeName() {
        let raw: JSONValue = ["idpClientSecret": "secret", "unknown": "kept"]
        #expect(ServiceModel.redact(raw, shapeName: "UpdateOperatorAppIdpConfigInput") == ["idpClientSecret": "*** sensitive ***", "unknown": "kept"])
        #expect(ServiceModel.redact(raw, shapeName: "NoSuchShape") == raw)
    }
}
