import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// CreatePrivateConnection, DescribePrivateConnection, ListPrivateConnections,
/// DeletePrivateConnection, UpdatePrivateConnectionCertificate.
///
/// Vigil records private connections but provisions no VPC Lattice resources: a self-hosted
/// server already runs inside the operator's network. Records are kept so configurations
/// round-trip; services that name one are refused until connections are used for reaching them.
enum PrivateConnectionHandlers {
    static let table: [String: OperationHandler] = [
        "CreatePrivateConnection": create,
        "DescribePrivateConnection": describe,
        "ListPrivateConnections": list,
        "DeletePrivateConnection": delete,
        "UpdatePrivateConnectionCertificate": updateCertificate,
    ]

    static func arn(_ account: AccountContext, _ name: String) -> String {
        "arn:aws:aidevops:\(account.region):\(account.accountId):private-connection/\(name)"
    }

    static func create(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(CreatePrivateConnectionInput.self)
        try await ctx.authorize(arn(ctx.account, input.name))
        let now = ctx.now
        var record = DescribePrivateConnectionOutput(name: input.name, type: .selfManaged, status: .active, tags: input.tags)
        var certificate: String?
        switch input.mode {
        case .serviceManaged(let managed):
            record.type = .serviceManaged
            record.hostAddress = managed.hostAddress
            record.vpcId = managed.vpcId
            certificate = managed.certificate
        case .selfManaged(let selfManaged):
            record.resourceConfigurationId = selfManaged.resourceConfigurationId
            certificate = selfManaged.certificate
        }
        if let certificate { record.certificateExpiryTime = try CertificateExpiry.read(certificate, path: "mode.certificate", now: now) }
        try await ctx.store.write { [record, certificate] tx in
            guard try tx.privateConnections.get(input.name) == nil else {
                throw APIError.conflict("A private connection named \(input.name) already exists")
            }
            try tx.privateConnections.insert(name: input.name, doc: record.document, certificate: certificate)
        }
        return .ok(ctx.operation, CreatePrivateConnectionOutput(
            name: record.name, type: record.type, hostAddress: record.hostAddress, vpcId: record.vpcId,
            resourceConfigurationId: record.resourceConfigurationId, status: record.status,
            certificateExpiryTime: record.certificateExpiryTime, tags: record.tags))
    }

    static func require(_ tx: StoreTransaction, _ name: String) throws -> DescribePrivateConnectionOutput {
        guard let stored = try tx.privateConnections.get(name) else {
            throw APIError.notFound("Private connection \(name) does not exist")
        }
        return try DescribePrivateConnectionOutput(stored)
    }

    static func describe(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(DescribePrivateConnectionInput.self)
        try await ctx.authorize(arn(ctx.account, input.name))
        let record = try await ctx.store.read { tx in try require(tx, input.name) }
        return .ok(ctx.operation, record)
    }

    static func list(_ ctx: OperationContext) async throws -> APIResponse {
        _ = try ctx.input(ListPrivateConnectionsInput.self)
        try await ctx.authorize(arn(ctx.account, "*"))
        let records = try await ctx.store.read { tx in try tx.privateConnections.all().map(DescribePrivateConnectionOutput.init) }
        return .ok(ctx.operation, ListPrivateConnectionsOutput(privateConnections: records.map {
            PrivateConnectionSummary(name: $0.name, type: $0.type, resourceGatewayId: $0.resourceGatewayId, hostAddress: $0.hostAddress,
                                     vpcId: $0.vpcId, resourceConfigurationId: $0.resourceConfigurationId, status: $0.status,
                                     certificateExpiryTime: $0.certificateExpiryTime)
        }))
    }

    /// Nothing to tear down, so the record goes at once; the answer still says DELETE_IN_PROGRESS,
    /// as the model describes deletion as asynchronous.
    static func delete(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(DeletePrivateConnectionInput.self)
        try await ctx.authorize(arn(ctx.account, input.name))
        try await ctx.store.write { tx in
            _ = try require(tx, input.name)
            try tx.privateConnections.delete(input.name)
        }
        return .ok(ctx.operation, DeletePrivateConnectionOutput(name: input.name, status: .deleteInProgress))
    }

    static func updateCertificate(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(UpdatePrivateConnectionCertificateInput.self)
        try await ctx.authorize(arn(ctx.account, input.name))
        let expiry = try CertificateExpiry.read(input.certificate, path: "certificate", now: ctx.now)
        let record = try await ctx.store.write { tx in
            var record = try require(tx, input.name)
            record.certificateExpiryTime = expiry
            try tx.privateConnections.update(input.name, doc: record.document, certificate: input.certificate)
            return record
        }
        return .ok(ctx.operation, UpdatePrivateConnectionCertificateOutput(
            name: record.name, type: record.type, resourceGatewayId: record.resourceGatewayId, hostAddress: record.hostAddress,
            vpcId: record.vpcId, resourceConfigurationId: record.resourceConfigurationId, status: record.status,
            certificateExpiryTime: record.certificateExpiryTime))
    }
}
