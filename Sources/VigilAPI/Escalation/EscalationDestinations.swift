import Foundation
import VigilAPIModel
import VigilActions
import VigilAWSClients
import VigilCore
import VigilGuard
import VigilIdentity
import VigilStore

/// Where one agent space may escalate, read from its associations:
/// - each `servicenow` association: the registered service's `instanceUrl` and OAuth client
///   credentials (from the sealed `serviceDetails`) — ServiceNow Table API;
/// - the agent space tag `vigil:ticket-webhook` — a generic ticket webhook URL (no credentials:
///   tags are not secret, so the receiver must authenticate by network or by an unguessable URL);
/// - each `aws` and `sourceAws` association — AWS Support `CreateCase` in that account.
struct EscalationDestinations: Sendable {
    static let webhookTag = "vigil:ticket-webhook"
    /// `VIGIL_SERVICENOW_ENDPOINT_URL`: every ServiceNow instance is reached at this origin instead
    /// of its registered URL (a forward proxy, or a local stand-in in tests, since the model only
    /// accepts `https://*.service-now.com` instance URLs). Read from the process environment.
    static let serviceNowEndpointOverride: String? = ProcessInfo.processInfo.environment["VIGIL_SERVICENOW_ENDPOINT_URL"]
        .flatMap { $0.isEmpty ? nil : $0 }

    var policy: SpaceActionPolicy
    var serviceNow: [ServiceNowInstance]
    /// ServiceNow instances whose registration has no usable credentials (named in failures).
    var serviceNowWithoutCredentials: [String]
    var webhookURL: String?
    var monitorAccounts: [String]
    var awsAssociations: [AWSAccountAssociation]

    static func load(_ tx: StoreTransaction, space: String, account: AccountContext, secrets: SecretBox) throws -> EscalationDestinations {
        var instances: [ServiceNowInstance] = []
        var withoutCredentials: [String] = []
        for stored in try tx.associations.all(space: space, serviceType: "servicenow") {
            let association = try Association(stored)
            guard let sealed = try tx.escalations.sealedServiceDetails(serviceId: association.serviceId) else { continue }
            let details = try JSONParser.parse(try secrets.open(sealed, context: "service:\(association.serviceId)"))
            guard let servicenow = details["servicenow"], let url = servicenow["instanceUrl"]?.stringValue else { continue }
            let oauth = servicenow["authorizationConfig"]?["oAuthClientCredentials"]
            if let clientId = oauth?["clientId"]?.stringValue, let clientSecret = oauth?["clientSecret"]?.stringValue {
                instances.append(ServiceNowInstance(baseURL: url, auth: .oauthClientCredentials(clientId: clientId, clientSecret: clientSecret),
                                                    connectURL: serviceNowEndpointOverride))
            } else {
                withoutCredentials.append(url)
            }
        }
        let aws = try SpaceAWSAssociations.load(tx, space: space)
        let webhook = try tx.tags.get(account.agentSpaceArn(space))[webhookTag].flatMap { DestinationURL.isAcceptable($0) ? $0 : nil }
        let policy = SpaceActionPolicy(
            agentSpaceId: space, accountIds: Set(aws.map(\.1.accountId)),
            serviceNowInstances: Set(instances.map(\.baseURL) + withoutCredentials),
            webhookURLs: webhook.map { [$0] } ?? [])
        return EscalationDestinations(
            policy: policy, serviceNow: instances, serviceNowWithoutCredentials: withoutCredentials, webhookURL: webhook,
            monitorAccounts: aws.filter { $0.1.kind == .monitor }.map(\.1.accountId), awsAssociations: aws.map(\.1))
    }

    /// The guard's target for a request: the named one, or the space's only destination of the kind.
    func target(for request: EscalationRequest) throws(APIError) -> ActionTarget {
        switch request.kind {
        case .supportCase:
            if let target = request.target { return .supportCase(accountId: target) }
            let accounts = monitorAccounts.isEmpty ? Array(policy.accountIds).sorted() : monitorAccounts
            guard accounts.count == 1, let only = accounts.first else {
                throw APIError.invalidField("target", accounts.isEmpty
                    ? "The agent space has no AWS association, so there is no account to open a support case in"
                    : "The agent space is associated with several AWS accounts (\(accounts.sorted().joined(separator: ", "))); name one as target")
            }
            return .supportCase(accountId: only)
        case .ticket:
            let instanceURLs = serviceNow.map(\.baseURL) + serviceNowWithoutCredentials
            if let target = request.target {
                let normalized = DestinationURL.normalized(target)
                if instanceURLs.contains(where: { DestinationURL.normalized($0) == normalized }) {
                    return .ticket(.serviceNow(instanceURL: target))
                }
                // Anything else is taken as a webhook URL; the guard refuses it unless it is the space's.
                return .ticket(.webhook(url: target))
            }
            var all: [ActionTarget] = instanceURLs.map { .ticket(.serviceNow(instanceURL: $0)) }
            if let webhookURL { all.append(.ticket(.webhook(url: webhookURL))) }
            guard all.count == 1, let only = all.first else {
                throw APIError.invalidField("target", all.isEmpty
                    ? "The agent space has no ticket destination: associate a registered ServiceNow service or set the agent space tag \(Self.webhookTag)"
                    : "The agent space has several ticket destinations (\(all.map(\.description).joined(separator: ", "))); name one as target")
            }
            return only
        }
    }

    /// What the executor sends through. Support clients come from the space's own client factory,
    /// so the account boundary is checked again there.
    func actionDestinations(space: String, account: AccountContext, aws: AWSAccess?) -> ActionDestinations {
        let associations = awsAssociations
        return ActionDestinations(
            serviceNow: serviceNow, webhooks: webhookURL.map { [TicketWebhook(url: $0)] } ?? [],
            supportClient: { agentSpaceId, accountId in
                guard let aws else { throw NoAWSAccess() }
                let factory = aws.factory(agentSpaceId: agentSpaceId, agentSpaceArn: account.agentSpaceArn(agentSpaceId),
                                          associations: associations)
                return SupportClient.forCases(basedOn: try factory.client(for: accountId, region: "us-east-1"))
            })
    }

    struct NoAWSAccess: Error, CustomStringConvertible {
        var description: String { "this server runs without AWS access" }
    }
}
