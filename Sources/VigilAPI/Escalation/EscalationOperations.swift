/// Escalations from an investigation: a ticket or an AWS Support case, through the action guard.
/// See docs/guard.md.
enum EscalationOperations {
    static let all: [ExtensionOperation] = []
}
