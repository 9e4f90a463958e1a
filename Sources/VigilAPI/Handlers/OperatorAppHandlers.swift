import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// EnableOperatorApp, GetOperatorApp, DisableOperatorApp, UpdateOperatorAppIdpConfig.
///
/// Each sign-in flow (iam, idc, idp) is a row of its own; several may be enabled at once. The IdP
/// client secret is sealed and never returned.
enum OperatorAppHandlers {
    static let table: [String: OperationHandler] = [
        "EnableOperatorApp": enable,
        "GetOperatorApp": get,
        "DisableOperatorApp": disable,
        "UpdateOperatorAppIdpConfig": updateIdp,
    ]

    struct Flows: Sendable {
        var iam: IamAuthConfiguration?
        var idc: IdcAuthConfiguration?
        var idp: IdpAuthConfiguration?
    }

    static func load(_ tx: StoreTransaction, space: String) throws -> Flows {
        var flows = Flows()
        for row in try tx.operatorApps.all(space: space) {
            switch row.flow {
            case "iam": flows.iam = try IamAuthConfiguration(document: row.doc)
            case "idc": flows.idc = try IdcAuthConfiguration(document: row.doc)
            case "idp": flows.idp = try IdpAuthConfiguration(document: row.doc)
            default: continue
            }
        }
        return flows
    }

    static func enable(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(EnableOperatorAppInput.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let now = ctx.now
        let secrets = ctx.env.secrets
        let account = ctx.account
        var sealed: [UInt8]?
        let doc: [UInt8]
        switch input.authFlow {
        case .iam:
            doc = IamAuthConfiguration(operatorAppRoleArn: input.operatorAppRoleArn, createdAt: now, updatedAt: now).document
        case .idc:
            guard let instance = input.idcInstanceArn, instance.hasPrefix("arn:aws:sso:::instance/") else {
                throw APIError.invalidField("idcInstanceArn", "The idc flow requires idcInstanceArn of the form arn:aws:sso:::instance/ssoins-...")
            }
            let application = "arn:aws:sso::\(account.accountId):application/\(instance.split(separator: "/").last ?? "")/apl-\(space.prefix(16))"
            doc = IdcAuthConfiguration(operatorAppRoleArn: input.operatorAppRoleArn, idcInstanceArn: instance,
                                       idcApplicationArn: application, createdAt: now, updatedAt: now).document
        case .idp:
            var missing: [APIError.Field] = []
            for (name, value) in [("issuerUrl", input.issuerUrl), ("idpClientId", input.idpClientId),
                                  ("idpClientSecret", input.idpClientSecret), ("provider", input.provider)] where value == nil {
                missing.append(.init(path: name, message: "Member is required for the idp flow"))
            }
            if !missing.isEmpty {
                throw APIError.validation("\(missing.count) validation error(s) detected: the idp flow requires issuerUrl, idpClientId, idpClientSecret and provider", fields: missing)
            }
            guard let issuer = input.issuerUrl, let url = URL(string: issuer), url.scheme == "https", url.host != nil else {
                throw APIError.invalidField("issuerUrl", "The issuer must be an https URL")
            }
            doc = IdpAuthConfiguration(issuerUrl: issuer, clientId: input.idpClientId ?? "", operatorAppRoleArn: input.operatorAppRoleArn,
                                       provider: input.provider ?? "", createdAt: now, updatedAt: now).document
            sealed = try secrets.seal(input.idpClientSecret ?? "", context: "operator-idp:\(space)")
        }
        let flows = try await ctx.store.write { [sealed] tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            try tx.operatorApps.put(space: space, flow: input.authFlow.rawValue, doc: doc, secretSealed: sealed)
            return try load(tx, space: space)
        }
        return .ok(ctx.operation, EnableOperatorAppOutput(agentSpaceId: space, iam: flows.iam, idc: flows.idc, idp: flows.idp))
    }

    static func get(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(GetOperatorAppInput.self)
        try await ctx.authorize(ctx.account.agentSpaceArn(input.agentSpaceId))
        let flows = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, input.agentSpaceId)
            return try load(tx, space: input.agentSpaceId)
        }
        return .ok(ctx.operation, GetOperatorAppOutput(iam: flows.iam, idc: flows.idc, idp: flows.idp))
    }

    /// Without the `x-amzn-app-auth-flow` header every flow is disabled.
    static func disable(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(DisableOperatorAppInput.self)
        try await ctx.authorize(ctx.account.agentSpaceArn(input.agentSpaceId))
        try await ctx.store.write { tx in
            _ = try AgentSpaceHandlers.require(tx, input.agentSpaceId)
            try tx.operatorApps.remove(space: input.agentSpaceId, flow: input.authFlow?.rawValue)
        }
        return .ok(ctx.operation)
    }

    static func updateIdp(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(UpdateOperatorAppIdpConfigInput.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let now = ctx.now
        let sealed = try input.idpClientSecret.map { try ctx.env.secrets.seal($0, context: "operator-idp:\(space)") }
        let idp = try await ctx.store.write { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            guard let row = try tx.operatorApps.all(space: space).first(where: { $0.flow == "idp" }) else {
                throw APIError.notFound("The idp sign-in flow is not enabled for agent space \(space)")
            }
            var idp = try IdpAuthConfiguration(document: row.doc)
            idp.updatedAt = now
            try tx.operatorApps.put(space: space, flow: "idp", doc: idp.document, secretSealed: sealed ?? row.secretSealed)
            return idp
        }
        return .ok(ctx.operation, UpdateOperatorAppIdpConfigOutput(agentSpaceId: space, idp: idp))
    }
}
