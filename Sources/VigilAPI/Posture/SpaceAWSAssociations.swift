import Foundation
import VigilAPIModel
import VigilAWSClients
import VigilCore
import VigilStore

/// The AWS accounts an agent space is associated with, as the client factory needs them.
public enum SpaceAWSAssociations {
    /// Each `aws` (monitor) and `sourceAws` association with its boundary entry.
    static func load(_ tx: StoreTransaction, space: String) throws -> [(Association, AWSAccountAssociation)] {
        try ["aws", "sourceAws"].flatMap { try tx.associations.all(space: space, serviceType: $0) }.compactMap { stored in
            let association = try Association(stored)
            switch association.configuration {
            case .aws(let c):
                return (association, AWSAccountAssociation(accountId: c.accountId, roleArn: c.assumableRoleArn, kind: .monitor))
            case .sourceAws(let c):
                return (association, AWSAccountAssociation(accountId: c.accountId, roleArn: c.assumableRoleArn,
                                                           externalId: c.externalId, kind: .source))
            default:
                return nil
            }
        }
    }

    /// Runs the posture audit of a space (`vigil posture`): its associations and the role of its
    /// Operator App, if enabled.
    public static func posture(store: Store, account: AccountContext, aws: AWSAccess, space: String) async throws -> [PostureAudit.Item] {
        let (targets, operatorRole, mcp) = try await store.read { tx -> ([AWSAccountAssociation], String?, PostureAudit.Item) in
            _ = try AgentSpaceHandlers.require(tx, space)
            let targets = try load(tx, space: space).map(\.1)
            let flows = try OperatorAppHandlers.load(tx, space: space)
            return (targets, flows.iam?.operatorAppRoleArn ?? flows.idc?.operatorAppRoleArn ?? flows.idp?.operatorAppRoleArn,
                    try PostureLocalChecks.mcpAllowlists(tx, space: space))
        }
        let export = PostureLocalChecks.auditExport(dataDirectory: (store.path as NSString).deletingLastPathComponent,
                                                    configured: ProcessInfo.processInfo.environment["VIGIL_AUDIT_EXPORT"])
        let factory = aws.factory(agentSpaceId: space, agentSpaceArn: account.agentSpaceArn(space), associations: targets)
        let region = aws.allowedRegions.sorted().first ?? account.region
        return await PostureAudit(account: account, agentSpaceId: space, factory: factory, iamRegion: region, aws: aws)
            .run(operatorRoleArn: operatorRole, localItems: [mcp, export])
    }
}
