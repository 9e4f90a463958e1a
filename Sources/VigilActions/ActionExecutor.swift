import Foundation
import VigilAWSClients
import VigilAudit
import VigilGuard

/// What became of a proposed action.
public enum ActionOutcome: Sendable, Equatable {
    case executed(ActionReceipt)
    case refused([ActionRefusal])
    case failed(ActionFailure)
}

/// Where the executor sends what passed the guard. Built by the composition root from the
/// spaces' registered ticket destinations and AWS associations.
public struct ActionDestinations: Sendable {
    /// ServiceNow instances by normalised base URL.
    public var serviceNow: [String: ServiceNowInstance]
    /// Ticket webhooks by normalised URL.
    public var webhooks: [String: TicketWebhook]
    /// A Support client for an associated account (`SupportClient.forCases(basedOn:)` over the
    /// space's `AWSClientFactory` client, so the account boundary is checked twice).
    public var supportClient: @Sendable (_ agentSpaceId: String, _ accountId: String) throws -> SupportClient
    /// Sent with every support case.
    public var supportCaseDefaults: SupportCaseDefaults

    public init(serviceNow: [ServiceNowInstance] = [], webhooks: [TicketWebhook] = [],
                supportCaseDefaults: SupportCaseDefaults = SupportCaseDefaults(),
                supportClient: @escaping @Sendable (_ agentSpaceId: String, _ accountId: String) throws -> SupportClient) {
        self.serviceNow = Dictionary(serviceNow.map { (DestinationURL.normalized($0.baseURL), $0) }, uniquingKeysWith: { a, _ in a })
        self.webhooks = Dictionary(webhooks.map { (DestinationURL.normalized($0.url), $0) }, uniquingKeysWith: { a, _ in a })
        self.supportCaseDefaults = supportCaseDefaults
        self.supportClient = supportClient
    }
}

/// Case fields that are configuration, not content.
public struct SupportCaseDefaults: Sendable {
    public var serviceCode: String?
    public var categoryCode: String?
    public var issueType: String
    public var language: String
    public var ccEmailAddresses: [String]

    public init(serviceCode: String? = nil, categoryCode: String? = nil, issueType: String = "technical",
                language: String = "en", ccEmailAddresses: [String] = []) {
        self.serviceCode = serviceCode
        self.categoryCode = categoryCode
        self.issueType = issueType
        self.language = language
        self.ccEmailAddresses = ccEmailAddresses
    }
}

/// The only code path that performs a write action. Every proposal is checked by `ActionGuard`
/// against its space's policy and recent actions; a refusal is audited and returned, an allowed
/// action is audited, run, and its result audited again. Audit details are redacted of secrets.
public actor ActionExecutor {
    private let policies: @Sendable (String) -> SpaceActionPolicy?
    private let destinations: ActionDestinations
    private let audit: any AuditSink
    private let actionGuard: ActionGuard
    private let http: any HTTPExecutor
    private let now: @Sendable () -> Date
    private var serviceNowClients: [String: ServiceNowClient] = [:]
    /// When each space last ran actions of each kind (allowed ones, whether or not they succeeded).
    private var history: [String: [ActionKind: [Date]]] = [:]

    public init(policies: @escaping @Sendable (String) -> SpaceActionPolicy?, destinations: ActionDestinations,
                audit: any AuditSink, http: any HTTPExecutor, actionGuard: ActionGuard = ActionGuard(),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.policies = policies
        self.destinations = destinations
        self.audit = audit
        self.actionGuard = actionGuard
        self.http = http
        self.now = now
    }

    /// Checks `action`, runs it if allowed, and audits both steps as `principal`. `priorActions`
    /// are earlier allowed actions of the same kind in the space that this executor did not run
    /// itself (read from the store by a caller that builds an executor per request), so the rate
    /// limit holds across executors and restarts.
    public func propose(_ action: ProposedAction, principal: String = "agent", priorActions: [Date] = []) async -> ActionOutcome {
        let time = now()
        let auditAction = "vigil:" + (ActionKind(rawValue: action.requestedType).map(Self.auditName) ?? action.requestedType)
        guard let policy = policies(action.agentSpaceId) else {
            let refusals = [ActionRefusal(.wrongSpace, "agent space '\(action.agentSpaceId)' has no action policy")]
            await record(action, principal: principal, auditAction: auditAction, decision: .deny, time: time,
                         fields: ["phase": "checked", "refusals": Self.json(refusals)])
            return .refused(refusals)
        }
        let kind = ActionKind(rawValue: action.requestedType)
        let recent = (kind.flatMap { history[action.agentSpaceId]?[$0] } ?? []) + priorActions
        let decision = actionGuard.check(action, policy: policy, recentActions: recent, now: time)
        guard case .allowed(let checked) = decision else {
            await record(action, principal: principal, auditAction: auditAction, decision: .deny, time: time,
                         fields: ["phase": "checked", "refusals": Self.json(decision.refusals)])
            return .refused(decision.refusals)
        }
        remember(checked.kind, space: checked.agentSpaceId, at: time, window: policy.rateLimits[checked.kind]?.window ?? 0)
        await record(action, principal: principal, auditAction: auditAction, decision: .allow, time: time,
                     fields: ["phase": "checked", "subject": checked.subject, "redacted": Self.json(checked.redacted),
                              "attachments": checked.attachments.map(\.fileName)])
        let outcome: ActionOutcome
        do throws(ActionFailure) {
            outcome = .executed(try await execute(checked, at: time))
        } catch {
            outcome = .failed(error)
        }
        switch outcome {
        case .executed(let receipt):
            await record(action, principal: principal, auditAction: auditAction, decision: .allow, time: now(),
                         fields: ["phase": "executed", "receipt": ["kind": receipt.kind, "reference": receipt.reference ?? "",
                                                                   "detail": receipt.detail ?? ""]])
        case .failed(let failure):
            await record(action, principal: principal, auditAction: auditAction, decision: .error, time: now(),
                         fields: ["phase": "failed", "failure": ["code": failure.code.rawValue, "message": failure.message]])
        case .refused:
            break
        }
        return outcome
    }

    private func execute(_ action: CheckedAction, at time: Date) async throws(ActionFailure) -> ActionReceipt {
        switch action.target {
        case .ticket(.serviceNow(let url)):
            let key = DestinationURL.normalized(url)
            guard let instance = destinations.serviceNow[key] else {
                throw ActionFailure(.destinationNotConfigured, "no credentials are configured for ServiceNow instance \(url)")
            }
            let client = serviceNowClients[key] ?? ServiceNowClient(instance: instance, http: http)
            serviceNowClients[key] = client
            return try await client.openIncident(action)
        case .ticket(.webhook(let url)):
            guard let webhook = destinations.webhooks[DestinationURL.normalized(url)] else {
                throw ActionFailure(.destinationNotConfigured, "ticket webhook \(url) is not configured")
            }
            return try await TicketWebhookClient(webhook: webhook, http: http, timeout: .seconds(30)).post(action, at: time)
        case .supportCase(let accountId):
            let client: SupportClient
            do {
                client = try destinations.supportClient(action.agentSpaceId, accountId)
            } catch {
                throw ActionFailure(.destinationNotConfigured, "no Support client for account \(accountId): \(error)")
            }
            return try await SupportCaseAction(defaults: destinations.supportCaseDefaults).create(action, accountId: accountId, client: client)
        case .other(let target):
            // The guard refuses these; kept total for safety.
            throw ActionFailure(.destinationNotConfigured, "no destination for \(target)")
        }
    }

    private func remember(_ kind: ActionKind, space: String, at time: Date, window: TimeInterval) {
        var times = history[space]?[kind] ?? []
        times.removeAll { time.timeIntervalSince($0) >= window }
        times.append(time)
        history[space, default: [:]][kind] = times
    }

    private func record(_ action: ProposedAction, principal: String, auditAction: String, decision: AuditDecision, time: Date,
                        fields: [String: Any]) async {
        var detail = fields
        detail["requestedType"] = action.requestedType
        detail["target"] = action.target.description
        let text = (try? JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        // The audit log keeps what it is given forever: nothing secret may reach it.
        let redactedDetail = SecretRedactor.redact(text).text
        let resource = SecretRedactor.redact(action.target.description).text
        await audit.record(AuditEntry(kind: .action, agentSpaceId: action.agentSpaceId, principal: principal, action: auditAction,
                                      resource: resource, decision: decision, detail: redactedDetail, time: time))
    }

    static func auditName(_ kind: ActionKind) -> String {
        switch kind {
        case .openTicket: "OpenTicket"
        case .createSupportCase: "CreateSupportCase"
        }
    }

    static func json(_ refusals: [ActionRefusal]) -> [[String: String]] {
        refusals.map { ["code": $0.code.rawValue, "message": $0.message] }
    }

    static func json(_ redacted: [SecretKind: Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: redacted.map { ($0.key.rawValue, $0.value) })
    }
}
