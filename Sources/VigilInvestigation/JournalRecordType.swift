/// The kinds of journal record an investigation writes, in the order its steps produce them.
public enum JournalRecordType: String, Sendable, CaseIterable {
    /// What the run will do: the incident, the window, the steps.
    case planning = "PLANNING"
    /// Looking something up: resources in the topology, telemetry of the window.
    case searching = "SEARCHING"
    /// What the reasoner and the change correlation concluded.
    case analysis = "ANALYSIS"
    /// One ranked hypothesis with the evidence it rests on.
    case finding = "FINDING"
    /// Something the agent did: proposing a mitigation plan (never executing it).
    case action = "ACTION"
    /// The one-minute summary.
    case summary = "SUMMARY"
    /// What a person should do next.
    case suggestion = "SUGGESTION"
}
