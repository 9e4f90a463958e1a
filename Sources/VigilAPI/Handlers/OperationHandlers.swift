/// The handler of every operation of the model, by operation name.
enum OperationHandlers {
    static let all: [String: OperationHandler] = {
        var table: [String: OperationHandler] = [:]
        for group in [AgentSpaceHandlers.table, BacklogTaskHandlers.table, GoalHandlers.table,
                      RecommendationHandlers.table, JournalHandlers.table, ChatHandlers.table,
                      AssociationHandlers.table, ServiceHandlers.table, OperatorAppHandlers.table,
                      PrivateConnectionHandlers.table, TagHandlers.table, UsageHandlers.table] {
            table.merge(group) { first, _ in first }
        }
        return table
    }()
}
