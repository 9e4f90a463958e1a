// Persistence of a LogTemplateMiner: a versioned Codable snapshot (JSON-friendly).

/// Everything a `LogTemplateMiner` needs to continue after a restart with the same ids.
public struct LogTemplateMinerSnapshot: Codable, Sendable, Equatable {
    /// The format this build writes and reads.
    public static let formatVersion = 1

    public var version: Int
    public var configuration: LogTemplateMinerConfiguration
    /// The id the next new cluster gets (ids are never reused).
    public var nextClusterId: Int
    public var nextFamilyId: Int
    public var messageCount: Int
    /// Families in ascending id order.
    public var families: [Family]
    /// Clusters from least to most recently used (the eviction order).
    public var clusters: [Cluster]
    /// Recent merges, oldest first: `from` is an alias of `into`.
    public var aliases: [LogClusterMerge]

    public struct Family: Codable, Sendable, Equatable {
        public var id: Int
        /// Token texts; `<*>` at variable and closed positions.
        public var tokens: [String]
        /// One letter per token: `w` word, `p` punctuation, `v` variable, `c` closed; upper case
        /// when no whitespace precedes the token.
        public var kinds: String
        /// The tokens' keys (FNV-1a 64 of the token bytes; 0 at variable and closed positions).
        /// Kept because a token that was not valid UTF-8 cannot be re-hashed from its text.
        public var keys: [UInt64]
        /// For each closed position (in order), the values seen there.
        public var closedValues: [[Value]]

        public init(id: Int, tokens: [String], kinds: String, keys: [UInt64], closedValues: [[Value]]) {
            self.id = id
            self.tokens = tokens
            self.kinds = kinds
            self.keys = keys
            self.closedValues = closedValues
        }
    }

    public struct Value: Codable, Sendable, Equatable {
        public var key: UInt64
        public var text: String

        public init(key: UInt64, text: String) {
            self.key = key
            self.text = text
        }
    }

    public struct Cluster: Codable, Sendable, Equatable {
        public var id: Int
        /// The id reported for the cluster: `id`, or the cluster of another shape with the same
        /// constant words that it is linked to.
        public var publicId: Int
        public var family: Int
        public var size: Int
        /// The cluster's keys at its family's closed positions.
        public var values: [UInt64]
        /// For reading only (recomputed on restore).
        public var template: String

        public init(id: Int, publicId: Int, family: Int, size: Int, values: [UInt64], template: String) {
            self.id = id
            self.publicId = publicId
            self.family = family
            self.size = size
            self.values = values
            self.template = template
        }
    }

    private enum CodingKeys: String, CodingKey {
        case version, configuration, nextClusterId, nextFamilyId, messageCount, families, clusters, aliases
    }

    /// Reads `version` first, so a snapshot of another format fails with
    /// `LogTemplateMinerError.unsupportedSnapshotVersion` rather than a missing-key error.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        guard version == Self.formatVersion else { throw LogTemplateMinerError.unsupportedSnapshotVersion(version) }
        configuration = try c.decode(LogTemplateMinerConfiguration.self, forKey: .configuration)
        nextClusterId = try c.decode(Int.self, forKey: .nextClusterId)
        nextFamilyId = try c.decode(Int.self, forKey: .nextFamilyId)
        messageCount = try c.decode(Int.self, forKey: .messageCount)
        families = try c.decode([Family].self, forKey: .families)
        clusters = try c.decode([Cluster].self, forKey: .clusters)
        aliases = try c.decode([LogClusterMerge].self, forKey: .aliases)
    }

    public init(version: Int = LogTemplateMinerSnapshot.formatVersion, configuration: LogTemplateMinerConfiguration,
                nextClusterId: Int, nextFamilyId: Int, messageCount: Int, families: [Family], clusters: [Cluster],
                aliases: [LogClusterMerge]) {
        self.version = version
        self.configuration = configuration
        self.nextClusterId = nextClusterId
        self.nextFamilyId = nextFamilyId
        self.messageCount = messageCount
        self.families = families
        self.clusters = clusters
        self.aliases = aliases
    }
}

extension LogTemplateMiner {
    /// The miner's state, to save and later pass to `init(snapshot:)`.
    public func snapshot() -> LogTemplateMinerSnapshot {
        var families = [Family]()
        var seen = Set<Int>()
        let order = recencyOrder
        for id in order {
            let f = byId[id]!.family
            if seen.insert(f.id).inserted { families.append(f) }
        }
        families.sort { $0.id < $1.id }
        let fams = families.map { f -> LogTemplateMinerSnapshot.Family in
            var kinds = ""
            var tokens = [String]()
            var ci = 0
            for i in 0..<f.keys.count {
                let k: Character
                if ci < f.closed.count && f.closed[ci] == i {
                    k = "c"; ci += 1
                } else {
                    k = f.keys[i] == wildcardKey ? "v" : (f.punct[i] ? "p" : "w")
                }
                kinds.append(f.glue[i] ? Character(k.uppercased()) : k)
                tokens.append(f.keys[i] == wildcardKey ? logTemplateWildcard : f.texts[i])
            }
            return .init(id: f.id, tokens: tokens, kinds: kinds, keys: f.keys,
                         closedValues: f.values.map { $0.map { .init(key: $0.key, text: $0.text) } })
        }
        let clusters = order.map { id -> LogTemplateMinerSnapshot.Cluster in
            let c = byId[id]!
            return .init(id: c.id, publicId: c.publicId, family: c.family.id, size: c.size, values: c.values, template: c.template)
        }
        let merges = aliasOrder[aliasHead...].compactMap { from in aliases[from].map { LogClusterMerge(from: from, into: $0) } }
        return LogTemplateMinerSnapshot(configuration: configuration, nextClusterId: nextId, nextFamilyId: nextFamilyId,
                                        messageCount: messageCount, families: fams, clusters: clusters, aliases: merges)
    }

    /// Restores a miner saved with `snapshot()`. Throws for another format version or an
    /// inconsistent snapshot.
    public convenience init(snapshot: LogTemplateMinerSnapshot) throws {
        guard snapshot.version == LogTemplateMinerSnapshot.formatVersion else {
            throw LogTemplateMinerError.unsupportedSnapshotVersion(snapshot.version)
        }
        self.init(configuration: snapshot.configuration)
        func bad(_ why: String) -> LogTemplateMinerError { .invalidSnapshot(why) }
        var families = [Int: Family]()
        for s in snapshot.families.sorted(by: { $0.id < $1.id }) {
            let kinds = Array(s.kinds.utf8)
            guard s.tokens.count == s.keys.count, kinds.count == s.keys.count else {
                throw bad("family \(s.id): tokens, kinds and keys differ in length")
            }
            guard s.id > 0, s.id < snapshot.nextFamilyId, families[s.id] == nil else {
                throw bad("family id \(s.id) is duplicated or not below nextFamilyId")
            }
            var texts = [String](), glue = [Bool](), punct = [Bool](), closed = [Int]()
            for i in 0..<kinds.count {
                let k = kinds[i] | 0x20
                let variable = k == UInt8(ascii: "v") || k == UInt8(ascii: "c")
                guard variable || k == UInt8(ascii: "w") || k == UInt8(ascii: "p") else {
                    throw bad("family \(s.id): unknown token kind")
                }
                guard variable == (s.keys[i] == wildcardKey) else {
                    throw bad("family \(s.id): key and kind disagree at token \(i)")
                }
                if k == UInt8(ascii: "c") { closed.append(i) }
                texts.append(variable ? "" : s.tokens[i])
                glue.append(kinds[i] & 0x20 == 0)
                punct.append(k == UInt8(ascii: "p"))
            }
            guard s.closedValues.count == closed.count else {
                throw bad("family \(s.id): \(closed.count) closed positions but \(s.closedValues.count) value lists")
            }
            let f = Family(id: s.id, keys: s.keys, texts: texts, glue: glue, punct: punct)
            f.closed = closed
            f.values = s.closedValues.map { $0.map { FamilyValue(key: $0.key, text: $0.text) } }
            families[s.id] = f
        }
        var ids = Set<Int>()
        var clusters = [Cluster]()
        for s in snapshot.clusters {
            guard let f = families[s.family] else { throw bad("cluster \(s.id): unknown family \(s.family)") }
            guard s.id > 0, s.id < snapshot.nextClusterId, ids.insert(s.id).inserted else {
                throw bad("cluster id \(s.id) is duplicated or not below nextClusterId")
            }
            guard s.values.count == f.closed.count else { throw bad("cluster \(s.id): wrong number of values") }
            guard s.publicId > 0, s.publicId <= s.id else { throw bad("cluster \(s.id): publicId \(s.publicId) out of range") }
            let c = Cluster(id: s.id, family: f, values: s.values, size: max(0, s.size), publicId: s.publicId)
            guard f.clusters.updateValue(c, forKey: valuesHash(s.values)) == nil else {
                throw bad("cluster \(s.id): same values as another cluster of family \(s.family)")
            }
            clusters.append(c)
        }
        for f in families.values.sorted(by: { $0.id < $1.id }) where !f.clusters.isEmpty {
            groups[f.keys.count, default: []].append(f)
            indexSignature(f)
        }
        // Insert from least to most recently used, so the LRU order is the saved one.
        for c in clusters { insert(c) }
        for m in snapshot.aliases { addAlias(m.from, m.into) }
        nextId = snapshot.nextClusterId
        nextFamilyId = snapshot.nextFamilyId
        messageCount = snapshot.messageCount
    }
}
