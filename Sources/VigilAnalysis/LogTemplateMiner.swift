// Streaming log template miner (Drain family). One message in, a stable cluster id and the
// cluster's current template out. Pure logic: no I/O. See docs/log-templates.md.
//
// Messages are masked and tokenized (LogTokenizer.swift), then grouped in two levels:
//  - a family holds messages of one shape: the same token count, the same punctuation, the same
//    first word, and at least `similarityThreshold` of the family's constant words equal;
//  - inside a family, a word position where messages differ is "closed" while it has shown
//    fewer than `distinctValuesForVariable` values: each value combination is its own cluster
//    ("cupsd startup succeeded" and "cupsd shutdown succeeded" stay apart). Once the position
//    shows that many values it "opens" (becomes `<*>`) and the clusters that differed only there
//    merge into the oldest one; the others become its aliases.
// Clusters are what callers see: ids, templates, sizes, the LRU cap.

/// Settings of a `LogTemplateMiner`. The defaults are meant for every log source; nothing in
/// them is specific to one system.
public struct LogTemplateMinerConfiguration: Codable, Sendable, Equatable {
    /// At most this many clusters are kept; the least recently used one is evicted first.
    public var maxClusters: Int
    /// Tokens per message after masking; the rest of a longer message becomes one `<*>`.
    public var maxTokens: Int
    /// Bytes of a message that are looked at; the rest becomes one trailing `<*>`.
    public var maxMessageBytes: Int
    /// A message joins a family of the same shape when at least this share of the family's
    /// constant words are equal to the message's words.
    public var similarityThreshold: Double
    /// A word position where the messages of a family differ becomes a variable (`<*>`) once it
    /// has shown this many distinct values; until then each value keeps its own cluster. 2 gives
    /// classic Drain behaviour (the first difference makes a variable).
    public var distinctValuesForVariable: Int

    public init(maxClusters: Int = 10_000, maxTokens: Int = 128, maxMessageBytes: Int = 16_384,
                similarityThreshold: Double = 0.5, distinctValuesForVariable: Int = 3) {
        self.maxClusters = maxClusters
        self.maxTokens = maxTokens
        self.maxMessageBytes = maxMessageBytes
        self.similarityThreshold = similarityThreshold
        self.distinctValuesForVariable = distinctValuesForVariable
    }

    public static let `default` = LogTemplateMinerConfiguration()
}

/// What adding a message did to its cluster.
public enum LogTemplateChange: String, Sendable, Codable {
    /// The message matched the cluster's template as it was.
    case none
    /// The message started a new cluster.
    case created
    /// The message joined the cluster and some template positions became `<*>`.
    case generalized
}

/// Two clusters found to be one event: `from` is now an alias of `into` (the older one).
public struct LogClusterMerge: Sendable, Equatable, Codable {
    public let from: Int
    public let into: Int
}

/// The outcome of adding (or matching) one message.
public struct LogTemplateMatch: Sendable, Equatable {
    /// Stable id of the cluster (1, 2, 3, ... in order of creation; never reused).
    public let clusterId: Int
    /// The cluster's template after this message: tokens spaced as in the message that created
    /// the cluster, `<*>` for variable positions.
    public let template: String
    public let change: LogTemplateChange
    /// Messages in the cluster so far, this one included.
    public let clusterSize: Int
    /// Clusters merged by this message (usually none). Every cluster whose template changed
    /// through a merge is also reported here.
    public let merges: [LogClusterMerge]
}

/// A cluster as seen from outside.
public struct LogCluster: Sendable, Equatable {
    public let id: Int
    public let template: String
    /// Template tokens; `<*>` for variable positions.
    public let tokens: [String]
    public let size: Int
}

public enum LogTemplateMinerError: Error, Equatable, CustomStringConvertible {
    case unsupportedSnapshotVersion(Int)
    case invalidSnapshot(String)

    public var description: String {
        switch self {
        case .unsupportedSnapshotVersion(let v):
            return "unsupported log template snapshot version \(v) (this build reads version \(LogTemplateMinerSnapshot.formatVersion))"
        case .invalidSnapshot(let why):
            return "invalid log template snapshot: \(why)"
        }
    }
}

/// Messages of one shape. `keys` holds wildcards at open and at closed positions.
final class Family {
    let id: Int
    var keys: [UInt64]
    /// Token text; empty at open and closed positions.
    var texts: [String]
    var glue: [Bool]
    var punct: [Bool]
    /// Closed positions in ascending order, and the values each has shown (in order of appearance).
    var closed: [Int] = []
    var values: [[FamilyValue]] = []
    /// Constant word (non-punctuation) positions.
    var constWords: Int
    /// First non-punctuation position, or -1.
    var firstWord: Int
    /// Clusters by the hash of their values at the closed positions.
    var clusters: [UInt64: Cluster] = [:]
    /// Hash of the constant words in order (punctuation and variables left out).
    var signature: UInt64 = 0

    init(id: Int, keys: [UInt64], texts: [String], glue: [Bool], punct: [Bool]) {
        self.id = id
        self.keys = keys
        self.texts = texts
        self.glue = glue
        self.punct = punct
        var words = 0
        var first = -1
        for i in 0..<keys.count where !punct[i] {
            if first < 0 { first = i }
            if keys[i] != wildcardKey { words += 1 }
        }
        self.constWords = words
        self.firstWord = first
        self.signature = computeSignature()
    }

    func computeSignature() -> UInt64 {
        var h: UInt64 = 0x51_7CC1_B727_220A
        for i in 0..<keys.count where !punct[i] && keys[i] != wildcardKey {
            h = (h ^ keys[i]) &* 0x0000_0100_0000_01B3
            h ^= h >> 29
        }
        return h
    }

    func text(_ key: UInt64, closedIndex: Int) -> String {
        for v in values[closedIndex] where v.key == key { return v.text }
        return logTemplateWildcard
    }

    func tokens(_ clusterValues: [UInt64]) -> [String] {
        var out = [String]()
        out.reserveCapacity(keys.count)
        var ci = 0
        for i in 0..<keys.count {
            if ci < closed.count && closed[ci] == i {
                out.append(text(clusterValues[ci], closedIndex: ci))
                ci += 1
            } else {
                out.append(keys[i] == wildcardKey ? logTemplateWildcard : texts[i])
            }
        }
        return out
    }

    func render(_ clusterValues: [UInt64]) -> String {
        let t = tokens(clusterValues)
        var s = ""
        for i in 0..<t.count {
            if i > 0 && !glue[i] { s += " " }
            s += t[i]
        }
        return s
    }

    /// All clusters in ascending id order.
    var sortedClusters: [Cluster] { clusters.values.sorted { $0.id < $1.id } }
}

struct FamilyValue: Equatable {
    var key: UInt64
    var text: String
}

/// A cluster: a family and its values at the family's closed positions.
final class Cluster {
    let id: Int
    /// The id reported for this cluster: its own, or that of the cluster of another shape with
    /// the same constant words that it is linked to.
    var publicId: Int
    unowned(unsafe) let family: Family
    var values: [UInt64]
    var size: Int
    var template: String
    var slot: Int = -1

    init(id: Int, family: Family, values: [UInt64], size: Int, publicId: Int? = nil) {
        self.id = id
        self.publicId = publicId ?? id
        self.family = family
        self.values = values
        self.size = size
        self.template = family.render(values)
    }

    var publicValue: LogCluster {
        LogCluster(id: publicId, template: template, tokens: family.tokens(values), size: size)
    }
}

@inline(__always)
func valuesHash(_ values: [UInt64]) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    for v in values { h = (h ^ v) &* 0x0000_0100_0000_01B3; h ^= h >> 31 }
    return h
}

/// Streaming template miner. Not thread-safe: use one instance from one task at a time.
///
/// Deterministic: the same messages in the same order give the same ids and templates, and a
/// miner restored from a snapshot continues exactly as the one that was saved.
public final class LogTemplateMiner {
    public let configuration: LogTemplateMinerConfiguration
    let tokenizer: LogTokenizer
    let buffer: TokenBuffer
    /// Families by token count, each list in ascending id order.
    var groups: [Int: [Family]] = [:]
    /// Families by signature (constant words), for linking shapes of one event.
    var bySignature: [UInt64: [Family]] = [:]
    var byId: [Int: Cluster] = [:]
    /// Merged cluster id -> the id it merged into (oldest first, at most `maxClusters` kept).
    var aliases: [Int: Int] = [:]
    var aliasOrder: [Int] = []
    var aliasHead = 0
    // LRU list over slots: head = most recently used.
    var slots: [Cluster?] = []
    var freeSlots: [Int] = []
    // Raw storage (grown by doubling): no uniqueness or exclusivity checks on every touch.
    var lruPrev = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    var lruNext = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    var lruCapacity = 16
    var lruHead = -1
    var lruTail = -1
    var nextId = 1
    var nextFamilyId = 1
    /// Messages added so far.
    public internal(set) var messageCount = 0
    /// Bumped whenever families or clusters change; memo entries of older generations are stale.
    var generation: UInt32 = 0
    /// Masked-sequence hash -> slot: a pure cache of the search's result for the current
    /// generation (it never changes a result, so it is not part of the snapshot).
    var memo: [UInt64: (slot: Int32, generation: UInt32)] = [:]
    let memoCapacity = 1 << 16
    var pendingMerges: [LogClusterMerge] = []
    var lineValues: [UInt64] = []
    /// The cluster the last message went to (its slot goes into the memo).
    var lastSlot = -1

    deinit {
        lruPrev.deallocate()
        lruNext.deallocate()
    }

    public init(configuration: LogTemplateMinerConfiguration = .default) {
        var c = configuration
        c.maxClusters = max(1, c.maxClusters)
        c.maxTokens = max(2, c.maxTokens)
        c.maxMessageBytes = max(1, c.maxMessageBytes)
        c.distinctValuesForVariable = max(2, c.distinctValuesForVariable)
        self.configuration = c
        self.tokenizer = LogTokenizer(maxTokens: c.maxTokens, maxBytes: c.maxMessageBytes)
        self.buffer = tokenizer.makeBuffer()
        memo.reserveCapacity(1024)
    }

    /// Number of clusters currently kept.
    public var clusterCount: Int { byId.count }

    /// All clusters, in ascending id order (a cluster linked to another one of the same event is
    /// listed under that one's id only when that one is gone).
    public var clusters: [LogCluster] {
        byId.keys.sorted().compactMap { id in
            let c = byId[id]!
            return c.publicId == c.id || byId[c.publicId] == nil ? c.publicValue : nil
        }
    }

    public func cluster(id: Int) -> LogCluster? { byId[resolve(id)]?.publicValue }

    /// The id a cluster id stands for now: itself, or the cluster it was merged into (aliases are
    /// remembered for the last `maxClusters` merges).
    public func resolve(_ id: Int) -> Int {
        var id = id
        var hops = 0
        while let next = aliases[id], hops < 64 { id = next; hops += 1 }
        return id
    }

    // MARK: adding messages

    /// Adds one message (the content part of a log line) and returns its cluster.
    @discardableResult
    public func add(_ message: String) -> LogTemplateMatch {
        var m = message
        return m.withUTF8 { add(utf8: $0) }
    }

    /// Adds one message given as bytes (UTF-8 expected; malformed sequences are tolerated and
    /// rendered with replacement characters).
    @discardableResult
    public func add(bytes: [UInt8]) -> LogTemplateMatch {
        bytes.withUnsafeBufferPointer { add(utf8: $0) }
    }

    /// Adds one message given as UTF-8 bytes; the buffer is only read during the call.
    @discardableResult
    public func add(utf8 message: UnsafeBufferPointer<UInt8>) -> LogTemplateMatch {
        messageCount += 1
        tokenizer.tokenize(message, into: buffer)
        let seq = sequenceHash()
        if let entry = memo[seq], entry.generation == generation, let c = slots[Int(entry.slot)],
           c.family.keys.count == buffer.count, matchesExactly(c) {
            return hit(c, change: .none)
        }
        let result: LogTemplateMatch
        switch search() {
        case .full(let f):
            result = place(message, in: f, generalized: false)
        case .partial(let f, let x):
            result = place(message, in: generalize(f, mismatches: x), generalized: true)
        case .none:
            let f = newFamily(message)
            result = place(message, in: f, generalized: false, linkTo: linkTarget(for: f))
        }
        if memo.count >= memoCapacity { memo.removeAll(keepingCapacity: true) }
        memo[seq] = (Int32(lastSlot), generation)
        return result
    }

    /// The cluster whose template covers `message` as it is, without learning from it (no new
    /// cluster, no generalisation, no change to the recency order).
    public func match(_ message: String) -> LogTemplateMatch? {
        var m = message
        return m.withUTF8 { bytes -> LogTemplateMatch? in
            tokenizer.tokenize(bytes, into: buffer)
            guard case .full(let f) = search(fullOnly: true) else { return nil }
            collectValues(f)
            guard let c = f.clusters[valuesHash(lineValues)], c.values == lineValues else { return nil }
            return LogTemplateMatch(clusterId: c.id, template: c.template, change: .none, clusterSize: c.size, merges: [])
        }
    }

    /// The tokens of `message` after masking, as the miner sees them (`<*>` for masked values).
    public static func maskedTokens(_ message: String, configuration: LogTemplateMinerConfiguration = .default) -> [String] {
        var m = message
        return m.withUTF8 { bytes -> [String] in
            let tokenizer = LogTokenizer(maxTokens: configuration.maxTokens, maxBytes: configuration.maxMessageBytes)
            let t = tokenizer.makeBuffer()
            tokenizer.tokenize(bytes, into: t)
            return (0..<t.count).map { i in
                t.keys[i] == wildcardKey ? logTemplateWildcard
                    : String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(t.starts[i])..<Int(t.starts[i] + t.lengths[i])]), as: UTF8.self)
            }
        }
    }

    /// `message` after masking, spaced as it was (`<*>` for masked values).
    public static func masked(_ message: String, configuration: LogTemplateMinerConfiguration = .default) -> String {
        var m = message
        return m.withUTF8 { bytes -> String in
            let tokenizer = LogTokenizer(maxTokens: configuration.maxTokens, maxBytes: configuration.maxMessageBytes)
            let t = tokenizer.makeBuffer()
            tokenizer.tokenize(bytes, into: t)
            var s = ""
            for i in 0..<t.count {
                if i > 0 && !t.glue[i] { s += " " }
                s += t.keys[i] == wildcardKey ? logTemplateWildcard
                    : String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(t.starts[i])..<Int(t.starts[i] + t.lengths[i])]), as: UTF8.self)
            }
            return s
        }
    }

    // MARK: search

    enum Found { case full(Family), partial(Family, Int), none }

    func sequenceHash() -> UInt64 {
        let n = buffer.count
        let k = buffer.keys
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(n)
        for i in 0..<n { h = (h ^ k[i]) &* 0x0000_0100_0000_01B3; h ^= h >> 29 }
        return h
    }

    /// Mismatching constant words between family `f` and the current message, or -1 when the two
    /// cannot be merged (different punctuation, different first word, or more than `limit`
    /// mismatches).
    @inline(__always)
    func mismatches(_ f: Family, limit: Int) -> Int {
        let lk = buffer.keys, lp = buffer.punct
        let first = f.firstWord
        return f.keys.withUnsafeBufferPointer { fk -> Int in
            f.punct.withUnsafeBufferPointer { fp -> Int in
                var x = 0
                for p in 0..<fk.count {
                    let a = fk[p], b = lk[p]
                    if a == b { continue }
                    if fp[p] || lp[p] { return -1 }
                    if a == wildcardKey { continue }
                    if p == first && b != wildcardKey { return -1 }
                    x += 1
                    if x > limit { return -1 }
                }
                return x
            }
        }
    }

    /// Whether the current message is exactly in cluster `c` (family constants and values).
    func matchesExactly(_ c: Cluster) -> Bool {
        let f = c.family
        guard mismatches(f, limit: 0) == 0 else { return false }
        for (ci, p) in f.closed.enumerated() where buffer.keys[p] != c.values[ci] { return false }
        return true
    }

    func search(fullOnly: Bool = false) -> Found {
        guard let group = groups[buffer.count] else { return .none }
        let tau = configuration.similarityThreshold
        var bestFull: Family?
        var bestPartial: Family?
        var bestX = 0
        var bestSim = -1.0
        var bestMatches = -1
        for f in group {
            let words = f.constWords
            var limit = 0
            if !fullOnly && bestFull == nil && words > 1 {
                limit = min(words - 1, Int(((1 - tau) * Double(words)) + 1e-9))
            }
            let x = mismatches(f, limit: limit)
            if x < 0 { continue }
            if x == 0 {
                if bestFull == nil || words > bestFull!.constWords { bestFull = f }
                continue
            }
            let sim = 1 - Double(x) / Double(words)
            let m = words - x
            if sim > bestSim || (sim == bestSim && m > bestMatches) {
                bestSim = sim; bestMatches = m; bestPartial = f; bestX = x
            }
        }
        if let f = bestFull { return .full(f) }
        if let p = bestPartial { return .partial(p, bestX) }
        return .none
    }

    // MARK: updates

    func hit(_ c: Cluster, change: LogTemplateChange) -> LogTemplateMatch {
        c.size += 1
        touch(c.slot)
        lastSlot = c.slot
        var merges: [LogClusterMerge] = []
        if !pendingMerges.isEmpty { merges = pendingMerges; pendingMerges.removeAll() }
        if c.publicId == c.id {
            return LogTemplateMatch(clusterId: c.id, template: c.template, change: change, clusterSize: c.size, merges: merges)
        }
        // Linked to a cluster of another shape: report that one's id and template.
        let pid = aliases.isEmpty ? c.publicId : resolve(c.publicId)
        let template = byId[pid]?.template ?? c.template
        return LogTemplateMatch(clusterId: pid, template: template, change: change, clusterSize: c.size, merges: merges)
    }

    /// An existing cluster of another shape with the same constant words as the new family `f`
    /// (messages that differ only in how many values or punctuation they carry, such as an
    /// optional "(1.98 KB)"): the single cluster of the oldest family with `f`'s signature that
    /// has no closed positions, when `f` has at least two constant words.
    func linkTarget(for f: Family) -> Int? {
        guard f.constWords >= 2, let candidates = bySignature[f.signature] else { return nil }
        var best: Family?
        for g in candidates where g !== f && g.closed.isEmpty && g.clusters.count == 1 {
            if best == nil || g.id < best!.id { best = g }
        }
        guard let g = best, let target = g.clusters.values.first else { return nil }
        return target.publicId
    }

    func indexSignature(_ f: Family) {
        bySignature[f.signature, default: []].append(f)
    }

    func unindexSignature(_ f: Family) {
        guard var list = bySignature[f.signature] else { return }
        bySignature[f.signature] = nil
        if let i = list.firstIndex(where: { $0 === f }) { list.remove(at: i) }
        if !list.isEmpty { bySignature[f.signature] = list }
    }

    /// The message's tokens at the closed positions of `f`, into `lineValues`.
    func collectValues(_ f: Family) {
        lineValues.removeAll(keepingCapacity: true)
        for p in f.closed { lineValues.append(buffer.keys[p]) }
    }

    /// Puts the current message into family `f` (whose constants it matches): records new values
    /// at closed positions, opens positions that reached the distinct-value count, then finds or
    /// creates the cluster of the message's values.
    func place(_ message: UnsafeBufferPointer<UInt8>, in f: Family, generalized: Bool, linkTo: Int? = nil) -> LogTemplateMatch {
        var changed = generalized
        var opened = false
        var ci = 0
        while ci < f.closed.count {
            let p = f.closed[ci]
            let key = buffer.keys[p]
            if key == wildcardKey {
                open(f, closedIndex: ci); changed = true; opened = true; continue
            }
            if !f.values[ci].contains(where: { $0.key == key }) {
                if f.values[ci].count + 1 >= configuration.distinctValuesForVariable {
                    open(f, closedIndex: ci); changed = true; opened = true; continue
                }
                f.values[ci].append(FamilyValue(key: key, text: tokenText(message, p)))
                changed = true
            }
            ci += 1
        }
        if changed { generation &+= 1 }
        collectValues(f)
        let h = valuesHash(lineValues)
        if let c = f.clusters[h], c.values == lineValues {
            // When positions became variables the template changed (generalize and open
            // re-render every cluster of the family).
            return hit(c, change: generalized || opened ? .generalized : .none)
        }
        let c = Cluster(id: nextId, family: f, values: lineValues, size: 0, publicId: linkTo)
        nextId += 1
        f.clusters[h] = c
        insert(c)
        return hit(c, change: .created)
    }

    func tokenText(_ message: UnsafeBufferPointer<UInt8>, _ p: Int) -> String {
        let s = Int(buffer.starts[p]), e = s + Int(buffer.lengths[p])
        return String(decoding: UnsafeBufferPointer(rebasing: message[s..<e]), as: UTF8.self)
    }

    func newFamily(_ message: UnsafeBufferPointer<UInt8>) -> Family {
        let n = buffer.count
        var texts = [String]()
        texts.reserveCapacity(n)
        for i in 0..<n { texts.append(buffer.keys[i] == wildcardKey ? "" : tokenText(message, i)) }
        let f = Family(id: nextFamilyId, keys: buffer.copyKeys(), texts: texts, glue: buffer.copyGlue(), punct: buffer.copyPunct())
        nextFamilyId += 1
        groups[n, default: []].append(f) // ids ascend, so the list stays sorted
        indexSignature(f)
        generation &+= 1
        return f
    }

    /// Family constants that differ from the message become closed positions (the old constant
    /// and, later in `place`, the new value), or open ones when the message has a masked value
    /// there (or when `distinctValuesForVariable` is 2).
    func generalize(_ f: Family, mismatches x: Int) -> Family {
        unindexSignature(f)
        defer {
            f.signature = f.computeSignature()
            indexSignature(f)
        }
        var newlyClosed = [(position: Int, value: FamilyValue)]()
        for p in 0..<buffer.count {
            let a = f.keys[p]
            guard a != wildcardKey && a != buffer.keys[p] else { continue }
            if buffer.keys[p] != wildcardKey && configuration.distinctValuesForVariable > 2 {
                newlyClosed.append((p, FamilyValue(key: a, text: f.texts[p])))
            }
            f.keys[p] = wildcardKey
            f.texts[p] = ""
            f.constWords -= 1
        }
        if !newlyClosed.isEmpty {
            // Every existing cluster had the old constant at a newly closed position.
            let oldClosed = f.closed
            let oldValues = f.values
            let closed = (oldClosed + newlyClosed.map { $0.position }).sorted()
            var values = [[FamilyValue]]()
            values.reserveCapacity(closed.count)
            for p in closed {
                if let i = oldClosed.firstIndex(of: p) {
                    values.append(oldValues[i])
                } else {
                    values.append([newlyClosed.first { $0.position == p }!.value])
                }
            }
            f.closed = closed
            f.values = values
            let clusters = f.sortedClusters
            f.clusters.removeAll(keepingCapacity: true)
            for c in clusters {
                var vals = [UInt64]()
                vals.reserveCapacity(closed.count)
                for p in closed {
                    if let i = oldClosed.firstIndex(of: p) {
                        vals.append(c.values[i])
                    } else {
                        vals.append(newlyClosed.first { $0.position == p }!.value.key)
                    }
                }
                c.values = vals
                f.clusters[valuesHash(vals)] = c
            }
        }
        for c in f.clusters.values { c.template = f.render(c.values) }
        generation &+= 1
        return f
    }

    /// Makes closed position `closedIndex` of `f` a variable; clusters that now have the same
    /// values merge into the oldest of them.
    func open(_ f: Family, closedIndex ci: Int) {
        f.closed.remove(at: ci)
        f.values.remove(at: ci)
        let clusters = f.sortedClusters
        f.clusters.removeAll(keepingCapacity: true)
        for c in clusters {
            c.values.remove(at: ci)
            let h = valuesHash(c.values)
            if let survivor = f.clusters[h] {
                survivor.size += c.size
                unlink(c.slot)
                slots[c.slot] = nil
                freeSlots.append(c.slot)
                byId[c.id] = nil
                if c.publicId == c.id && survivor.publicId != c.id {
                    addAlias(c.id, survivor.publicId)
                    pendingMerges.append(LogClusterMerge(from: c.id, into: survivor.publicId))
                }
            } else {
                f.clusters[h] = c
            }
        }
        for c in f.clusters.values { c.template = f.render(c.values) }
        generation &+= 1
    }

    func addAlias(_ from: Int, _ into: Int) {
        aliases[from] = into
        aliasOrder.append(from)
        while aliasOrder.count - aliasHead > configuration.maxClusters {
            aliases[aliasOrder[aliasHead]] = nil
            aliasHead += 1
        }
        if aliasHead > 4096 && aliasHead * 2 > aliasOrder.count {
            aliasOrder.removeFirst(aliasHead)
            aliasHead = 0
        }
    }

    /// Adds a cluster as the most recently used one, evicting the least recently used ones
    /// beyond the cap.
    func insert(_ c: Cluster) {
        while byId.count >= configuration.maxClusters, lruTail >= 0 {
            evict(slots[lruTail]!)
        }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = c
        } else {
            slot = slots.count
            slots.append(c)
            if slot >= lruCapacity {
                let capacity = lruCapacity * 2
                let prev = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
                let next = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
                prev.update(from: lruPrev, count: lruCapacity)
                next.update(from: lruNext, count: lruCapacity)
                lruPrev.deallocate()
                lruNext.deallocate()
                lruPrev = prev
                lruNext = next
                lruCapacity = capacity
            }
        }
        c.slot = slot
        lruPrev[slot] = -1
        lruNext[slot] = lruHead
        if lruHead >= 0 { lruPrev[lruHead] = slot }
        lruHead = slot
        if lruTail < 0 { lruTail = slot }
        byId[c.id] = c
        generation &+= 1
    }

    func evict(_ c: Cluster) {
        unlink(c.slot)
        slots[c.slot] = nil
        freeSlots.append(c.slot)
        byId[c.id] = nil
        let f = c.family
        let h = valuesHash(c.values)
        if f.clusters[h] === c { f.clusters[h] = nil }
        if f.clusters.isEmpty {
            unindexSignature(f)
            let n = f.keys.count
            if var list = groups[n] {
                groups[n] = nil
                if let i = list.firstIndex(where: { $0 === f }) { list.remove(at: i) }
                if !list.isEmpty { groups[n] = list }
            }
        }
        generation &+= 1
    }

    func unlink(_ slot: Int) {
        let p = lruPrev[slot], nx = lruNext[slot]
        if p >= 0 { lruNext[p] = nx } else { lruHead = nx }
        if nx >= 0 { lruPrev[nx] = p } else { lruTail = p }
        lruPrev[slot] = -1
        lruNext[slot] = -1
    }

    @inline(__always)
    func touch(_ slot: Int) {
        guard lruHead != slot else { return }
        unlink(slot)
        lruNext[slot] = lruHead
        if lruHead >= 0 { lruPrev[lruHead] = slot }
        lruHead = slot
        if lruTail < 0 { lruTail = slot }
    }

    /// Cluster ids from least to most recently used.
    var recencyOrder: [Int] {
        var ids = [Int]()
        var s = lruTail
        while s >= 0 { ids.append(slots[s]!.id); s = lruPrev[s] }
        return ids
    }
}
