import Foundation
import VigilAPIModel
import VigilActions
import VigilAWSClients
import VigilCore
import VigilGuard
import VigilInvestigation
import VigilStore

/// Escalations from an investigation: a ticket or an AWS Support case, through the action guard.
/// See docs/guard.md.
///
/// - `CreateEscalation` `POST /vigil/v1/agentspaces/{agentSpaceId}/backlog/{taskId}/escalations`
///   (`vigil:CreateEscalation`), body `{"kind": "ticket"|"supportCase", "target"?: String, "severity"?: String}`.
///   Answers 200 with `{"escalation": {...}}` whose `status` is `CREATED` (with the receipt),
///   `REFUSED` (the guard's refusals; nothing was sent) or `FAILED` (the destination's failure).
/// - `ListEscalations` `GET .../escalations` and `GetEscalation` `GET .../escalations/{escalationId}`
///   (both `vigil:ListEscalations`).
enum EscalationOperations {
    static let basePath = "/vigil/v1/agentspaces/{agentSpaceId}/backlog/{taskId}/escalations"

    static let all: [ExtensionOperation] = [
        ExtensionOperation(name: "CreateEscalation", method: "POST", path: basePath, readOnly: false,
                           action: "vigil:CreateEscalation", handler: create),
        ExtensionOperation(name: "ListEscalations", method: "GET", path: basePath, readOnly: true,
                           action: "vigil:ListEscalations", handler: list),
        ExtensionOperation(name: "GetEscalation", method: "GET", path: basePath + "/{escalationId}", readOnly: true,
                           action: "vigil:ListEscalations", handler: get),
    ]

    static func labels(_ ctx: OperationContext) throws(APIError) -> (space: String, taskId: String) {
        guard let space = ctx.request.pathLabels["agentSpaceId"], !space.isEmpty,
              let taskId = ctx.request.pathLabels["taskId"], !taskId.isEmpty else {
            throw APIError.validation("The path must name an agent space and a backlog task")
        }
        return (space, taskId)
    }

    static func taskArn(_ ctx: OperationContext, _ space: String, _ taskId: String) -> String {
        "\(ctx.account.agentSpaceArn(space))/task/\(taskId)"
    }

    static func create(_ ctx: OperationContext) async throws -> APIResponse {
        let (space, taskId) = try labels(ctx)
        let request = try EscalationRequest.parse(try ctx.jsonBody())
        try await ctx.authorize(taskArn(ctx, space, taskId))
        let account = ctx.account
        let secrets = ctx.env.secrets
        let now = ctx.now
        // Everything the escalation needs, read in one transaction.
        let (task, records, destinations) = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            guard let stored = try tx.tasks.get(space: space, id: taskId) else {
                throw APIError.notFound("Backlog task \(taskId) does not exist in agent space \(space)")
            }
            let task = try TaskShape(document: stored.doc)
            var records: [JournalRecord] = []
            if let execution = task.executionId {
                records = try tx.journal.list(space: space, executionId: execution, recordType: nil, order: .ascending, after: nil, limit: 500)
                    .items.map { try JournalRecord(document: $0.doc) }
            }
            let destinations = try EscalationDestinations.load(tx, space: space, account: account, secrets: secrets)
            return (task, records, destinations)
        }
        let kind = request.kind == .ticket ? ActionKind.openTicket : .createSupportCase
        let window = destinations.policy.rateLimits[kind]?.window ?? 3600
        let target = try destinations.target(for: request)
        let content = EscalationContent.build(kind: request.kind, title: task.title, taskId: taskId, executionId: task.executionId,
                                              records: records)
        let severity = request.severity ?? severity(for: task.priority)
        let action = ProposedAction(agentSpaceId: space, requestedType: (request.kind == .ticket ? ActionKind.openTicket : .createSupportCase).rawValue,
                                    target: target, subject: content.subject, body: content.body, attachments: content.attachments,
                                    severity: severity)
        var record = EscalationRecord(escalationId: Identifier.make(), agentSpaceId: space, taskId: taskId, executionId: task.executionId,
                                      kind: request.kind, target: SecretRedactor.redact(target.description).text, severity: severity,
                                      subject: SecretRedactor.redact(content.subject).text, createdBy: ctx.principal.arn, createdAt: now)
        // Written before anything is sent, so an escalation interrupted by a stop stays visible as PENDING.
        // The earlier escalations the rate limit counts are read in the same write transaction as this
        // insert: two escalations sent at the same instant are serialised, and the second sees the first.
        let pending = record
        let prior = try await ctx.store.write { tx in
            let prior = try tx.escalations.allowedTimes(space: space, kind: request.kind.rawValue, since: now.addingTimeInterval(-window))
            try tx.escalations.insert(space: space, id: pending.escalationId, taskId: taskId, kind: pending.kind.rawValue,
                                      status: pending.status.rawValue, createdAt: now, doc: pending.document)
            return prior
        }
        let executor = ActionExecutor(
            policies: { $0 == space ? destinations.policy : nil },
            destinations: destinations.actionDestinations(space: space, account: account, aws: ctx.env.aws),
            audit: ctx.env.audit, http: ctx.env.aws?.transport.executor ?? UnavailableHTTP())
        let outcome = await executor.propose(action, principal: ctx.principal.arn, priorActions: prior)
        record.apply(outcome, at: Date())
        let finished = record
        try await ctx.store.write { tx in
            try tx.escalations.update(space: space, id: finished.escalationId, status: finished.status.rawValue, doc: finished.document)
        }
        return .json(status: 200, body: ["escalation": finished.json])
    }

    static func list(_ ctx: OperationContext) async throws -> APIResponse {
        let (space, taskId) = try labels(ctx)
        try await ctx.authorize(taskArn(ctx, space, taskId))
        var requested = 50
        if let raw = ctx.request.query.first(where: { $0.name == "maxResults" })?.value {
            guard let n = Int(raw), (1...100).contains(n) else {
                throw APIError.invalidField("maxResults", "Must be an integer from 1 to 100")
            }
            requested = n
        }
        let maxResults = requested
        let tokens = ctx.env.pageTokens
        let scope = "\(space)/\(taskId)"
        let cursor = try tokens.read(ctx.request.query.first(where: { $0.name == "nextToken" })?.value,
                                     operation: ctx.operation.name, scope: scope, query: "")
        let page = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            guard try tx.tasks.get(space: space, id: taskId) != nil else {
                throw APIError.notFound("Backlog task \(taskId) does not exist in agent space \(space)")
            }
            return try tx.escalations.list(space: space, taskId: taskId, after: cursor, limit: maxResults)
        }
        var body: [String: JSONValue] = ["escalations": .array(try page.items.map { try EscalationRecord(document: $0.doc).json })]
        if let next = tokens.make(page.nextCursor, operation: ctx.operation.name, scope: scope, query: "") {
            body["nextToken"] = .string(next)
        }
        return .json(status: 200, body: .object(body))
    }

    static func get(_ ctx: OperationContext) async throws -> APIResponse {
        let (space, taskId) = try labels(ctx)
        guard let escalationId = ctx.request.pathLabels["escalationId"], !escalationId.isEmpty else {
            throw APIError.validation("The path must name an escalation")
        }
        try await ctx.authorize(taskArn(ctx, space, taskId))
        let record = try await ctx.store.read { tx in
            _ = try AgentSpaceHandlers.require(tx, space)
            guard let stored = try tx.escalations.get(space: space, id: escalationId),
                  let record = try? EscalationRecord(document: stored.doc), record.taskId == taskId else {
                throw APIError.notFound("Escalation \(escalationId) does not exist for backlog task \(taskId)")
            }
            return record
        }
        return .json(status: 200, body: ["escalation": record.json])
    }

    static func severity(for priority: Priority?) -> String {
        switch priority {
        case .critical?: "urgent"
        case .high?: "high"
        case .low?, .minimal?: "low"
        default: "normal"
        }
    }
}

/// Used when the server has no outbound HTTP client (offline tools): every send fails plainly.
struct UnavailableHTTP: HTTPExecutor {
    func execute(_ request: AWSHTTPRequest, timeout: Duration, maxBodyBytes: Int) async throws -> AWSHTTPResponse {
        throw EscalationDestinations.NoAWSAccess()
    }
}
