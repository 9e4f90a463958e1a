import Foundation
import Hummingbird
import VigilAPI
import VigilAPIModel
import VigilCore
import VigilStore

/// `GET /app/spaces/{id}`: open incidents and investigations by priority and status, recent
/// alerts, quota use and topology health.
extension WebApp {
    static let openStatuses: Set<TaskStatus> = [.pendingTriage, .pendingStart, .inProgress, .pendingCustomerApproval]
    /// The documented per-space quota (docs/investigations.md).
    static let concurrentInvestigations = 3

    func overview(_ s: ActiveSession, space: SpaceView, ip: String?) async throws -> Response {
        let listed = try await tasks(s, space: space.id, body: ["limit": .int(200)], ip: ip, maxPages: 5)
        let open = listed.tasks.filter { Self.openStatuses.contains($0.status) }.sorted {
            let a = TaskTable.rank(ofPriorityNamed: $0.priority.rawValue), b = TaskTable.rank(ofPriorityNamed: $1.priority.rawValue)
            return a != b ? a > b : ($0.status.rawValue, $1.createdAt) < ($1.status.rawValue, $0.createdAt)
        }
        let inProgress = listed.tasks.filter { $0.status == .inProgress }.count
        let spaceId = space.id
        let recent = Array(listed.tasks.prefix(20).map(\.taskId))
        let titles = Dictionary(listed.tasks.map { ($0.taskId, $0.title) }, uniquingKeysWith: { a, _ in a })
        let (alerts, health) = try await env.store.read { tx in
            var alerts: [IntakeAlertTable.Alert] = []
            for taskId in recent { alerts += try tx.intakeAlerts.alerts(space: spaceId, taskId: taskId) }
            let nodes = try tx.topology.nodes(space: spaceId)
            let edges = try tx.topology.edges(space: spaceId)
            return (alerts.sorted { $0.lastSeen > $1.lastSeen }.prefix(10),
                    (nodes: nodes.count, staleNodes: nodes.filter { $0.staleSince != nil }.count,
                     edges: edges.count, staleEdges: edges.filter { $0.staleSince != nil }.count,
                     lastSeen: nodes.map(\.lastSeen).max()))
        }
        // Alerts that came through intake, then tasks raised by an alarm directly (their metadata
        // names it, as the demo's and the pollers' do), newest first.
        var alertRows: [[String: Any]] = alerts.map { a in
            ["name": Untrusted.cut(a.alertName, 120), "status": Untrusted.cut(a.status, 20), "count": a.count,
             "resource": Untrusted.cut(a.resource ?? "", 120), "lastSeen": Self.time(Date(timeIntervalSince1970: a.lastSeen)),
             "taskId": a.taskId, "taskTitle": Untrusted.cut(titles[a.taskId] ?? a.taskId, 120), "spaceId": space.id]
        }
        let covered = Set(alerts.map(\.taskId))
        for t in listed.tasks.prefix(20) where !covered.contains(t.taskId) && alertRows.count < 10 {
            guard let name = t.metadata?["alarmName"]?.stringValue ?? t.metadata?["alertname"]?.stringValue else { continue }
            alertRows.append(["name": Untrusted.cut(name, 120), "status": Untrusted.cut(t.metadata?["source"]?.stringValue ?? "alarm", 40),
                              "count": 1, "resource": Untrusted.cut(t.metadata?["resource"]?.stringValue ?? "", 120),
                              "lastSeen": Self.time(t.createdAt), "taskId": t.taskId, "taskTitle": Untrusted.cut(t.title, 120),
                              "spaceId": space.id])
        }
        var usage: [String: Any] = ["permitted": false]
        if let output = try? await invoker.call(GetAccountUsageOutput.self, operation: "GetAccountUsage", principal: s.principal, sourceIp: ip) {
            usage = ["permitted": true,
                     "investigationHours": Self.hours(output.monthlyAccountInvestigationHours),
                     "evaluationHours": Self.hours(output.monthlyAccountEvaluationHours)]
        }
        let context: [String: Any] = [
            "space": ["id": space.id, "name": Untrusted.cut(space.name, 120)],
            "open": open.map { taskRow($0, space: space.id) },
            "noOpen": open.isEmpty,
            "alerts": alertRows,
            "noAlerts": alertRows.isEmpty,
            "quota": ["inProgress": inProgress, "limit": Self.concurrentInvestigations,
                      "waiting": listed.tasks.filter { $0.status == .pendingStart }.count, "usage": usage] as [String: Any],
            "topology": ["nodes": health.nodes, "staleNodes": health.staleNodes, "edges": health.edges, "staleEdges": health.staleEdges,
                         "lastSeen": health.lastSeen.map(Self.time) ?? "never", "empty": health.nodes == 0] as [String: Any],
            "truncated": listed.nextToken != nil,
        ]
        return WebResponses.html(renderer.render("overview", title: space.name, session: s, context))
    }

    func taskRow(_ t: TaskShape, space: String) -> [String: Any] {
        var row: [String: Any] = [
            "taskId": t.taskId, "spaceId": space, "title": Untrusted.cut(t.title, 160), "status": t.status.rawValue,
            "priority": t.priority.rawValue, "priorityClass": t.priority.rawValue.lowercased(), "taskType": t.taskType.rawValue,
            "created": Self.time(t.createdAt)]
        if let primary = t.primaryTaskId { row["primaryTaskId"] = primary }
        if let reference = t.reference { row["reference"] = Untrusted.cut(reference.title ?? reference.system, 80) }
        return row
    }

    static func hours(_ metric: UsageMetric?) -> String {
        guard let metric else { return "not measured" }
        return String(format: "%.2f of %d h", metric.usage, metric.limit)
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
