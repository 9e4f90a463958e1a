import Foundation
import Testing
@testable import VigilAWSClients

/// An agent space with a monitor account and a source account on moto.
struct SpaceOnMoto {
    static let spaceId = "space-1"
    static let spaceArn = "arn:aws:aidevops:us-east-1:123456789012:agentspace/space-1"

    let monitor: MotoAccount
    let source: MotoAccount
    let monitorRole: String
    let sourceRole: String
    let recorder: RecordingExecutor
    let factory: AWSClientFactory

    init(http: AsyncHTTPClientExecutor, regions: Set<String> = ["us-east-1", "eu-west-1"], clock: ManualClock? = nil,
         tagMonitorSessions: Bool = false) async throws {
        monitor = try await MotoAccount(http: http)
        source = try await MotoAccount(http: http)
        monitorRole = uniqueName("DevOpsAgentRole")
        sourceRole = uniqueName("DevOpsAgentSourceRole")
        try await monitor.createRole(monitorRole)
        try await source.createRole(sourceRole)
        recorder = RecordingExecutor(http)
        let boundary = AgentSpaceAWSBoundary(
            agentSpaceId: Self.spaceId, agentSpaceArn: Self.spaceArn,
            associations: [
                AWSAccountAssociation(accountId: monitor.accountId, roleArn: "arn:aws:iam::\(monitor.accountId):role/\(monitorRole)", kind: .monitor),
                AWSAccountAssociation(accountId: source.accountId, roleArn: "arn:aws:iam::\(source.accountId):role/\(sourceRole)", kind: .source),
            ],
            allowedRegions: regions)
        var now: @Sendable () -> Date = { Date() }
        if let clock { now = clock.function }
        factory = AWSClientFactory(boundary: boundary, baseCredentials: testCredentials, transport: makeTransport(recorder),
                                   endpoints: .override(monitor.endpoint),
                                   options: AWSClientFactory.Options(tagMonitorSessions: tagMonitorSessions), now: now)
    }

    func association(_ account: MotoAccount) throws -> AWSAccountAssociation {
        try #require(factory.association(for: account.accountId))
    }
}

extension MotoTests {
    @Suite("AWSClientFactory on moto")
    struct FactoryOnMoto {
        @Test func clientsReachTheAssociatedAccountsThroughTheirRoles() async throws {
            try await withHTTPClient { http in
                let space = try await SpaceOnMoto(http: AsyncHTTPClientExecutor(client: http))
                // moto puts assumed-role credentials in the role's account, so what the client sees
                // is that account's IAM.
                let monitorClient = try space.factory.client(for: space.monitor.accountId, region: "us-east-1")
                #expect(try await IAMClient(monitorClient).getRole(name: space.monitorRole).arn.contains(space.monitor.accountId))
                let identity = try await STSClient(monitorClient).getCallerIdentity()
                #expect(identity.account == space.monitor.accountId)
                #expect(identity.arn == "arn:aws:sts::\(space.monitor.accountId):assumed-role/\(space.monitorRole)/vigil-space-1")

                let sourceClient = try space.factory.client(for: space.source.accountId, region: "eu-west-1")
                let sourceRoles = try await IAMClient(sourceClient).listRoles().all()
                #expect(sourceRoles.map(\.roleName) == [space.sourceRole])

                let assumes = space.recorder.forms.filter { $0["Action"] == "AssumeRole" }
                let monitorAssume = try #require(assumes.first { $0["RoleArn"]?.contains(space.monitor.accountId) == true })
                let sourceAssume = try #require(assumes.first { $0["RoleArn"]?.contains(space.source.accountId) == true })
                // Monitor: no ExternalId, no session tags (unless asked for).
                #expect(monitorAssume["ExternalId"] == nil)
                #expect(monitorAssume["Tags.member.1.Key"] == nil)
                #expect(monitorAssume["RoleSessionName"] == "vigil-space-1")
                // Source: the agent space ARN as ExternalId and the attribution tag. moto checks
                // neither; the request is what real STS would evaluate against the trust policy.
                #expect(sourceAssume["ExternalId"] == SpaceOnMoto.spaceArn)
                #expect(sourceAssume["Tags.member.1.Key"] == "vigil:agentSpaceId")
                #expect(sourceAssume["Tags.member.1.Value"] == "space-1")
                #expect(sourceAssume["DurationSeconds"] == "3600")
                // Requests to the accounts carry a session token; AssumeRole, with the base keys, none.
                for (request, form) in zip(space.recorder.requests, space.recorder.forms) {
                    #expect((request.header("X-Amz-Security-Token") == nil) == (form["Action"] == "AssumeRole"))
                }
            }
        }

        @Test func monitorSessionsCanBeTaggedToo() async throws {
            try await withHTTPClient { http in
                let space = try await SpaceOnMoto(http: AsyncHTTPClientExecutor(client: http), tagMonitorSessions: true)
                _ = try await STSClient(try space.factory.client(for: space.monitor.accountId, region: "us-east-1")).getCallerIdentity()
                let assume = try #require(space.recorder.forms.first { $0["Action"] == "AssumeRole" })
                #expect(assume["Tags.member.1.Key"] == "vigil:agentSpaceId")
                #expect(assume["ExternalId"] == nil)
            }
        }

        @Test func credentialsAreSharedPerAccountAndRefreshedNearExpiry() async throws {
            try await withHTTPClient { http in
                let clock = ManualClock()
                let space = try await SpaceOnMoto(http: AsyncHTTPClientExecutor(client: http), clock: clock)
                for region in ["us-east-1", "eu-west-1", "us-east-1"] {
                    _ = try await STSClient(try space.factory.client(for: space.source.accountId, region: region)).getCallerIdentity()
                }
                // One session for the three calls (counted by session token: a slow moto may make
                // the transport retry an AssumeRole, which is not a second session).
                #expect(space.recorder.sessionTokens(action: "GetCallerIdentity").count == 1)
                // Within five minutes of the one-hour expiry (moto dates it from when it answered,
                // a little after the clock started: up to a minute of slack).
                clock.advance(by: 3600 - 240)
                _ = try await STSClient(try space.factory.client(for: space.source.accountId, region: "us-east-1")).getCallerIdentity()
                #expect(space.recorder.sessionTokens(action: "GetCallerIdentity").count == 2)
            }
        }

        @Test func foreignAccountsRegionsAndRolesAreRefusedBeforeAnyCall() async throws {
            try await withHTTPClient { http in
                let space = try await SpaceOnMoto(http: AsyncHTTPClientExecutor(client: http))
                let foreign = randomAccountId()
                let refusals: [() throws -> AWSClient] = [
                    { try space.factory.client(for: foreign, region: "us-east-1") },
                    { try space.factory.client(for: space.monitor.accountId, region: "ap-southeast-2") },
                    { try space.factory.client(for: space.source.accountId, region: "") },
                    { try space.factory.client(for: "", region: "us-east-1") },
                ]
                for attempt in refusals {
                    let error = #expect(throws: AWSClientError.self) { _ = try attempt() }
                    #expect(error?.isOutsideBoundary == true)
                }

                // An association whose role ARN points at another account never leads there.
                let hijack = AWSClientFactory(
                    boundary: AgentSpaceAWSBoundary(
                        agentSpaceId: "s", agentSpaceArn: SpaceOnMoto.spaceArn,
                        associations: [AWSAccountAssociation(accountId: space.source.accountId,
                                                             roleArn: "arn:aws:iam::\(foreign):role/Other", kind: .source)],
                        allowedRegions: ["us-east-1"]),
                    baseCredentials: testCredentials, transport: makeTransport(space.recorder), endpoints: .override(space.monitor.endpoint))
                let error = #expect(throws: AWSClientError.self) { _ = try hijack.client(for: space.source.accountId, region: "us-east-1") }
                #expect(error?.isOutsideBoundary == true)
                #expect(error?.description.contains("belongs to account \(foreign)") == true)
                #expect(space.recorder.requests.isEmpty)
            }
        }

        @Test func factoryClientsOnlyRead() async throws {
            try await withHTTPClient { http in
                let space = try await SpaceOnMoto(http: AsyncHTTPClientExecutor(client: http))
                let client = try space.factory.client(for: space.source.accountId, region: "us-east-1")
                // Cannot mint credentials elsewhere...
                let hop = await expectAWSError {
                    try await STSClient(client).assumeRole(AssumeRoleRequest(roleArn: "arn:aws:iam::\(randomAccountId()):role/x", roleSessionName: "hop"))
                }
                #expect(hop?.isOutsideBoundary == true)
                // ...nor write.
                var parameters = QueryParameters()
                parameters.set("RoleName", "written")
                parameters.set("AssumeRolePolicyDocument", MotoAccount.trustPolicy)
                let write = await expectAWSError { try await client.query(IAMClient.service, action: "CreateRole", parameters: parameters) }
                #expect(write?.isOutsideBoundary == true)
                #expect(write?.attempts == 0)
                #expect(space.recorder.requests.isEmpty)
            }
        }
    }
}
