import Foundation
import VigilTelemetry
import VigilTopology

/// Resolves incidents against an inventory: a resource matches when its name or one of its
/// identifiers appears as a whole word in the incident's texts (or is given explicitly); its
/// neighbours are the resources related to it, up to `depth` hops in either direction.
public struct InventoryTopologyResolver: TopologyResolver {
    public let source: any InventorySource
    public let depth: Int

    public init(source: any InventorySource, depth: Int = 2) {
        self.source = source
        self.depth = depth
    }

    public func resolve(_ hints: IncidentHints) async throws -> ResolvedScope {
        let snapshot = try await source.readInventory()
        return Self.resolve(hints, in: snapshot.resources, depth: depth)
    }

    /// Pure: matching and graph walk over a list of resources.
    public static func resolve(_ hints: IncidentHints, in resources: [DiscoveredResource], depth: Int) -> ResolvedScope {
        var byKey: [String: Int] = [:]
        for (i, r) in resources.enumerated() {
            for key in [r.name, r.arn] + r.identifiers where !key.isEmpty { byKey[key.lowercased()] = byKey[key.lowercased()] ?? i }
        }
        let words = Set(hints.texts.flatMap(Self.words))
        var matched: [Int] = []
        for name in hints.explicitResources { if let i = byKey[name.lowercased()], !matched.contains(i) { matched.append(i) } }
        for (i, r) in resources.enumerated() where !matched.contains(i) {
            let keys = [r.name] + r.identifiers
            if keys.contains(where: { words.contains($0.lowercased()) }) { matched.append(i) }
        }
        // Undirected adjacency from declared relations, resolved by identifier.
        var adjacency: [Int: Set<Int>] = [:]
        var directed: [(Int, Int)] = []
        for (i, r) in resources.enumerated() {
            for relation in r.relations {
                guard let j = byKey[relation.target.lowercased()], j != i else { continue }
                let (from, to) = relation.reversed ? (j, i) : (i, j)
                directed.append((from, to))
                adjacency[from, default: []].insert(to)
                adjacency[to, default: []].insert(from)
            }
        }
        var seen = Set(matched)
        var reasons: [Int: String] = [:]
        var frontier = matched
        for _ in 0..<max(0, depth) {
            var next: [Int] = []
            for i in frontier {
                for j in (adjacency[i] ?? []).sorted() where !seen.contains(j) {
                    seen.insert(j)
                    reasons[j] = "neighbour of \(resources[i].name)"
                    next.append(j)
                }
            }
            frontier = next
        }
        func scoped(_ i: Int, _ reason: String) -> ScopedResource {
            ScopedResource(entity: resources[i].name, arn: resources[i].arn, type: resources[i].type, reason: reason)
        }
        let matchedScoped = matched.map { scoped($0, "named in the incident") }
        let neighbourIndexes = seen.subtracting(matched).sorted()
        let inScope = matched.isEmpty ? Set(resources.indices) : seen
        var edges: [CallEdge] = []
        for (from, to) in directed where inScope.contains(from) && inScope.contains(to) {
            let edge = CallEdge(caller: resources[from].name, callee: resources[to].name)
            if !edges.contains(edge) { edges.append(edge) }
        }
        return ResolvedScope(matched: matchedScoped, neighbours: neighbourIndexes.map { scoped($0, reasons[$0] ?? "neighbour") },
                             edges: edges)
    }

    /// Lower-cased words of a text: runs of letters, digits, '-', '_', '.', ':' and '/', with
    /// trailing punctuation trimmed, so "checkout-api," matches "checkout-api".
    static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber || "-_.:/".contains(ch) { current.append(ch) } else if !current.isEmpty {
                result.append(current); current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "-_.:/")) }.filter { !$0.isEmpty }
    }
}
