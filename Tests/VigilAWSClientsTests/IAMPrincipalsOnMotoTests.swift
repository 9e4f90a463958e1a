import Foundation
import Testing
@testable import VigilAWSClients

extension MotoTests {
    /// The user and group reads (what a caller-permission check needs) against moto.
    @Suite("IAM users and groups on moto")
    struct IAMPrincipalsOnMoto {
        func call(_ account: MotoAccount, _ action: String, _ values: [(String, String)]) async throws {
            var parameters = QueryParameters()
            for (k, v) in values { parameters.set(k, v) }
            _ = try await account.client.query(IAMClient.service, action: action, parameters: parameters)
        }

        @Test func aUsersOwnGroupAndAttachedPoliciesAreRead() async throws {
            try await withHTTPClient { http in
                let account = try await MotoAccount(http: AsyncHTTPClientExecutor(client: http))
                let user = uniqueName("runner"), group = uniqueName("ops")
                let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#
                try await call(account, "CreateUser", [("UserName", user)])
                try await call(account, "PutUserPolicy", [("UserName", user), ("PolicyName", "assume"), ("PolicyDocument", document)])
                let managed = try await account.createPolicy(uniqueName("read"), document: document)
                try await call(account, "AttachUserPolicy", [("UserName", user), ("PolicyArn", managed)])
                try await call(account, "CreateGroup", [("GroupName", group)])
                try await call(account, "AddUserToGroup", [("GroupName", group), ("UserName", user)])
                try await call(account, "PutGroupPolicy", [("GroupName", group), ("PolicyName", "group-inline"), ("PolicyDocument", document)])
                try await call(account, "AttachGroupPolicy", [("GroupName", group), ("PolicyArn", managed)])

                let iam = account.iam
                let found = try await iam.getUser(name: user)
                #expect(found.userName == user && found.arn == "arn:aws:iam::\(account.accountId):user/\(user)")
                #expect(found.permissionsBoundaryArn == nil)
                #expect(try await iam.listAttachedUserPolicies(userName: user).all().map(\.policyArn) == [managed])
                #expect(try await iam.listUserPolicies(userName: user).all() == ["assume"])
                #expect(try await iam.getUserPolicy(userName: user, policyName: "assume").policyDocument.contains("sts:AssumeRole"))
                #expect(try await iam.listGroupsForUser(userName: user).all() == [group])
                #expect(try await iam.listAttachedGroupPolicies(groupName: group).all().map(\.policyArn) == [managed])
                #expect(try await iam.listGroupPolicies(groupName: group).all() == ["group-inline"])
                #expect(try await iam.getGroupPolicy(groupName: group, policyName: "group-inline").policyName == "group-inline")
                await #expect(throws: AWSClientError.self) { try await iam.getUser(name: uniqueName("nobody")) }
            }
        }
    }
}
