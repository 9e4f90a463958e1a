import Crypto
import Foundation
import VigilAPIModel
import VigilCore
import VigilStore
import VigilAWSClients

/// AssociateService, GetAssociation, UpdateAssociation, DisassociateService, ListAssociations,
/// ListWebhooks, ValidateAwsAssociations.
enum AssociationHandlers {
    static let table: [String: OperationHandler] = [
        "AssociateService": associate,
        "GetAssociation": get,
        "UpdateAssociation": update,
        "DisassociateService": disassociate,
        "ListAssociations": list,
        "ListWebhooks": listWebhooks,
        "ValidateAwsAssociations": validateAws,
    ]

    /// The union member name of a configuration, which is also the service type it belongs to.
    static func serviceType(of configuration: ServiceConfiguration) -> String {
        configuration.memberName
    }

    /// What "the same service" means for AssociateService's overwrite rule.
    static func slot(serviceId: String, configuration: ServiceConfiguration) -> String {
        switch configuration {
        case .aws: "aws"
        case .sourceAws(let source): "sourceAws:\(source.accountId)"
        default: "service:\(serviceId)"
        }
    }

    /// Checks the configuration against the space and the registered service it names.
    static func checkTarget(_ tx: StoreTransaction, serviceId: String, configuration: ServiceConfiguration, account: AccountContext) throws {
        switch configuration {
        case .aws(let aws):
            try checkRoleAccount(aws.assumableRoleArn, accountId: aws.accountId, path: "configuration.aws.assumableRoleArn")
        case .sourceAws(let source):
            try checkRoleAccount(source.assumableRoleArn, accountId: source.accountId, path: "configuration.sourceAws.assumableRoleArn")
        default:
            guard let registered = try tx.services.get(serviceId) else {
                throw APIError.notFound("Service \(serviceId) is not registered")
            }
            let type = serviceType(of: configuration)
            guard registered.serviceType == type else {
                throw APIError.invalidField("configuration", "Service \(serviceId) is of type \(registered.serviceType), but the configuration is for \(type)")
            }
        }
    }

    /// A role to assume for an account must live in that account.
    static func checkRoleAccount(_ roleArn: String, accountId: String, path: String) throws {
        let parts = roleArn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[4] == accountId else {
            throw APIError.invalidField(path, "The role must belong to account \(accountId)")
        }
    }

    static func initialStatus(_ configuration: ServiceConfiguration) -> ValidationStatus {
        switch configuration {
        case .aws, .sourceAws: .pendingConfirmation
        default: .valid
        }
    }

    static func associate(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(AssociateServiceInput.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let now = ctx.now
        let account = ctx.account
        let env = ctx.env
        let operation = ctx.operation
        defer { requestDiscovery(ctx, space: space, configuration: input.configuration) }
        return try await ctx.store.write { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            try checkTarget(tx, serviceId: input.serviceId, configuration: input.configuration, account: account)
            let slot = slot(serviceId: input.serviceId, configuration: input.configuration)
            let replaced = try tx.associations.find(space: space, slot: slot)
            // MCP tool allowlists: only catalogued read-only tools, at most 500 per space (docs/mcp.md).
            try MCPAllowlist.validate(tx, space: space, serviceId: input.serviceId, configuration: input.configuration,
                                      replacing: try replaced.map { try Association($0).associationId },
                                      limit: env.mcp.maxAllowlistedToolsPerSpace)
            var webhook: GenericWebhook?
            let association: Association
            if let existing = replaced {
                var current = try Association(existing)
                current.configuration = input.configuration
                current.serviceId = input.serviceId
                current.status = initialStatus(input.configuration)
                current.updatedAt = now
                try tx.associations.update(space: space, id: current.associationId, doc: current.document)
                association = current
                webhook = try Webhooks.existing(tx, space: space, associationId: current.associationId)
            } else {
                association = Association(agentSpaceId: space, createdAt: now, updatedAt: now,
                                          status: initialStatus(input.configuration), associationId: Identifier.make(),
                                          serviceId: input.serviceId, configuration: input.configuration)
                try tx.associations.insert(space: space, id: association.associationId, serviceId: input.serviceId,
                                           serviceType: serviceType(of: input.configuration), slot: slot, doc: association.document)
                webhook = try Webhooks.create(tx, env: env, space: space, association: association)
            }
            return .ok(operation, AssociateServiceOutput(association: association, webhook: webhook))
        }
    }

    /// After an AWS association is created or updated, the space's accounts are discovered again.
    /// Asked on the way out even when the write failed: a needless discovery only re-reads the
    /// accounts already associated.
    static func requestDiscovery(_ ctx: OperationContext, space: String, configuration: ServiceConfiguration) {
        switch configuration {
        case .aws, .sourceAws: ctx.env.discovery?.requestDiscovery(space: space)
        default: break
        }
    }

    static func requireAssociation(_ tx: StoreTransaction, space: String, id: String) throws -> Association {
        guard let stored = try tx.associations.get(space: space, id: id) else {
            throw APIError.notFound("Association \(id) does not exist in agent space \(space)")
        }
        return try Association(stored)
    }

    static func get(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(GetAssociationInput.self)
        try await ctx.authorize(ctx.account.agentSpaceArn(input.agentSpaceId))
        let association = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, input.agentSpaceId)
            return try requireAssociation(tx, space: input.agentSpaceId, id: input.associationId)
        }
        return .ok(ctx.operation, GetAssociationOutput(association: association))
    }

    static func update(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(UpdateAssociationInput.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let now = ctx.now
        let account = ctx.account
        let operation = ctx.operation
        let env = ctx.env
        defer { requestDiscovery(ctx, space: space, configuration: input.configuration) }
        return try await ctx.store.write { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            var association = try requireAssociation(tx, space: space, id: input.associationId)
            guard serviceType(of: association.configuration) == serviceType(of: input.configuration) else {
                throw APIError.invalidField("configuration", "The association is for \(serviceType(of: association.configuration)); its configuration cannot become \(serviceType(of: input.configuration))")
            }
            guard slot(serviceId: association.serviceId, configuration: association.configuration)
                    == slot(serviceId: association.serviceId, configuration: input.configuration) else {
                throw APIError.invalidField("configuration.sourceAws.accountId", "The account of a source account association cannot change; associate the new account instead")
            }
            try checkTarget(tx, serviceId: association.serviceId, configuration: input.configuration, account: account)
            try MCPAllowlist.validate(tx, space: space, serviceId: association.serviceId, configuration: input.configuration,
                                      replacing: association.associationId, limit: env.mcp.maxAllowlistedToolsPerSpace)
            association.configuration = input.configuration
            association.status = initialStatus(input.configuration)
            association.updatedAt = now
            try tx.associations.update(space: space, id: association.associationId, doc: association.document)
            let webhook = try Webhooks.rotate(tx, env: env, space: space, association: association)
            return .ok(operation, UpdateAssociationOutput(association: association, webhook: webhook))
        }
    }

    static func disassociate(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(DisassociateServiceInput.self)
        try await ctx.authorize(ctx.account.agentSpaceArn(input.agentSpaceId))
        try await ctx.store.write { tx in
            _ = try AgentSpaceHandlers.require(tx, input.agentSpaceId)
            _ = try requireAssociation(tx, space: input.agentSpaceId, id: input.associationId)
            try tx.associations.delete(space: input.agentSpaceId, id: input.associationId)
        }
        return .ok(ctx.operation)
    }

    static func list(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ListAssociationsInput.self)
        let space = input.agentSpaceId
        try await ctx.authorize(ctx.account.agentSpaceArn(space))
        let types = input.filterServiceTypes.map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let types, let unknown = types.first(where: { Service(rawValue: $0) == nil }) {
            throw APIError.invalidField("filterServiceTypes", "Unknown service type '\(unknown)'; expected values from: \(Service.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let query = types?.joined(separator: ",") ?? ""
        let tokens = ctx.env.pageTokens
        let cursor = try tokens.read(input.nextToken, operation: ctx.operation.name, scope: space, query: query)
        let page = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            return try tx.associations.list(space: space, serviceTypes: types, after: cursor, limit: pageSize(input.maxResults, default: 100))
        }
        return .ok(ctx.operation, ListAssociationsOutput(
            nextToken: tokens.make(page.nextCursor, operation: ctx.operation.name, scope: space, query: query),
            associations: try page.items.map(Association.init)))
    }

    static func listWebhooks(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ListWebhooksInput.self)
        try await ctx.authorize(ctx.account.agentSpaceArn(input.agentSpaceId))
        let webhooks = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, input.agentSpaceId)
            _ = try requireAssociation(tx, space: input.agentSpaceId, id: input.associationId)
            return try tx.webhooks.list(space: input.agentSpaceId, associationId: input.associationId).map(Webhook.init)
        }
        return .ok(ctx.operation, ListWebhooksOutput(webhooks: webhooks))
    }

    /// Assumes each `aws` and `sourceAws` role through STS with Vigil's base credentials (source
    /// accounts with ExternalId = the agent space ARN unless the association names one), then
    /// re-evaluates the role's trust policy itself (`TrustVerification`), and sets `valid` or
    /// `invalid`; an answer that decides nothing (throttling, network) leaves
    /// `pending-confirmation`. The reason of each verdict is logged with the request id.
    static func validateAws(_ ctx: OperationContext) async throws -> APIResponse {
        let input = try ctx.input(ValidateAwsAssociationsInput.self)
        let space = input.agentSpaceId
        let spaceArn = ctx.account.agentSpaceArn(space)
        try await ctx.authorize(spaceArn)
        guard let aws = ctx.env.aws else { throw APIError.internalFailure }
        let targets = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            return try SpaceAWSAssociations.load(tx, space: space)
        }
        let factory = aws.factory(agentSpaceId: space, agentSpaceArn: spaceArn, associations: targets.map(\.1))
        let validator = RoleValidator(factory: factory)
        let region = aws.allowedRegions.sorted().first ?? ctx.account.region
        var verdicts: [String: ValidationStatus] = [:]
        var caller: CallerIdentity?
        for (association, target) in targets {
            var result = await validator.validate(target)
            if result.status == .valid, caller == nil {
                caller = try? await TrustVerification.caller(aws: aws, region: region)
            }
            if result.status == .valid, let caller,
               let denial = await TrustVerification.denial(caller: caller, factory: factory, association: target, region: region,
                                                           logger: ctx.env.logger, aws: aws) {
                result = .invalid(.accessDenied, denial)
            }
            let status: ValidationStatus = switch result.status {
            case .valid: .valid
            case .invalid: .invalid
            case .undetermined: .pendingConfirmation
            }
            verdicts[association.associationId] = status
            ctx.env.logger.notice("association validated", metadata: [
                "requestId": .string(ctx.requestId), "agentSpaceId": .string(space),
                "associationId": .string(association.associationId), "status": .string(status.rawValue),
                "reason": .string(result.reason)])
        }
        let now = ctx.now
        try await ctx.store.write { [verdicts] tx in
            for (id, status) in verdicts {
                guard var association = try tx.associations.get(space: space, id: id).map(Association.init) else { continue }
                association.status = status
                association.updatedAt = now
                try tx.associations.update(space: space, id: id, doc: association.document)
            }
        }
        return .ok(ctx.operation)
    }
}

/// Inbound webhooks handed out when an event source is associated. The secret is returned once,
/// at creation; afterwards only the URL, id and type are shown.
enum Webhooks {
    static func type(for configuration: ServiceConfiguration) -> WebhookType? {
        switch configuration {
        case .eventChannel: .hmac
        case .pagerduty: .pagerduty
        case .gitlab: .gitlab
        default: nil
        }
    }

    /// The tag on a registered eventChannel service that chooses its webhooks' authentication:
    /// `hmac` (the default, as AWS) or `apikey` (Bearer; for Alertmanager, Grafana, EventBridge, SNS).
    static let authTag = "vigil:webhook-auth"

    static func chosenType(_ tx: StoreTransaction, env: APIEnvironment, association: Association) throws -> WebhookType? {
        guard let type = type(for: association.configuration) else { return nil }
        guard type == .hmac else { return type }
        let tags = try tx.tags.get(env.account.serviceArn(association.serviceId))
        switch tags[authTag] {
        case nil, "hmac"?: return .hmac
        case "apikey"?: return .apikey
        case let other?: throw APIError.invalidField("serviceId", "Tag \(authTag) of service \(association.serviceId) is '\(other)'; expected hmac or apikey")
        }
    }

    /// The secret as the model returns it: `webhookSecret` for HMAC-style types, `apiKey` for apikey.
    static func reveal(url: String, id: String, type: WebhookType, secret: String) -> GenericWebhook {
        type == .apikey
            ? GenericWebhook(webhookUrl: url, webhookId: id, webhookType: type, apiKey: secret)
            : GenericWebhook(webhookUrl: url, webhookId: id, webhookType: type, webhookSecret: secret)
    }

    /// UpdateAssociation of a webhook-bearing association issues a new secret (returned once, the
    /// old one stops working at once) and re-reads the service's `vigil:webhook-auth` tag.
    static func rotate(_ tx: StoreTransaction, env: APIEnvironment, space: String, association: Association) throws -> GenericWebhook? {
        guard let stored = try tx.webhooks.list(space: space, associationId: association.associationId).first else {
            return try create(tx, env: env, space: space, association: association)
        }
        guard let type = try chosenType(tx, env: env, association: association) else { return nil }
        let current = try Webhook(stored)
        let id = current.webhookId
        let path = type == .hmac || type == .apikey ? "generic" : type.rawValue
        let url = "\(env.publicBaseURL)/webhook/\(path)/\(id)"
        let secret = randomSecret()
        let summary = Webhook(webhookUrl: url, webhookType: type, webhookId: id)
        try tx.webhooks.replaceSecret(space: space, id: id, type: type.rawValue,
                                      secretSealed: try env.secrets.seal(secret, context: "webhook:\(id)"), doc: summary.document)
        return reveal(url: url, id: id, type: type, secret: secret)
    }

    static func create(_ tx: StoreTransaction, env: APIEnvironment, space: String, association: Association) throws -> GenericWebhook? {
        guard let type = try chosenType(tx, env: env, association: association) else { return nil }
        let id = Identifier.make()
        let path = type == .hmac || type == .apikey ? "generic" : type.rawValue
        let url = "\(env.publicBaseURL)/webhook/\(path)/\(id)"
        let secret = randomSecret()
        let summary = Webhook(webhookUrl: url, webhookType: type, webhookId: id)
        try tx.webhooks.insert(space: space, id: id, associationId: association.associationId, type: type.rawValue,
                               secretSealed: try env.secrets.seal(secret, context: "webhook:\(id)"), doc: summary.document)
        return reveal(url: url, id: id, type: type, secret: secret)
    }

    static func existing(_ tx: StoreTransaction, space: String, associationId: String) throws -> GenericWebhook? {
        guard let stored = try tx.webhooks.list(space: space, associationId: associationId).first else { return nil }
        let webhook = try Webhook(stored)
        return GenericWebhook(webhookUrl: webhook.webhookUrl, webhookId: webhook.webhookId, webhookType: webhook.webhookType)
    }

    /// 32 random bytes, base64: the HMAC key a sender signs with.
    static func randomSecret() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }
}
