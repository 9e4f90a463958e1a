import Foundation
import Hummingbird
import VigilAPI
import VigilAPIModel
import VigilCore

/// `GET /app/spaces/{id}/backlog`: tasks filtered and sorted as ListBacklogTasks allows (query
/// parameters `status`, `priority`, `taskType`, `primaryTaskId`, `sortField`, `order`,
/// `nextToken`), linked tasks, and `form#create-task` (POST: CreateBacklogTask).
extension WebApp {
    struct BacklogQuery: Sendable {
        var status = "", priority = "", taskType = "", primaryTaskId = "", sortField = "CREATED_AT", order = "DESC", nextToken = ""

        init(_ request: Request) {
            let q = request.uri.queryParameters
            status = q.get("status") ?? ""
            priority = q.get("priority") ?? ""
            taskType = q.get("taskType") ?? ""
            primaryTaskId = q.get("primaryTaskId") ?? ""
            sortField = q.get("sortField") ?? "CREATED_AT"
            order = q.get("order") ?? "DESC"
            nextToken = q.get("nextToken") ?? ""
        }

        /// The ListBacklogTasks request; the operation validates it (one value per filter, the
        /// documented combinations), and its errors are shown on the page.
        var body: [String: JSONValue] {
            var filter: [String: JSONValue] = [:]
            if !status.isEmpty { filter["status"] = [.string(status)] }
            if !priority.isEmpty { filter["priority"] = [.string(priority)] }
            if !taskType.isEmpty { filter["taskType"] = [.string(taskType)] }
            if !primaryTaskId.isEmpty { filter["primaryTaskId"] = .string(primaryTaskId) }
            var body: [String: JSONValue] = ["limit": .int(100), "sortField": .string(sortField), "order": .string(order)]
            if !filter.isEmpty { body["filter"] = .object(filter) }
            if !nextToken.isEmpty { body["nextToken"] = .string(nextToken) }
            return body
        }

        func nextPageLink(_ space: String, token: String) -> String {
            var items = URLComponents()
            items.queryItems = [("status", status), ("priority", priority), ("taskType", taskType), ("primaryTaskId", primaryTaskId),
                                ("sortField", sortField), ("order", order), ("nextToken", token)]
                .filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) }
            // `+` in a token must survive form decoding of the query.
            let query = items.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B") ?? ""
            return "/app/spaces/\(space)/backlog?\(query)"
        }
    }

    func backlog(_ request: Request, _ s: ActiveSession, space: SpaceView, ip: String?,
                 message: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let query = BacklogQuery(request)
        var rows: [[String: Any]] = []
        var problem = message
        var next: String?
        let listed: Result<ListBacklogTasksResponse, APIError>
        do {
            listed = .success(try await invoker.call(ListBacklogTasksResponse.self, operation: "ListBacklogTasks",
                                                     labels: ["agentSpaceId": space.id], body: .object(query.body),
                                                     principal: s.principal, sourceIp: ip))
        } catch {
            listed = .failure(error)
        }
        switch listed {
        case .success(let page):
            rows = page.tasks.map { t in
                var row = taskRow(t, space: space.id)
                row["linked"] = t.hasLinkedTasks == true
                return row
            }
            next = page.nextToken.map { query.nextPageLink(space.id, token: $0) }
        case .failure(let error) where error.code == "ValidationException":
            problem = "This filter is not allowed: \(Untrusted.cut(error.message, 400))"
        case .failure(let error):
            throw error
        }
        func options(_ values: [String], selected: String) -> [[String: Any]] {
            values.map { ["value": $0, "selected": $0 == selected] }
        }
        let context: [String: Any] = [
            "space": ["id": space.id, "name": Untrusted.cut(space.name, 120)],
            "tasks": rows, "noTasks": rows.isEmpty, "message": problem as Any, "next": next as Any,
            "statuses": options(TaskStatus.allCases.map(\.rawValue), selected: query.status),
            "priorities": options(Priority.allCases.map(\.rawValue), selected: query.priority),
            "types": options(TaskType.allCases.map(\.rawValue), selected: query.taskType),
            "sortFields": options(TaskSortField.allCases.map(\.rawValue), selected: query.sortField),
            "orders": options(TaskSortOrder.allCases.map(\.rawValue), selected: query.order),
            "createPriorities": options(Priority.allCases.map(\.rawValue), selected: "MEDIUM"),
            "primaryTaskId": Untrusted.cut(query.primaryTaskId, 64),
            "filteringLinked": !query.primaryTaskId.isEmpty,
        ]
        return WebResponses.html(renderer.render("backlog", title: "Backlog · \(space.name)", session: s, context), status: status)
    }

    /// `form#create-task`: an on-demand investigation task through CreateBacklogTask.
    func createTask(_ s: ActiveSession, space: SpaceView, form: FormBody, ip: String?) async throws -> Response {
        var body: [String: JSONValue] = [
            "title": .string(form["title"] ?? ""), "priority": .string(form["priority"] ?? "MEDIUM"), "taskType": "INVESTIGATION",
        ]
        if let description = form["description"], !description.isEmpty { body["description"] = .string(description) }
        let created: Result<CreateBacklogTaskResponse, APIError>
        do {
            created = .success(try await invoker.call(CreateBacklogTaskResponse.self, operation: "CreateBacklogTask",
                                                      labels: ["agentSpaceId": space.id], body: .object(body),
                                                      principal: s.principal, sourceIp: ip))
        } catch {
            created = .failure(error)
        }
        switch created {
        case .success(let output):
            return WebResponses.redirect(to: "/app/spaces/\(space.id)/tasks/\(output.task.taskId)")
        case .failure(let error) where error.code == "ValidationException":
            let fields = (error.fieldList ?? []).map { "\($0.path): \($0.message)" }.joined(separator: "; ")
            return try await backlog(Request.emptyGet("/app/spaces/\(space.id)/backlog"), s, space: space, ip: ip,
                                     message: "The task was not created: \(Untrusted.cut(fields.isEmpty ? error.message : fields, 600))",
                                     status: .badRequest)
        case .failure(let error):
            throw error
        }
    }
}

extension Request {
    /// A bodiless GET for re-rendering a page after a refused form.
    static func emptyGet(_ path: String) -> Request {
        Request(head: HTTPRequest(method: .get, scheme: nil, authority: nil, path: path), body: RequestBody(buffer: ByteBuffer()))
    }
}

import NIOCore
