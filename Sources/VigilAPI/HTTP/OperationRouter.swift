import VigilAPIModel

/// Matches a method and raw path against the request URIs of the model's operations.
///
/// Routing looks only at method and path: the CLI's `cp.`/`dp.` host prefixes, or none, reach
/// the same operation. A literal segment beats a label, so `POST /v1/agentspaces/list` is
/// ListAgentSpaces and never an agent space called "list".
struct OperationRouter: Sendable {
    struct Match: Sendable {
        var operation: OperationDescriptor
        /// Label values, percent-decoded.
        var labels: [String: String]
    }

    private enum Segment: Sendable {
        case literal(String)
        case label(String)
    }

    private struct Route: Sendable {
        var operation: OperationDescriptor
        var segments: [Segment]
        var literalCount: Int
    }

    private let routesByMethod: [String: [Route]]

    init(operations: [OperationDescriptor]) {
        var table: [String: [Route]] = [:]
        for operation in operations {
            let path = operation.requestURI.split(separator: "?", maxSplits: 1).first.map(String.init) ?? operation.requestURI
            let segments: [Segment] = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
                if part.hasPrefix("{"), part.hasSuffix("}") {
                    return .label(String(part.dropFirst().dropLast()).replacingOccurrences(of: "+", with: ""))
                }
                return .literal(String(part))
            }
            let literalCount = segments.filter { if case .literal = $0 { true } else { false } }.count
            table[operation.httpMethod, default: []].append(Route(operation: operation, segments: segments, literalCount: literalCount))
        }
        for key in table.keys {
            table[key]?.sort { $0.literalCount > $1.literalCount }
        }
        routesByMethod = table
    }

    func match(method: String, rawPath: String) -> Match? {
        guard let routes = routesByMethod[method] else { return nil }
        let parts = rawPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        routeLoop: for route in routes where route.segments.count == parts.count {
            var labels: [String: String] = [:]
            for (segment, part) in zip(route.segments, parts) {
                switch segment {
                case .literal(let literal):
                    guard part == literal else { continue routeLoop }
                case .label(let name):
                    guard let decoded = String(part).removingPercentEncoding else { continue routeLoop }
                    labels[name] = decoded
                }
            }
            return Match(operation: route.operation, labels: labels)
        }
        return nil
    }
}
