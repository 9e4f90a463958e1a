import Foundation
import Testing
@testable import VigilAWSClients

extension MotoTests {
    /// STS on moto. moto assumes any role ARN and checks neither the trust policy nor the
    /// ExternalId nor sts:TagSession: these tests show that the client sends them and uses the
    /// credentials it gets back, not that AWS would accept them.
    @Suite("STS on moto")
    struct STSOnMoto {
        @Test func callerIdentityOfTheBaseKeys() async throws {
            try await withHTTPClient { http in
                let endpoint = try await MotoServer.shared.endpoint()
                let sts = STSClient(AWSClient(region: "us-east-1", credentials: testCredentials,
                                              transport: makeTransport(AsyncHTTPClientExecutor(client: http)), endpoints: .override(endpoint)))
                let identity = try await sts.getCallerIdentity()
                #expect(identity.account == "123456789012")  // moto's default account
                #expect(identity.arn.hasPrefix("arn:aws:sts::123456789012:"))
            }
        }

        @Test(arguments: [nil, "arn:aws:aidevops:us-east-1:123456789012:agentspace/space-1"] as [String?])
        func assumeRoleWithAndWithoutExternalId(externalId: String?) async throws {
            try await withHTTPClient { http in
                let target = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let role = uniqueName("target")
                try await target.createRole(role)
                let recorder = RecordingExecutor(AsyncHTTPClientExecutor(client: http))
                let endpoint = try await MotoServer.shared.endpoint()
                let sts = STSClient(AWSClient(region: "us-east-1", credentials: testCredentials, transport: makeTransport(recorder),
                                              endpoints: .override(endpoint)))
                let roleArn = "arn:aws:iam::\(target.accountId):role/\(role)"
                let result = try await sts.assumeRole(AssumeRoleRequest(
                    roleArn: roleArn, roleSessionName: "vigil-test", externalId: externalId, durationSeconds: 900,
                    tags: [AWSTag(key: "vigil:agentSpaceId", value: "space-1")]))
                #expect(result.assumedRoleArn == "arn:aws:sts::\(target.accountId):assumed-role/\(role)/vigil-test")
                #expect(result.accountId == target.accountId)
                #expect(result.credentials.sessionToken?.isEmpty == false)
                let expiration = try #require(result.credentials.expiration)
                #expect(expiration > Date().addingTimeInterval(600) && expiration < Date().addingTimeInterval(1200))

                let form = try #require(recorder.forms.first)
                #expect(form["RoleArn"] == roleArn)
                #expect(form["ExternalId"] == externalId)
                #expect(form["DurationSeconds"] == "900")
                #expect(form["Tags.member.1.Key"] == "vigil:agentSpaceId" && form["Tags.member.1.Value"] == "space-1")

                // The session's own credentials work, in the role's account.
                let session = STSClient(AWSClient(region: "us-east-1", credentials: StaticCredentialProvider(result.credentials),
                                                  transport: makeTransport(AsyncHTTPClientExecutor(client: http)), endpoints: .override(endpoint)))
                let identity = try await session.getCallerIdentity()
                #expect(identity.account == target.accountId)
                #expect(identity.arn == result.assumedRoleArn)
                let sentToken = recorder.requests.first?.header("X-Amz-Security-Token")
                #expect(sentToken == nil)  // the base keys are long-term: no token
            }
        }

        @Test func assumedCredentialsAreCachedUntilFiveMinutesBeforeExpiry() async throws {
            try await withHTTPClient { http in
                let target = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let role = uniqueName("cached")
                try await target.createRole(role)
                let endpoint = try await MotoServer.shared.endpoint()
                let recorder = RecordingExecutor(AsyncHTTPClientExecutor(client: http))
                let clock = ManualClock()
                let sts = STSClient(AWSClient(region: "us-east-1", credentials: testCredentials, transport: makeTransport(recorder),
                                              endpoints: .override(endpoint)))
                let provider = AssumeRoleCredentialProvider(
                    request: AssumeRoleRequest(roleArn: "arn:aws:iam::\(target.accountId):role/\(role)", roleSessionName: "cache-test",
                                               durationSeconds: 900),
                    sts: sts, expectedAccountId: target.accountId, now: clock.function)

                let first = try await provider.credentials()
                // moto sets Expiration from its own clock at the time of the call; measure from it.
                let expiration = try #require(first.expiration)
                clock.set(expiration.addingTimeInterval(-301))  // 5 min 1 s before expiry: still cached
                let again = try await provider.credentials()
                #expect(again == first)
                #expect(await provider.refreshCount == 1)

                clock.set(expiration.addingTimeInterval(-299))  // inside the last five minutes
                let refreshed = try await provider.credentials()
                #expect(refreshed.accessKeyId != first.accessKeyId)
                #expect(await provider.refreshCount == 2)
                #expect(recorder.count(action: "AssumeRole") >= 2)

                await provider.invalidate()
                _ = try await provider.credentials()
                #expect(await provider.refreshCount == 3)
            }
        }

        @Test func concurrentCallersShareOneRefresh() async throws {
            try await withHTTPClient { http in
                let target = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let role = uniqueName("shared")
                try await target.createRole(role)
                let endpoint = try await MotoServer.shared.endpoint()
                let recorder = RecordingExecutor(AsyncHTTPClientExecutor(client: http))
                let sts = STSClient(AWSClient(region: "us-east-1", credentials: testCredentials, transport: makeTransport(recorder),
                                              endpoints: .override(endpoint)))
                let provider = AssumeRoleCredentialProvider(
                    request: AssumeRoleRequest(roleArn: "arn:aws:iam::\(target.accountId):role/\(role)", roleSessionName: "shared"),
                    sts: sts)
                let keys = try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<16 { group.addTask { try await provider.credentials().accessKeyId } }
                    var keys: Set<String> = []
                    for try await key in group { keys.insert(key) }
                    return keys
                }
                #expect(keys.count == 1)
                #expect(await provider.refreshCount == 1)
            }
        }

        @Test func aSessionInAnotherAccountIsRefused() async throws {
            try await withHTTPClient { http in
                let endpoint = try await MotoServer.shared.endpoint()
                let sts = STSClient(AWSClient(region: "us-east-1", credentials: testCredentials,
                                              transport: makeTransport(AsyncHTTPClientExecutor(client: http)), endpoints: .override(endpoint)))
                let provider = AssumeRoleCredentialProvider(
                    request: AssumeRoleRequest(roleArn: "arn:aws:iam::\(randomAccountId()):role/x", roleSessionName: "s1"),
                    sts: sts, expectedAccountId: "000000000000")
                let error = await expectAWSError { try await provider.credentials() }
                #expect(error?.isOutsideBoundary == true)
            }
        }
    }
}
