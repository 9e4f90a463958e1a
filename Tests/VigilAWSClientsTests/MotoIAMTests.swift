import Foundation
import Testing
@testable import VigilAWSClients

extension MotoTests {
    /// IAM read operations, signed query calls to moto. Each test works in its own random account.
    @Suite("IAM on moto")
    struct IAMOnMoto {
        static let inlineDocument = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudwatch:GetMetricData","logs:FilterLogEvents"],"Resource":"*"}]}"#
        static let managedV1 = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}"#
        static let managedV2 = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","ecs:Describe*"],"Resource":"*"}]}"#

        @Test func roleWithItsPoliciesAndTrustPolicy() async throws {
            try await withHTTPClient { http in
                let account = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let role = uniqueName("reader")
                try await account.createRole(role, path: "/vigil/", description: "Vigil reader",
                                             tags: [AWSTag(key: "team", value: "sre")])
                try await account.putRolePolicy(role: role, name: "telemetry", document: Self.inlineDocument)
                try await account.putRolePolicy(role: role, name: "second", document: Self.inlineDocument)
                let customer = try await account.createPolicy(uniqueName("describe"), document: Self.managedV1)
                try await account.createPolicyVersion(arn: customer, document: Self.managedV2, setAsDefault: true)
                try await account.attach(role: role, policyArn: customer)
                try await account.attach(role: role, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess")
                try await account.attach(role: role, policyArn: "arn:aws:iam::aws:policy/AWSSupportAccess")

                let iam = account.iam
                let fetched = try await iam.getRole(name: role)
                #expect(fetched.roleName == role)
                #expect(fetched.arn == "arn:aws:iam::\(account.accountId):role/vigil/\(role)")
                #expect(fetched.path == "/vigil/")
                #expect(fetched.description == "Vigil reader")
                #expect(fetched.tags == [AWSTag(key: "team", value: "sre")])
                #expect(fetched.createDate != nil)
                // IAM sends the trust policy URL-encoded; the client hands back the JSON itself.
                #expect(sameJSON(fetched.assumeRolePolicyDocument, MotoAccount.trustPolicy), "\(fetched.assumeRolePolicyDocument ?? "nil")")

                #expect(Set(try await iam.listRolePolicies(roleName: role).all()) == ["telemetry", "second"])
                let inline = try await iam.getRolePolicy(roleName: role, policyName: "telemetry")
                #expect(inline.policyName == "telemetry")
                #expect(sameJSON(inline.policyDocument, Self.inlineDocument))

                // One policy per page: at least three pages (moto, like IAM, may end with an empty
                // truncated page), every attachment once.
                var pages = 0
                var attached: [IAMAttachedPolicy] = []
                for try await page in IAMClient(account.client, pageSize: 1).listAttachedRolePolicies(roleName: role) {
                    pages += 1
                    attached += page.items
                }
                #expect(pages >= 3)
                #expect(attached.count == 3)
                #expect(Set(attached.map(\.policyArn)) == [customer, "arn:aws:iam::aws:policy/ReadOnlyAccess",
                                                          "arn:aws:iam::aws:policy/AWSSupportAccess"])

                let policy = try await iam.getPolicy(arn: customer)
                #expect(policy.defaultVersionId == "v2")
                #expect(policy.attachmentCount == 1)
                let v1 = try await iam.getPolicyVersion(arn: customer, versionId: "v1")
                #expect(v1.isDefaultVersion == false)
                #expect(sameJSON(v1.document, Self.managedV1))
                #expect(sameJSON(try await iam.defaultPolicyDocument(arn: customer), Self.managedV2))

                // An AWS managed policy, loaded by MOTO_IAM_LOAD_MANAGED_POLICIES.
                let readOnly = try await iam.defaultPolicyDocument(arn: "arn:aws:iam::aws:policy/ReadOnlyAccess")
                #expect(readOnly.contains("\"Statement\""))
            }
        }

        @Test func listRolesPagesThroughEveryRole() async throws {
            try await withHTTPClient { http in
                let account = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                var names: Set<String> = []
                for index in 0..<5 {
                    let name = "role-\(index)-\(uniqueName("r"))"
                    try await account.createRole(name)
                    names.insert(name)
                }
                let before = account.executor.count(action: "ListRoles")
                let roles = try await IAMClient(account.client, pageSize: 2).listRoles().all()
                #expect(Set(roles.map(\.roleName)) == names)
                #expect(roles.allSatisfy { sameJSON($0.assumeRolePolicyDocument, MotoAccount.trustPolicy) })
                #expect(account.executor.count(action: "ListRoles") - before >= 3)
                // A limit stops early.
                #expect(try await IAMClient(account.client, pageSize: 2).listRoles().all(limit: 3).count == 3)
            }
        }

        @Test func accountAuthorizationDetails() async throws {
            try await withHTTPClient { http in
                let account = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let role = uniqueName("audited")
                try await account.createRole(role)
                try await account.putRolePolicy(role: role, name: "inline", document: Self.inlineDocument)
                let local = try await account.createPolicy(uniqueName("local"), document: Self.managedV1)
                try await account.attach(role: role, policyArn: local)

                let details = try await account.iam.accountAuthorizationDetails(filter: [.role, .localManagedPolicy])
                let detail = try #require(details.roles.first { $0.role.roleName == role })
                #expect(detail.inlinePolicies.map(\.policyName) == ["inline"])
                #expect(sameJSON(detail.inlinePolicies.first?.policyDocument, Self.inlineDocument))
                #expect(detail.attachedPolicies.map(\.policyArn) == [local])
                #expect(sameJSON(detail.role.assumeRolePolicyDocument, MotoAccount.trustPolicy))
                let policy = try #require(details.policies.first { $0.policy.arn == local })
                #expect(sameJSON(policy.defaultDocument, Self.managedV1))
                #expect(details.users.isEmpty && details.groups.isEmpty)
                // The filter kept AWS managed policies out.
                #expect(!details.policies.contains { $0.policy.arn.hasPrefix("arn:aws:iam::aws:") })
            }
        }

        @Test func errorsNameServiceOperationAccountAndCode() async throws {
            try await withHTTPClient { http in
                let account = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let error = await expectAWSError { try await account.iam.getRole(name: "no-such-role") }
                #expect(error?.code == "NoSuchEntity")
                #expect(error?.httpStatus == 404)
                #expect(error?.service == "IAM" && error?.operation == "GetRole")
                #expect(error?.accountId == account.accountId && error?.region == "us-east-1")
                #expect(error?.requestId?.isEmpty == false)
                #expect(error?.attempts == 1)
                #expect(error?.message?.contains("no-such-role") == true)
            }
        }

        @Test func accountsAreSeparate() async throws {
            try await withHTTPClient { http in
                let a = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let b = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let role = uniqueName("only-in-a")
                try await a.createRole(role)
                #expect(try await a.iam.getRole(name: role).arn.contains(":\(a.accountId):"))
                let error = await expectAWSError { try await b.iam.getRole(name: role) }
                #expect(error?.code == "NoSuchEntity")
                #expect(try await b.sts.getCallerIdentity().account == b.accountId)
            }
        }
    }
}
