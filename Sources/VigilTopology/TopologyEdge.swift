import Foundation

/// A typed relation between two resources, directed from the one that acts to the one acted on.
public struct TopologyEdge: Sendable, Hashable, Codable {
    /// What identifies an edge: one edge per (from, to, kind), however many facts support it.
    public struct Key: Sendable, Hashable, Comparable, Codable {
        public var from: String
        public var to: String
        public var kind: EdgeKind

        public init(from: String, to: String, kind: EdgeKind) {
            self.from = from
            self.to = to
            self.kind = kind
        }

        public static func < (a: Key, b: Key) -> Bool {
            (a.from, a.to, a.kind.rawValue) < (b.from, b.to, b.kind.rawValue)
        }
    }

    public var from: String
    public var to: String
    public var kind: EdgeKind
    /// Every fact the edge was inferred from ("event source mapping 1f2e…", "environment variable
    /// DB_HOST"), sorted, without duplicates.
    public var evidence: [String]
    public var firstSeen: Date?
    public var lastSeen: Date?
    public var staleSince: Date?

    public init(from: String, to: String, kind: EdgeKind, evidence: [String],
                firstSeen: Date? = nil, lastSeen: Date? = nil, staleSince: Date? = nil) {
        self.from = from
        self.to = to
        self.kind = kind
        self.evidence = Array(Set(evidence)).sorted()
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.staleSince = staleSince
    }

    public var key: Key { Key(from: from, to: to, kind: kind) }
}
