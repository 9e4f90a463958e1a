import VigilAPIModel
import VigilStore

/// The factual chat answer used until language-model reasoning exists: counts and the most urgent
/// items of the space, read from the store. It never quotes operational data beyond task and
/// recommendation titles, and it states how it was produced.
enum SpaceStatusReport {
    static let openStatuses = ["PENDING_TRIAGE", "PENDING_START", "IN_PROGRESS", "PENDING_CUSTOMER_APPROVAL"]

    static func build(_ tx: StoreTransaction, space: String) throws -> String {
        var lines = ["This answer is a status report built from the agent space's records; Vigil does not yet reason over chat messages with a language model."]
        var filter = TaskTable.Filter()
        var open: [TaskShape] = []
        for status in openStatuses {
            filter.status = status
            let page = try tx.tasks.list(space: space, filter: filter, sortByPriority: true, order: .descending, after: nil, limit: 5)
            open += try page.items.map(TaskShape.init)
        }
        let openCount = try tx.tasks.count(space: space, statuses: openStatuses)
        if openCount == 0 {
            lines.append("There are no open tasks.")
        } else {
            lines.append("There \(openCount == 1 ? "is 1 open task" : "are \(openCount) open tasks").")
            let ranked = open.sorted { TaskTable.rank(ofPriorityNamed: $0.priority.rawValue) > TaskTable.rank(ofPriorityNamed: $1.priority.rawValue) }
            for task in ranked.prefix(3) {
                lines.append("- [\(task.priority.rawValue)] \(task.title) (\(task.status.rawValue), task \(task.taskId))")
            }
        }
        var recommendationFilter = RecommendationTable.Filter()
        recommendationFilter.status = "PROPOSED"
        let proposed = try tx.recommendations.list(space: space, filter: recommendationFilter, after: nil, limit: 3).items
        if proposed.isEmpty {
            lines.append("No recommendation is waiting for a decision.")
        } else {
            lines.append("Recommendations waiting for a decision:")
            for stored in proposed {
                let recommendation = try Recommendation(stored)
                lines.append("- \(recommendation.title) (recommendation \(recommendation.recommendationId))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
