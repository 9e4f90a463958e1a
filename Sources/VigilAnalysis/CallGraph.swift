import VigilTelemetry

/// The call graph between entities: `callees[a]` are what `a` calls (depends on). Pure.
struct CallGraph {
    private(set) var callees: [String: Set<String>] = [:]

    init(_ edges: [CallEdge]) {
        for e in edges where e.caller != e.callee { callees[e.caller, default: []].insert(e.callee) }
    }

    var isEmpty: Bool { callees.isEmpty }

    func contains(_ entity: String) -> Bool {
        callees[entity] != nil || callees.values.contains { $0.contains(entity) }
    }

    /// Everything `entity` depends on, directly or not (not itself), sorted.
    func downstream(of entity: String) -> [String] {
        var seen = Set<String>()
        var stack = [entity]
        while let e = stack.popLast() {
            for c in callees[e] ?? [] where c != entity && seen.insert(c).inserted { stack.append(c) }
        }
        return seen.sorted()
    }

    func directCallees(of entity: String) -> [String] { (callees[entity] ?? []).sorted() }

    /// Everything that depends on `entity`, directly or not (not itself), sorted.
    func upstream(of entity: String) -> [String] {
        var callers: [String: Set<String>] = [:]
        for (caller, set) in callees { for c in set { callers[c, default: []].insert(caller) } }
        var seen = Set<String>()
        var stack = [entity]
        while let e = stack.popLast() {
            for c in callers[e] ?? [] where c != entity && seen.insert(c).inserted { stack.append(c) }
        }
        return seen.sorted()
    }

    /// What calls `entity` directly, sorted.
    func directCallers(of entity: String) -> [String] {
        callees.compactMap { caller, set in set.contains(entity) ? caller : nil }.sorted()
    }
}
