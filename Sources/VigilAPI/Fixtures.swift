import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// Loads goals, executions with journal records, and recommendations into an agent space from a
/// JSON file (`vigil seed`). These records are otherwise produced by investigations; the loader
/// writes them through the same tables and shapes, for development, demos and compatibility tests.
public enum FixtureLoader {
    public static func load(_ bytes: [UInt8], store: Store, account: AccountContext, now: Date = Date()) throws -> JSONValue {
        let root: JSONValue
        do { root = try JSONParser.parse(bytes) } catch { throw ConfigurationError("fixture file: \(error)") }
        guard let space = root["agentSpaceId"]?.stringValue else {
            throw ConfigurationError("fixture file: agentSpaceId (string) is required")
        }
        let arn = account.agentSpaceArn(space)
        return try store.writeNow { tx in
            guard try tx.agentSpaces.get(space) != nil else { throw ConfigurationError("agent space \(space) does not exist") }
            var goalIds: [JSONValue] = []
            for (i, item) in array(root, "goals").enumerated() {
                let goal = Goal(
                    agentSpaceArn: arn, goalId: Identifier.make(), title: try string(item, "title", "goals[\(i)]"),
                    content: GoalContent(description: try string(item, "description", "goals[\(i)]"),
                                         objectives: try string(item, "objectives", "goals[\(i)]")),
                    status: try enumValue(GoalStatus.self, item, "status", "goals[\(i)]", default: .active),
                    goalType: try enumValue(GoalType.self, item, "goalType", "goals[\(i)]", default: .customerDefined),
                    createdAt: now, updatedAt: now, version: 1,
                    evaluationSchedule: try item["evaluationSchedule"].map { try GoalSchedule(json: $0) })
                try GoalHandlers.insert(tx, space: space, goal)
                goalIds.append(.string(goal.goalId))
            }
            var executionIds: [JSONValue] = []
            var recordIds: [JSONValue] = []
            for (i, item) in array(root, "executions").enumerated() {
                let taskId = try string(item, "taskId", "executions[\(i)]")
                guard try tx.tasks.get(space: space, id: taskId) != nil else {
                    throw ConfigurationError("executions[\(i)]: task \(taskId) does not exist in agent space \(space)")
                }
                let execution = Execution(
                    agentSpaceId: space, executionId: Identifier.make(),
                    agentSubTask: (item["agentSubTask"]?.stringValue) ?? "investigation",
                    createdAt: now, updatedAt: now,
                    executionStatus: try enumValue(ExecutionStatus.self, item, "executionStatus", "executions[\(i)]", default: .running))
                try tx.executions.insert(space: space, id: execution.executionId, taskId: taskId, kind: "task", owner: nil, doc: execution.document)
                executionIds.append(.string(execution.executionId))
                var ids: [JSONValue] = []
                for (j, recordItem) in array(item, "records").enumerated() {
                    let record = JournalRecord(
                        agentSpaceId: space, executionId: execution.executionId, recordId: Identifier.make(),
                        content: recordItem["content"] ?? .object([:]), createdAt: now,
                        recordType: try string(recordItem, "recordType", "executions[\(i)].records[\(j)]"))
                    try tx.journal.append(space: space, executionId: execution.executionId, id: record.recordId,
                                          recordType: record.recordType, doc: record.document)
                    ids.append(.string(record.recordId))
                }
                recordIds.append(.array(ids))
            }
            var recommendationIds: [JSONValue] = []
            for (i, item) in array(root, "recommendations").enumerated() {
                let path = "recommendations[\(i)]"
                let taskId = try string(item, "taskId", path)
                guard try tx.tasks.get(space: space, id: taskId) != nil else {
                    throw ConfigurationError("\(path): task \(taskId) does not exist in agent space \(space)")
                }
                let recommendation = Recommendation(
                    agentSpaceArn: arn, recommendationId: Identifier.make(), taskId: taskId,
                    goalId: item["goalId"]?.stringValue, title: try string(item, "title", path),
                    content: RecommendationContent(summary: try string(item, "summary", path), spec: item["spec"]?.stringValue),
                    status: .proposed,
                    priority: try enumValue(RecommendationPriority.self, item, "priority", path, default: .medium),
                    createdAt: now, updatedAt: now, version: 1)
                try RecommendationHandlers.insert(tx, space: space, recommendation)
                recommendationIds.append(.string(recommendation.recommendationId))
            }
            return .object(["goalIds": .array(goalIds), "executionIds": .array(executionIds),
                            "recordIds": .array(recordIds), "recommendationIds": .array(recommendationIds)])
        }
    }

    private static func array(_ value: JSONValue, _ name: String) -> [JSONValue] {
        if case .array(let items)? = value[name] { return items }
        return []
    }

    private static func string(_ value: JSONValue, _ name: String, _ path: String) throws -> String {
        guard let text = value[name]?.stringValue else { throw ConfigurationError("\(path).\(name): a string is required") }
        return text
    }

    private static func enumValue<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ value: JSONValue, _ name: String, _ path: String, default fallback: E) throws -> E where E.RawValue == String {
        guard let raw = value[name]?.stringValue else { return fallback }
        guard let parsed = E(rawValue: raw) else {
            throw ConfigurationError("\(path).\(name): '\(raw)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return parsed
    }
}
