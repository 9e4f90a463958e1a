import Foundation
import Testing
@testable import VigilAWSClients

extension MotoTests {
    /// RoleValidator on moto (valid, role missing, account mismatch). moto assumes any ARN, so
    /// a missing role is found by the validator's iam:GetRole probe, not by STS; AWS itself
    /// answers AccessDenied, which is tested against a recorded STS answer below.
    @Suite("RoleValidator")
    struct RoleValidatorOnMoto {
        @Test func existingRolesAreValid() async throws {
            try await withHTTPClient { http in
                let space = try await SpaceOnMoto(http: AsyncHTTPClientExecutor(client: http))
                let validator = RoleValidator(factory: space.factory)
                let results = await validator.validateAll()
                #expect(results.count == 2)
                for (association, result) in results {
                    #expect(result.status == .valid, "\(association.roleArn): \(result.reason)")
                    #expect(result.assumedRoleArn?.hasPrefix("arn:aws:sts::\(association.accountId):assumed-role/") == true)
                }
                // Validation assumes afresh, with the factory's parameters, for 15 minutes.
                let assumes = space.recorder.forms.filter { $0["Action"] == "AssumeRole" }
                #expect(Set(assumes.compactMap { $0["RoleArn"] }) == Set(results.map(\.association.roleArn)))
                #expect(assumes.allSatisfy { $0["DurationSeconds"] == "900" })
                #expect(assumes.contains { $0["ExternalId"] == SpaceOnMoto.spaceArn })
            }
        }

        @Test func aMissingRoleIsInvalid() async throws {
            try await withHTTPClient { http in
                let space = try await SpaceOnMoto(http: AsyncHTTPClientExecutor(client: http))
                let missing = AWSAccountAssociation(accountId: space.source.accountId,
                                                    roleArn: "arn:aws:iam::\(space.source.accountId):role/NotCreated", kind: .source)
                let result = await RoleValidator(factory: space.factory).validate(missing)
                #expect(result.status == .invalid)
                #expect(result.problem == .roleNotFound)
                #expect(result.reason.contains("does not exist"))
            }
        }

        @Test func accountMismatchAndMalformedARNsAreInvalidWithoutACall() async throws {
            try await withHTTPClient { http in
                let space = try await SpaceOnMoto(http: AsyncHTTPClientExecutor(client: http))
                let validator = RoleValidator(factory: space.factory)
                let mismatch = await validator.validate(AWSAccountAssociation(
                    accountId: space.source.accountId, roleArn: "arn:aws:iam::\(space.monitor.accountId):role/\(space.monitorRole)", kind: .source))
                #expect(mismatch.status == .invalid)
                #expect(mismatch.problem == .accountMismatch(roleAccount: space.monitor.accountId, associatedAccount: space.source.accountId))
                let malformed = await validator.validate(AWSAccountAssociation(accountId: space.source.accountId, roleArn: "DevOpsRole", kind: .monitor))
                #expect(malformed.status == .invalid && malformed.problem == .malformedRoleArn)
                #expect(space.recorder.requests.isEmpty)
            }
        }
    }
}

/// STS answers moto cannot give, in AWS's wire format.
@Suite("RoleValidator against recorded STS answers")
struct RoleValidatorRecordedTests {
    static let accessDenied = """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error>
            <Type>Sender</Type>
            <Code>AccessDenied</Code>
            <Message>User: arn:aws:iam::123456789012:user/vigil is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222233334444:role/DevOpsAgentSourceRole</Message>
          </Error>
          <RequestId>3a1b2c3d-4e5f-6789-abcd-ef0123456789</RequestId>
        </ErrorResponse>
        """

    static func factory(_ server: LocalHTTPServer, _ http: AsyncHTTPClientExecutor) -> AWSClientFactory {
        AWSClientFactory(
            boundary: AgentSpaceAWSBoundary(
                agentSpaceId: "space-1", agentSpaceArn: "arn:aws:aidevops:us-east-1:123456789012:agentspace/space-1",
                associations: [AWSAccountAssociation(accountId: "222233334444", roleArn: "arn:aws:iam::222233334444:role/DevOpsAgentSourceRole",
                                                     kind: .source)],
                allowedRegions: ["us-east-1"]),
            baseCredentials: testCredentials,
            transport: makeTransport(http, retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10))),
            endpoints: .override(server.endpoint))
    }

    @Test func accessDeniedFromSTSIsInvalidWithTheReason() async throws {
        let server = try LocalHTTPServer { _, _ in .init(status: 403, headers: [("Content-Type", "text/xml")], body: Self.accessDenied) }
        defer { server.stop() }
        let result = try await withHTTPClient { http in
            let factory = Self.factory(server, AsyncHTTPClientExecutor(client: http))
            return await RoleValidator(factory: factory).validate(try #require(factory.boundary.associations.first))
        }
        #expect(result.status == .invalid)
        #expect(result.problem == .accessDenied)
        #expect(result.reason.contains("not authorized to perform: sts:AssumeRole"))
        #expect(result.reason.contains("sts:ExternalId than arn:aws:aidevops:us-east-1:123456789012:agentspace/space-1"))
        #expect(result.reason.contains("sts:TagSession"))
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.form["ExternalId"] == "arn:aws:aidevops:us-east-1:123456789012:agentspace/space-1")
    }

    @Test func anUnavailableSTSLeavesTheRoleUndetermined() async throws {
        let server = try LocalHTTPServer { _, _ in
            .init(status: 503, body: """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code>\
                <Message>Service is unavailable</Message></Error><RequestId>r-503</RequestId></ErrorResponse>
                """)
        }
        defer { server.stop() }
        let result = try await withHTTPClient { http in
            let factory = Self.factory(server, AsyncHTTPClientExecutor(client: http))
            return await RoleValidator(factory: factory).validate(try #require(factory.boundary.associations.first))
        }
        #expect(result.status == .undetermined)
        #expect(result.problem == .unavailable)
        #expect(result.reason.contains("ServiceUnavailable"))
        #expect(server.requests.count == 2)
    }

    @Test func otherSTSRejectionsAreInvalid() async throws {
        let server = try LocalHTTPServer { _, _ in
            .init(status: 400, body: """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ValidationError</Code>\
                <Message>The requested DurationSeconds exceeds the MaxSessionDuration set for this role.</Message></Error><RequestId>r-400</RequestId></ErrorResponse>
                """)
        }
        defer { server.stop() }
        let result = try await withHTTPClient { http in
            let factory = Self.factory(server, AsyncHTTPClientExecutor(client: http))
            return await RoleValidator(factory: factory).validate(try #require(factory.boundary.associations.first))
        }
        #expect(result.status == .invalid)
        #expect(result.problem == .rejected(code: "ValidationError"))
    }
}
