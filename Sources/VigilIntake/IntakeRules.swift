/// Deduplication, grouping and linking rules of one agent space. Set as tags on the agent space
/// (`aws devops-agent tag-resource`), so they are reachable with the real CLI and SDKs:
///
/// | tag key | value | default |
/// |---|---|---|
/// | `vigil:intake:fingerprint-labels` | label names, space-separated | all labels (or the sender's own alert id) |
/// | `vigil:intake:group-by` | label names, space-separated; `...` = every label | the sender's grouping (Alertmanager groupKey), else none |
/// | `vigil:intake:group-wait` | seconds | 0 |
/// | `vigil:intake:group-interval` | seconds | 300 |
/// | `vigil:intake:link-window` | seconds; 0 disables linking | 900 |
public struct IntakeRules: Sendable, Equatable {
    public var fingerprintLabels: [String]?
    public var groupBy: [String]?
    public var groupWaitSeconds: Double = 0
    public var groupIntervalSeconds: Double = 300
    public var linkWindowSeconds: Double = 900

    public init() {}

    public static let tagPrefix = "vigil:intake:"

    /// Reads the rules from an agent space's tags. A malformed value is an error naming the tag,
    /// so a typo is not silently ignored.
    public init(tags: [String: String]) throws(RulesError) {
        func labels(_ key: String) -> [String]? {
            guard let v = tags[Self.tagPrefix + key] else { return nil }
            let names = v.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            return names.isEmpty ? nil : names.sorted()
        }
        func seconds(_ key: String, max: Double) throws(RulesError) -> Double? {
            guard let v = tags[Self.tagPrefix + key] else { return nil }
            guard let d = Double(v.hasSuffix("s") ? String(v.dropLast()) : v), d >= 0, d <= max else {
                throw RulesError(tag: Self.tagPrefix + key, message: "must be a number of seconds between 0 and \(Int(max))")
            }
            return d
        }
        fingerprintLabels = labels("fingerprint-labels")
        groupBy = labels("group-by")
        if let v = try seconds("group-wait", max: 3600) { groupWaitSeconds = v }
        if let v = try seconds("group-interval", max: 86400) { groupIntervalSeconds = v }
        if let v = try seconds("link-window", max: 86400) { linkWindowSeconds = v }
    }

    /// A sentence for the task's metadata: which rules made this task what it is.
    public var explanation: String {
        let fp = fingerprintLabels.map { "labels \($0.joined(separator: ", "))" } ?? "the sender's alert id, else all labels"
        let group = groupBy.map { $0 == ["..."] ? "every label" : "labels \($0.joined(separator: ", "))" } ?? "the sender's own grouping"
        return "Alerts are the same alert when source, resource, alert name and \(fp) match; repeats are counted on the task. "
            + "Alerts are grouped by \(group) (group_wait \(Int(groupWaitSeconds)) s, group_interval \(Int(groupIntervalSeconds)) s). "
            + (linkWindowSeconds > 0
               ? "A new task is linked to an open task on the same or a neighbouring resource created in the previous \(Int(linkWindowSeconds)) s."
               : "Linking is off.")
    }
}

public struct RulesError: Error, Sendable, Equatable, CustomStringConvertible {
    public var tag: String
    public var message: String
    public var description: String { "tag \(tag) \(message)" }
}
