import Foundation
import GRDB

/// A resource row of an agent space's stored graph.
public struct TopologyNodeRow: Sendable, Equatable {
    public var arn: String
    public var type: String
    public var name: String
    public var account: String
    public var region: String
    public var stack: String?
    public var tags: [String: String]
    public var firstSeen: Date
    public var lastSeen: Date
    public var lastRunId: String
    public var staleSince: Date?
}

/// An edge row of an agent space's stored graph.
public struct TopologyEdgeRow: Sendable, Equatable {
    public var from: String
    public var to: String
    public var kind: String
    public var evidence: [String]
    public var firstSeen: Date
    public var lastSeen: Date
    public var lastRunId: String
    public var staleSince: Date?
}

/// What one discovery of one account and region saw, to merge into the stored graph.
public struct TopologyMerge: Sendable {
    public struct Node: Sendable {
        public var arn, type, name, account, region: String
        public var stack: String?
        public var tags: [String: String]
        public init(arn: String, type: String, name: String, account: String, region: String, stack: String?, tags: [String: String]) {
            self.arn = arn
            self.type = type
            self.name = name
            self.account = account
            self.region = region
            self.stack = stack
            self.tags = tags
        }
    }

    public struct Edge: Sendable {
        public var from, to, kind: String
        public var evidence: [String]
        public init(from: String, to: String, kind: String, evidence: [String]) {
            self.from = from
            self.to = to
            self.kind = kind
            self.evidence = evidence
        }
    }

    public var runId: String
    public var account: String
    public var region: String
    public var seenAt: Date
    /// A complete read (no gaps): rows of this account+region it did not see become stale. A
    /// partial one only adds and refreshes; absence from it proves nothing.
    public var complete: Bool
    /// Stale rows older than this are deleted.
    public var staleRetention: TimeInterval
    public var nodes: [Node]
    public var edges: [Edge]

    public init(runId: String, account: String, region: String, seenAt: Date, complete: Bool,
                staleRetention: TimeInterval, nodes: [Node], edges: [Edge]) {
        self.runId = runId
        self.account = account
        self.region = region
        self.seenAt = seenAt
        self.complete = complete
        self.staleRetention = staleRetention
        self.nodes = nodes
        self.edges = edges
    }
}

/// What a merge changed.
public struct TopologyMergeCounts: Sendable, Equatable, Codable {
    public var nodesSeen = 0, nodesAdded = 0, nodesStaled = 0, nodesPurged = 0
    public var edgesSeen = 0, edgesAdded = 0, edgesStaled = 0, edgesPurged = 0
    public init() {}
}

/// The record of one discovery run.
public struct DiscoveryRunRow: Sendable, Equatable {
    public var id: String
    public var account: String
    public var region: String
    /// "schedule", "association", "manual".
    public var trigger: String
    public var startedAt: Date
    public var finishedAt: Date?
    /// "running", "succeeded", "partial" (merged, with gaps), "failed" (nothing merged).
    public var status: String
    public var counts: TopologyMergeCounts
    public var gaps: [String]
    /// References and observed edges that named no resource, or several.
    public var notes: [String]
    public var error: String?
}

/// The stored resource graph of each agent space and its discovery runs. Every method takes the
/// space id first. `merge` is meant to run inside one `Store.write`, so a merge lands whole or not at all.
public struct TopologyTable {
    let db: Database

    // MARK: - Merge

    public func merge(space: String, _ merge: TopologyMerge) throws -> TopologyMergeCounts {
        var counts = TopologyMergeCounts()
        let seen = merge.seenAt.timeIntervalSince1970
        let encoder = Self.encoder()
        let knownNodes = try Set(String.fetchAll(db, sql: "SELECT arn FROM topology_nodes WHERE space_id = ?", arguments: [space]))
        let upsertNode = try db.cachedStatement(sql: """
            INSERT INTO topology_nodes (space_id, arn, type, name, account, region, stack, tags, first_seen, last_seen,
                                        last_run_id, scope_account, scope_region, stale_since)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
            ON CONFLICT (space_id, arn) DO UPDATE SET
                type = excluded.type, name = excluded.name, account = excluded.account, region = excluded.region,
                stack = excluded.stack, tags = excluded.tags, last_seen = excluded.last_seen,
                last_run_id = excluded.last_run_id, scope_account = excluded.scope_account,
                scope_region = excluded.scope_region, stale_since = NULL
            """)
        var mergedNodes = Set<String>()
        for node in merge.nodes where mergedNodes.insert(node.arn).inserted {
            try upsertNode.execute(arguments: [space, node.arn, node.type, node.name, node.account, node.region, node.stack,
                                               try encoder.encode(node.tags), seen, seen, merge.runId, merge.account, merge.region])
            if !knownNodes.contains(node.arn) { counts.nodesAdded += 1 }
        }
        counts.nodesSeen = mergedNodes.count

        let knownEdges = try Set(Row.fetchAll(db, sql: "SELECT from_arn, to_arn, kind FROM topology_edges WHERE space_id = ?",
                                              arguments: [space]).map { "\($0["from_arn"] as String)\u{0}\($0["to_arn"] as String)\u{0}\($0["kind"] as String)" })
        let upsertEdge = try db.cachedStatement(sql: """
            INSERT INTO topology_edges (space_id, from_arn, to_arn, kind, evidence, first_seen, last_seen, last_run_id,
                                        scope_account, scope_region, stale_since)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
            ON CONFLICT (space_id, from_arn, to_arn, kind) DO UPDATE SET
                evidence = excluded.evidence, last_seen = excluded.last_seen, last_run_id = excluded.last_run_id,
                scope_account = excluded.scope_account, scope_region = excluded.scope_region, stale_since = NULL
            """)
        var mergedEdges = Set<String>()
        for edge in merge.edges {
            let key = "\(edge.from)\u{0}\(edge.to)\u{0}\(edge.kind)"
            guard mergedEdges.insert(key).inserted else { continue }
            try upsertEdge.execute(arguments: [space, edge.from, edge.to, edge.kind, try encoder.encode(edge.evidence), seen, seen,
                                               merge.runId, merge.account, merge.region])
            if !knownEdges.contains(key) { counts.edgesAdded += 1 }
        }
        counts.edgesSeen = mergedEdges.count

        if merge.complete {
            for (table, keyPath) in [("topology_nodes", \TopologyMergeCounts.nodesStaled), ("topology_edges", \TopologyMergeCounts.edgesStaled)] {
                try db.execute(sql: """
                    UPDATE \(table) SET stale_since = ?
                    WHERE space_id = ? AND scope_account = ? AND scope_region = ? AND last_run_id != ? AND stale_since IS NULL
                    """, arguments: [seen, space, merge.account, merge.region, merge.runId])
                counts[keyPath: keyPath] = db.changesCount
            }
        }
        let cutoff = seen - merge.staleRetention
        for (table, keyPath) in [("topology_edges", \TopologyMergeCounts.edgesPurged), ("topology_nodes", \TopologyMergeCounts.nodesPurged)] {
            try db.execute(sql: """
                DELETE FROM \(table) WHERE space_id = ? AND scope_account = ? AND scope_region = ?
                  AND stale_since IS NOT NULL AND stale_since < ?
                """, arguments: [space, merge.account, merge.region, cutoff])
            counts[keyPath: keyPath] = db.changesCount
        }
        return counts
    }

    // MARK: - Graph

    public func nodes(space: String, includeStale: Bool = true) throws -> [TopologyNodeRow] {
        let decoder = JSONDecoder()
        return try Row.fetchAll(db, sql: "SELECT * FROM topology_nodes WHERE space_id = ?\(includeStale ? "" : " AND stale_since IS NULL") ORDER BY arn",
                                arguments: [space]).map { Self.node($0, decoder) }
    }

    public func edges(space: String, includeStale: Bool = true) throws -> [TopologyEdgeRow] {
        let decoder = JSONDecoder()
        return try Row.fetchAll(db, sql: "SELECT * FROM topology_edges WHERE space_id = ?\(includeStale ? "" : " AND stale_since IS NULL") ORDER BY from_arn, to_arn, kind",
                                arguments: [space]).map { Self.edge($0, decoder) }
    }

    public func node(space: String, arn: String) throws -> TopologyNodeRow? {
        try Row.fetchOne(db, sql: "SELECT * FROM topology_nodes WHERE space_id = ? AND arn = ?", arguments: [space, arn]).map { Self.node($0) }
    }

    // MARK: - Runs

    public func startRun(space: String, id: String, account: String, region: String, trigger: String, at date: Date) throws {
        try db.execute(sql: """
            INSERT INTO discovery_runs (space_id, id, account, region, trigger, started_at, status, counts, gaps, notes)
            VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)
            """, arguments: [space, id, account, region, trigger, date.timeIntervalSince1970,
                             try Self.json(TopologyMergeCounts()), try Self.json([String]()), try Self.json([String]())])
    }

    public func finishRun(space: String, id: String, status: String, at date: Date, counts: TopologyMergeCounts,
                          gaps: [String], notes: [String], error: String?) throws {
        try db.execute(sql: """
            UPDATE discovery_runs SET status = ?, finished_at = ?, counts = ?, gaps = ?, notes = ?, error = ?
            WHERE space_id = ? AND id = ?
            """, arguments: [status, date.timeIntervalSince1970, try Self.json(counts), try Self.json(gaps), try Self.json(notes),
                             error, space, id])
    }

    /// Marks runs still `running` (the process stopped during them) as failed.
    public func abandonRunningRuns(at date: Date) throws -> Int {
        try db.execute(sql: """
            UPDATE discovery_runs SET status = 'failed', finished_at = ?, error = 'interrupted: Vigil stopped during the run'
            WHERE status = 'running'
            """, arguments: [date.timeIntervalSince1970])
        return db.changesCount
    }

    public func run(space: String, id: String) throws -> DiscoveryRunRow? {
        try Row.fetchOne(db, sql: "SELECT * FROM discovery_runs WHERE space_id = ? AND id = ?", arguments: [space, id]).map(Self.run)
    }

    /// The most recent runs first.
    public func runs(space: String, limit: Int) throws -> [DiscoveryRunRow] {
        try Row.fetchAll(db, sql: "SELECT * FROM discovery_runs WHERE space_id = ? ORDER BY seq DESC LIMIT ?",
                         arguments: [space, limit]).map(Self.run)
    }

    // MARK: - Rows

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    static func json<T: Encodable>(_ value: T) throws -> Data {
        try encoder().encode(value)
    }

    /// A stored JSON column, or `value` when it cannot be read (a row is never dropped for it).
    static func decode<T: Decodable>(_ type: T.Type, _ data: Data?, default value: T, using decoder: JSONDecoder = JSONDecoder()) -> T {
        data.flatMap { try? decoder.decode(T.self, from: $0) } ?? value
    }

    static func date(_ value: Double?) -> Date? { value.map { Date(timeIntervalSince1970: $0) } }

    static func node(_ row: Row, _ decoder: JSONDecoder = JSONDecoder()) -> TopologyNodeRow {
        TopologyNodeRow(arn: row["arn"], type: row["type"], name: row["name"], account: row["account"], region: row["region"],
                        stack: row["stack"], tags: decode([String: String].self, row["tags"], default: [:], using: decoder),
                        firstSeen: Date(timeIntervalSince1970: row["first_seen"]), lastSeen: Date(timeIntervalSince1970: row["last_seen"]),
                        lastRunId: row["last_run_id"], staleSince: date(row["stale_since"]))
    }

    static func edge(_ row: Row, _ decoder: JSONDecoder = JSONDecoder()) -> TopologyEdgeRow {
        TopologyEdgeRow(from: row["from_arn"], to: row["to_arn"], kind: row["kind"],
                        evidence: decode([String].self, row["evidence"], default: [], using: decoder),
                        firstSeen: Date(timeIntervalSince1970: row["first_seen"]), lastSeen: Date(timeIntervalSince1970: row["last_seen"]),
                        lastRunId: row["last_run_id"], staleSince: date(row["stale_since"]))
    }

    static func run(_ row: Row) -> DiscoveryRunRow {
        DiscoveryRunRow(id: row["id"], account: row["account"], region: row["region"], trigger: row["trigger"],
                        startedAt: Date(timeIntervalSince1970: row["started_at"]), finishedAt: date(row["finished_at"]),
                        status: row["status"], counts: decode(TopologyMergeCounts.self, row["counts"], default: TopologyMergeCounts()),
                        gaps: decode([String].self, row["gaps"], default: []), notes: decode([String].self, row["notes"], default: []),
                        error: row["error"])
    }
}
