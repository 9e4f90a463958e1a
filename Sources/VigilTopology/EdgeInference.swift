import Foundation

/// Turns one inventory snapshot into a graph. Pure: the same snapshot gives the same graph.
///
/// Rules (docs/topology.md):
/// 1. Stack membership: the stack resource (type `AWS::CloudFormation::Stack`, found by the
///    member's `stack` name among its identifiers) `contains` each member.
/// 2. Declared relations: resolved through the identifier index; `reversed` ones point from the
///    target to the declaring resource.
/// 3. References (environment variables, integration URIs, …): the named resource's type decides
///    the kind (`ReferenceEdgeKind`).
/// 4. Security-group reachability: A is in group a, group b admits a, B is in b, A ≠ B and a ≠ b
///    ⇒ A `depends-on` B.
/// 5. Observed edges (X-Ray): both ends resolved like references.
/// Whatever cannot be resolved is listed in `unresolved`, never guessed.
public enum EdgeInference {
    public struct Result: Sendable {
        public var graph: TopologyGraph
        /// Targets that named no resource, or more than one, each with where it came from.
        public var unresolved: [String]
    }

    public static let stackType = "AWS::CloudFormation::Stack"
    public static let securityGroupType = "AWS::EC2::SecurityGroup"
    static let memberGroupsKey = "securityGroups"
    static let admittedGroupsKey = "ingressFromGroups"

    public static func infer(_ snapshot: InventorySnapshot) -> Result {
        let resources = mergeDuplicates(snapshot.resources)
        let index = IdentifierIndex(resources)
        let typeByArn = Dictionary(resources.map { ($0.arn, $0.type) }, uniquingKeysWith: { first, _ in first })
        var edges: [TopologyEdge] = []
        var unresolved: [String] = []

        func resolve(_ value: String, from arn: String?, context: String) -> String? {
            switch index.resolve(value, excluding: arn) {
            case .resource(let target, _):
                return target
            case .ambiguous(let identifier, let arns):
                unresolved.append("\(context): '\(identifier)' names several resources (\(arns.joined(separator: ", ")))")
                return nil
            case .none:
                unresolved.append("\(context): '\(value)' names no discovered resource")
                return nil
            }
        }

        edges += stackEdges(resources)
        for resource in resources {
            for relation in resource.relations {
                let context = "\(resource.arn) \(relation.kind.rawValue) (\(relation.evidence))"
                guard let target = resolve(relation.target, from: resource.arn, context: context) else { continue }
                let (from, to) = relation.reversed ? (target, resource.arn) : (resource.arn, target)
                edges.append(TopologyEdge(from: from, to: to, kind: relation.kind, evidence: [relation.evidence]))
            }
            for (key, value) in resource.references.sorted(by: { $0.key < $1.key })
            where key != memberGroupsKey && key != admittedGroupsKey {
                switch index.resolve(value, excluding: resource.arn) {
                case .resource(let target, let identifier):
                    guard let type = typeByArn[target] else { continue }
                    edges.append(TopologyEdge(from: resource.arn, to: target, kind: ReferenceEdgeKind.kind(forTargetType: type),
                                              evidence: [ReferenceEdgeKind.evidence(forKey: key, matched: identifier)]))
                case .ambiguous(let identifier, let arns):
                    unresolved.append("\(resource.arn) \(key): '\(identifier)' names several resources (\(arns.joined(separator: ", ")))")
                case .none:
                    // Most configuration values name nothing (ports, flags); not worth a note.
                    break
                }
            }
        }
        edges += securityGroupEdges(resources)
        for observed in snapshot.observedEdges {
            let context = "observed \(observed.from) -> \(observed.to) (\(observed.evidence))"
            guard let from = resolve(observed.from, from: nil, context: context),
                  let to = resolve(observed.to, from: from, context: context) else { continue }
            edges.append(TopologyEdge(from: from, to: to, kind: observed.kind, evidence: [observed.evidence]))
        }
        let nodes = resources.map(TopologyNode.init)
        return Result(graph: TopologyGraph(nodes: nodes, edges: edges), unresolved: Array(Set(unresolved)).sorted())
    }

    /// One resource per ARN: a reader may report a resource twice (from its stack and from its
    /// service); identifiers, references, relations and tags are united, the first stack kept.
    static func mergeDuplicates(_ resources: [DiscoveredResource]) -> [DiscoveredResource] {
        var order: [String] = []
        var byArn: [String: DiscoveredResource] = [:]
        for resource in resources {
            guard var existing = byArn[resource.arn] else {
                order.append(resource.arn)
                byArn[resource.arn] = resource
                continue
            }
            existing.identifiers = Array(Set(existing.identifiers + resource.identifiers)).sorted()
            existing.references.merge(resource.references) { first, _ in first }
            existing.relations += resource.relations.filter { !existing.relations.contains($0) }
            existing.tags.merge(resource.tags) { first, _ in first }
            existing.stack = existing.stack ?? resource.stack
            if existing.name.isEmpty { existing.name = resource.name }
            byArn[resource.arn] = existing
        }
        return order.compactMap { byArn[$0] }.sorted { $0.arn < $1.arn }
    }

    static func stackEdges(_ resources: [DiscoveredResource]) -> [TopologyEdge] {
        var stacks: [String: String] = [:]
        for resource in resources where resource.type == stackType {
            for name in [resource.name] + resource.identifiers { stacks[name] = resource.arn }
        }
        return resources.compactMap { member in
            guard let name = member.stack, let stack = stacks[name], stack != member.arn else { return nil }
            return TopologyEdge(from: stack, to: member.arn, kind: .contains, evidence: ["member of stack \(name)"])
        }
    }

    static func securityGroupEdges(_ resources: [DiscoveredResource]) -> [TopologyEdge] {
        var members: [String: [String]] = [:]
        for resource in resources where resource.type != securityGroupType {
            for group in list(resource.references[memberGroupsKey]) { members[group, default: []].append(resource.arn) }
        }
        var edges: [TopologyEdge] = []
        for group in resources where group.type == securityGroupType {
            let ids = groupIds(group)
            for admitted in list(group.references[admittedGroupsKey]) where !ids.contains(admitted) {
                for id in ids.sorted() {
                    for server in members[id] ?? [] {
                        for client in members[admitted] ?? [] where client != server {
                            edges.append(TopologyEdge(from: client, to: server, kind: .dependsOn,
                                                      evidence: ["security group \(id) admits \(admitted)"]))
                        }
                    }
                }
            }
        }
        return edges
    }

    /// A security group's ids: the `sg-` identifiers and the id at the end of its ARN.
    static func groupIds(_ group: DiscoveredResource) -> Set<String> {
        var ids = Set(group.identifiers.filter { $0.hasPrefix("sg-") })
        if let range = group.arn.range(of: "security-group/") { ids.insert(String(group.arn[range.upperBound...])) }
        return ids
    }

    static func list(_ value: String?) -> [String] {
        (value ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
