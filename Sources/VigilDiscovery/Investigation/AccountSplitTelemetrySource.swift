import VigilTelemetry

/// The telemetry of an agent space whose resources live in several AWS accounts and regions.
/// A source reads one account and region (`AWSTelemetrySource`), so a request is split by each
/// entity ARN's account and region, the parts are collected side by side, and their telemetry is
/// merged. An entity no part reads (another account, not an ARN) is left out, as the single
/// source would leave it out. A request with no entities goes to every part.
public struct AccountSplitTelemetrySource: TelemetrySource {
    public struct Part: Sendable {
        public var account: String
        public var region: String
        public var source: any TelemetrySource

        public init(account: String, region: String, source: any TelemetrySource) {
            self.account = account
            self.region = region
            self.source = source
        }
    }

    public let parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    /// Pure: the entities each part is asked for, in part order; parts with none are omitted
    /// unless the request names no entity at all.
    public func split(_ entities: [String]) -> [(part: Int, entities: [String])] {
        if entities.isEmpty { return parts.indices.map { ($0, []) } }
        var byPart: [Int: [String]] = [:]
        for name in entities {
            guard let entity = TelemetryEntity(arn: name) else { continue }
            // An ARN without an account or region (an S3 bucket, IAM) is read by the first part
            // that fits what it does state.
            let index = parts.firstIndex {
                (entity.account.isEmpty || entity.account == $0.account) && (entity.region.isEmpty || entity.region == $0.region)
            }
            if let index { byPart[index, default: []].append(name) }
        }
        return byPart.keys.sorted().map { ($0, byPart[$0] ?? []) }
    }

    public func collect(_ request: TelemetryRequest) async throws -> IncidentTelemetry {
        let work = split(request.entities)
        let parts = self.parts
        let results = try await withThrowingTaskGroup(of: (Int, IncidentTelemetry).self) { group in
            for item in work {
                var partRequest = request
                partRequest.entities = item.entities
                group.addTask { (item.part, try await parts[item.part].source.collect(partRequest)) }
            }
            var collected: [(Int, IncidentTelemetry)] = []
            for try await result in group { collected.append(result) }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return Self.merge(results, request: request)
    }

    /// Pure: one telemetry of several, in time order; call edges without repeats.
    public static func merge(_ parts: [IncidentTelemetry], request: TelemetryRequest) -> IncidentTelemetry {
        var merged = IncidentTelemetry(incident: request.incident, windowStart: request.windowStart, windowEnd: request.windowEnd,
                                       metrics: [], logs: [], spans: [], changes: [], alarms: [], edges: [])
        var edges = Set<CallEdge>()
        for part in parts {
            merged.metrics += part.metrics
            merged.logs += part.logs
            merged.spans += part.spans
            merged.changes += part.changes
            merged.alarms += part.alarms
            for edge in part.edges where edges.insert(edge).inserted { merged.edges.append(edge) }
        }
        merged.logs.sort { $0.timestamp < $1.timestamp }
        merged.spans.sort { ($0.start, $0.traceId) < ($1.start, $1.traceId) }
        merged.changes.sort { $0.timestamp < $1.timestamp }
        merged.alarms.sort { $0.timestamp < $1.timestamp }
        return merged
    }
}
