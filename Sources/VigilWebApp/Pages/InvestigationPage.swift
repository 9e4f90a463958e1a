import Foundation
import Hummingbird
import VigilAPI
import VigilAPIModel
import VigilCore

/// `GET /app/spaces/{id}/tasks/{taskId}`: status and timeline, the journal (updated live by
/// `Static/live.js` from `journal.json`), findings with evidence, the neighbourhood graph,
/// ranked hypotheses and the mitigation plan with Approve / Reject, and support escalation.
extension WebApp {
    static let liveStatuses: Set<TaskStatus> = [.pendingTriage, .pendingStart, .inProgress]

    struct InvestigationData: Sendable {
        var task: TaskShape
        var execution: Execution?
        var records: [JournalRecord]
        var model: InvestigationModel
    }

    func investigationData(_ s: ActiveSession, space: String, taskId: String, ip: String?) async throws(APIError) -> InvestigationData {
        let task = try await task(s, space: space, taskId: taskId, ip: ip)
        let execution = try await latestExecution(s, space: space, taskId: taskId, ip: ip)
        var records: [JournalRecord] = []
        if let execution { records = try await journal(s, space: space, executionId: execution.executionId, ip: ip) }
        return InvestigationData(task: task, execution: execution, records: records, model: InvestigationModel(records: records))
    }

    func investigation(_ s: ActiveSession, space: SpaceView, taskId: String, ip: String?, notice: String? = nil) async throws -> Response {
        let data = try await investigationData(s, space: space.id, taskId: taskId, ip: ip)
        let recommendations = try await recommendations(s, space: space.id, taskId: taskId, ip: ip)
        let model = data.model
        let base = "/app/spaces/\(space.id)/tasks/\(taskId)"
        var evidenceIndex = 0
        var findings: [[String: Any]] = []
        for finding in model.findings {
            var evidence: [[String: Any]] = []
            for (i, e) in finding.evidence.prefix(12).enumerated() {
                var item: [String: Any] = ["kind": Untrusted.cut(e.kind, 40), "entity": Untrusted.cut(e.entity, 80), "summary": Untrusted.cut(e.summary, 400)]
                if let metric = e.metric, model.window != nil {
                    item["chart"] = "\(base)/evidence/\(finding.rank)-\(i)"
                    item["metric"] = Untrusted.cut(metric, 120)
                }
                if let template = e.template {
                    item["log"] = ["template": Untrusted.cut(template, 400), "baseline": e.baselineCount ?? 0, "incident": e.incidentCount ?? 0]
                }
                if !e.traceIds.isEmpty { item["traces"] = e.traceIds.prefix(5).map { Untrusted.cut($0, 64) } }
                if let change = e.changeReference { item["change"] = Untrusted.cut(change, 200) }
                evidence.append(item)
                evidenceIndex += 1
            }
            findings.append(["rank": finding.rank, "entity": Untrusted.cut(finding.entity, 80), "kind": Untrusted.cut(finding.kind, 60),
                             "confidence": InvestigationModel.percent(finding.confidence), "evidence": evidence,
                             "relatedChanges": finding.relatedChanges.map { Untrusted.cut($0, 200) }])
        }
        let escalationAvailable = APIInvoker.supports("CreateEscalation")
        let escalations = await escalationRows(s, space: space.id, taskId: taskId, ip: ip)
        let context: [String: Any] = [
            "space": ["id": space.id, "name": Untrusted.cut(space.name, 120)],
            "task": taskRow(data.task, space: space.id).merging([
                "description": Untrusted.cut(data.task.description ?? "", 2000),
                "statusReason": Untrusted.cut(data.task.statusReason ?? "", 500),
                "updated": Self.time(data.task.updatedAt),
            ]) { _, new in new },
            "notice": notice as Any,
            "live": Self.liveStatuses.contains(data.task.status),
            "feed": "\(base)/journal.json",
            "recordCount": data.records.count,
            "executionId": data.execution?.executionId as Any,
            "executionStatus": data.execution?.executionStatus.rawValue as Any,
            "records": data.records.map { r in
                ["type": r.recordType, "time": Self.time(r.createdAt), "text": Untrusted.cut(InvestigationModel.line(r), 400)]
            },
            "noRecords": data.records.isEmpty,
            "timeline": model.timeline.map { t in
                ["time": Self.time(Date(timeIntervalSince1970: t.time)), "entity": Untrusted.cut(t.entity, 80),
                 "kind": Untrusted.cut(t.kind, 40), "summary": Untrusted.cut(t.summary, 300)]
            },
            "hypotheses": model.hypotheses.enumerated().map { i, h in
                ["rank": i + 1, "entity": Untrusted.cut(h.entity, 80), "kind": Untrusted.cut(h.kind, 60),
                 "confidence": InvestigationModel.percent(h.confidence), "width": Int((max(0, min(1, h.confidence)) * 100).rounded()),
                 "evidenceCount": h.evidenceCount, "top": i == 0]
            },
            "hasHypotheses": !model.hypotheses.isEmpty,
            "verdict": Untrusted.cut(model.verdict ?? "", 300),
            "findings": findings,
            "changes": model.changes.map { c in
                ["entity": Untrusted.cut(c.entity, 80), "kind": Untrusted.cut(c.kind, 40), "description": Untrusted.cut(c.description, 300),
                 "reference": Untrusted.cut(c.reference ?? "", 200),
                 "lead": c.secondsBeforeOnset.map { "\(Int($0)) s before onset" } ?? ""]
            },
            "summary": Untrusted.cut(model.summary ?? "", 4000),
            "hasTopology": !model.resources.isEmpty,
            "topologyURL": "\(base)/topology.svg",
            "suspected": Untrusted.cut(model.suspected ?? "", 80),
            "plan": recommendations.map { r in
                ["id": r.recommendationId, "title": Untrusted.cut(r.title, 200), "status": r.status.rawValue,
                 "priority": r.priority.rawValue, "summary": Untrusted.cut(r.content.summary, 6000),
                 "spec": Untrusted.cut(r.content.spec ?? "", 6000), "action": "\(base)/recommendations/\(r.recommendationId)",
                 "canApprove": [RecommendationStatus.proposed, .rejected].contains(r.status),
                 "canReject": [RecommendationStatus.proposed, .accepted].contains(r.status)] as [String: Any]
            },
            "noPlan": recommendations.isEmpty,
            "escalationAvailable": escalationAvailable,
            "escalateAction": "\(base)/escalate",
            "escalations": escalations ?? [],
            "escalationStatusAvailable": escalations != nil,
            "auditURL": "\(base)/audit",
        ]
        return WebResponses.html(renderer.render("investigation", title: data.task.title, session: s, context))
    }

    /// The live feed: the task's status and the journal records after the first `after`.
    func journalFeed(_ request: Request, _ s: ActiveSession, space: SpaceView, taskId: String, ip: String?) async throws -> Response {
        let after = max(0, Int(request.uri.queryParameters.get("after") ?? "0") ?? 0)
        let data = try await investigationData(s, space: space.id, taskId: taskId, ip: ip)
        let fresh = data.records.dropFirst(after).prefix(500)
        let body: JSONValue = [
            "status": .string(data.task.status.rawValue),
            "statusReason": .string(Untrusted.cut(data.task.statusReason ?? "", 500)),
            "total": .int(Int64(data.records.count)),
            "live": .bool(Self.liveStatuses.contains(data.task.status)),
            "records": .array(fresh.map { r in
                ["type": .string(r.recordType), "time": .string(Self.time(r.createdAt)),
                 "text": .string(Untrusted.cut(InvestigationModel.line(r), 400))]
            }),
        ]
        return WebResponses.json(JSONWriter.write(body))
    }

    func topologySVG(_ s: ActiveSession, space: SpaceView, taskId: String, ip: String?) async throws -> Response {
        let model = try await investigationData(s, space: space.id, taskId: taskId, ip: ip).model
        return WebResponses.svg(NeighbourhoodSVG.render(resources: model.resources, edges: model.edges, suspected: model.suspected))
    }

    /// `evidence/{findingRank}-{evidenceIndex}`: the window chart of one piece of metric evidence.
    func evidenceChartSVG(_ s: ActiveSession, space: SpaceView, taskId: String, index: String, ip: String?) async throws -> Response {
        let parts = index.split(separator: "-").compactMap { Int($0) }
        let model = try await investigationData(s, space: space.id, taskId: taskId, ip: ip).model
        guard parts.count == 2, let window = model.window, let finding = model.findings.first(where: { $0.rank == parts[0] }),
              finding.evidence.indices.contains(parts[1]), let metric = finding.evidence[parts[1]].metric
        else { return WebResponses.text("No such metric evidence", status: .notFound) }
        let e = finding.evidence[parts[1]]
        return WebResponses.svg(WindowChartSVG.render(metric: metric, entity: e.entity, window: window,
                                                      anomalyStart: e.start, anomalyEnd: e.end, summary: e.summary,
                                                      points: finding.series[.init(entity: e.entity, metric: metric)] ?? []))
    }

    /// Approve / Reject: UpdateRecommendation through the invoker, as this session's principal.
    func decide(_ s: ActiveSession, space: SpaceView, taskId: String, recommendationId: String, form: FormBody, ip: String?) async throws -> Response {
        let target: String
        switch form["decision"] {
        case "approve": target = RecommendationStatus.accepted.rawValue
        case "reject": target = RecommendationStatus.rejected.rawValue
        default: throw APIError.invalidField("decision", "The decision must be approve or reject")
        }
        var body: [String: JSONValue] = ["status": .string(target)]
        if let note = form["additionalContext"], !note.isEmpty { body["additionalContext"] = .string(String(note.prefix(2000))) }
        let updated = try await invoker.call(UpdateRecommendationResponse.self, operation: "UpdateRecommendation",
                                             labels: ["agentSpaceId": space.id, "recommendationId": recommendationId],
                                             body: .object(body), principal: s.principal, sourceIp: ip)
        _ = updated
        return WebResponses.redirect(to: "/app/spaces/\(space.id)/tasks/\(taskId)#plan")
    }

    /// Support escalation: the `CreateEscalation` extension operation when this build has it.
    func escalate(_ s: ActiveSession, space: SpaceView, taskId: String, form: FormBody, ip: String?) async throws -> Response {
        guard APIInvoker.supports("CreateEscalation") else {
            return try await investigation(s, space: space, taskId: taskId, ip: ip,
                                           notice: "Support escalation is not available in this build (the CreateEscalation operation is missing).")
        }
        let kind = form["kind"] == "supportCase" ? "supportCase" : "ticket"
        var body: [String: JSONValue] = ["kind": .string(kind)]
        if let severity = form["severity"], !severity.isEmpty { body["severity"] = .string(String(severity.prefix(20))) }
        do {
            _ = try await invoker.call(operation: "CreateEscalation", labels: ["agentSpaceId": space.id, "taskId": taskId],
                                       body: .object(body), principal: s.principal, sourceIp: ip)
            return WebResponses.redirect(to: "/app/spaces/\(space.id)/tasks/\(taskId)#escalations")
        } catch {
            return try await investigation(s, space: space, taskId: taskId, ip: ip,
                                           notice: "Escalation refused: \(Untrusted.cut(error.message, 400))")
        }
    }

    /// The task's escalations with their status, when this build can list them (nil otherwise,
    /// or when the principal may not).
    func escalationRows(_ s: ActiveSession, space: String, taskId: String, ip: String?) async -> [[String: Any]]? {
        guard APIInvoker.supports("ListEscalations"),
              let output = try? await invoker.call(operation: "ListEscalations", labels: ["agentSpaceId": space, "taskId": taskId],
                                                   query: [("maxResults", "100")], principal: s.principal, sourceIp: ip)
        else { return nil }
        return (output["escalations"]?.arrayValue ?? []).map { e in
            ["id": Untrusted.cut(e["escalationId"]?.stringValue ?? "", 64), "kind": Untrusted.cut(e["kind"]?.stringValue ?? "", 20),
             "status": Untrusted.cut(e["status"]?.stringValue ?? "", 40), "target": Untrusted.cut(e["target"]?.stringValue ?? "", 120),
             "created": Untrusted.cut(e["createdAt"]?.stringValue ?? "", 40),
             "reference": Untrusted.cut(e["receipt"]?["reference"]?.stringValue ?? "", 200),
             "problem": Untrusted.cut(e["failure"]?["message"]?.stringValue ?? e["refusals"]?[0]?["message"]?.stringValue ?? "", 300)]
        }
    }
}
