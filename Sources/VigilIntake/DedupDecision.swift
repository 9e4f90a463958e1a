/// What one incoming alert does, given what is known about its fingerprint and group. Pure.
public enum DedupDecision: Sendable, Equatable {
    /// The alert is open on a task: count it there.
    case repeatOf(taskId: String)
    /// A resolve for an open alert: close it on its task.
    case resolve(taskId: String)
    /// A resolve for an alert that is unknown or already resolved: nothing to do.
    case ignoreResolve
    /// A new occurrence that joins an open group's task.
    case joinGroup(taskId: String)
    /// A new occurrence that needs a new task (and perhaps a link).
    case newTask

    /// - Parameters:
    ///   - existing: the stored state of this fingerprint, if any.
    ///   - existingTaskOpen: whether the task of `existing` has not reached a final status.
    ///   - group: the stored group of this alert's group key, if any, with whether its task is
    ///     open and whether it still has a firing alert.
    public static func decide(status: IntakeAlert.Status, now: Double,
                              existing: (status: String, taskId: String)?, existingTaskOpen: Bool,
                              group: (taskId: String, lastAlertAt: Double, taskOpen: Bool, hasFiring: Bool)?,
                              rules: IntakeRules) -> DedupDecision {
        switch status {
        case .resolved:
            if let existing, existing.status == IntakeAlert.Status.firing.rawValue { return .resolve(taskId: existing.taskId) }
            return .ignoreResolve
        case .firing:
            if let existing, existing.status == IntakeAlert.Status.firing.rawValue, existingTaskOpen {
                return .repeatOf(taskId: existing.taskId)
            }
            if let group, group.taskOpen, group.hasFiring || now - group.lastAlertAt <= rules.groupIntervalSeconds {
                return .joinGroup(taskId: group.taskId)
            }
            return .newTask
        }
    }
}
