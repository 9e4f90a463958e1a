import VigilTelemetry

/// The call graph between entities: `callees[a]` are what `a` calls (depends on), `callers[a]`
/// what calls `a`. Pure.
struct CallGraph {
    private(set) var callees: [String: Set<String>] = [:]
    private(set) var callers: [String: Set<String>] = [:]

    init(_ edges: [CallEdge]) {
        for e in edges where e.caller != e.callee {
            callees[e.caller, default: []].insert(e.callee)
            callers[e.callee, default: []].insert(e.caller)
        }
    }

    var isEmpty: Bool { callees.isEmpty }

    func contains(_ entity: String) -> Bool { callees[entity] != nil || callers[entity] != nil }

    /// Everything `entity` depends on, directly or not (not itself), sorted.
    func downstream(of entity: String) -> [String] { Self.reach(from: entity, along: callees) }

    /// Everything that depends on `entity`, directly or not (not itself), sorted.
    func upstream(of entity: String) -> [String] { Self.reach(from: entity, along: callers) }

    func directCallees(of entity: String) -> [String] { (callees[entity] ?? []).sorted() }

    /// What calls `entity` directly, sorted.
    func directCallers(of entity: String) -> [String] { (callers[entity] ?? []).sorted() }

    private static func reach(from entity: String, along next: [String: Set<String>]) -> [String] {
        var seen = Set<String>()
        var stack = [entity]
        while let e = stack.popLast() {
            for c in next[e] ?? [] where c != entity && seen.insert(c).inserted { stack.append(c) }
        }
        return seen.sorted()
    }
}
