import Foundation

/// What an audit record is about.
public enum AuditKind: String, Sendable, Codable, CaseIterable {
    case apiCall = "api-call"
    case reasoningStep = "reasoning-step"
    case toolInvocation = "tool-invocation"
    case action
    case authFailure = "auth-failure"
}

/// The outcome recorded for an audited event.
public enum AuditDecision: String, Sendable, Codable, CaseIterable {
    case allow, deny, error
}

/// One event to record. The caller redacts `detail` (a JSON text) before handing it over: the
/// audit log stores exactly what it is given, forever.
public struct AuditEntry: Sendable, Equatable {
    /// When the event happened. Stored with microsecond precision.
    public var time: Date
    public var kind: AuditKind
    public var agentSpaceId: String?
    /// Who acted: a principal ARN, an access key id, `agent`, or `anonymous` for auth failures.
    public var principal: String
    /// What was attempted, e.g. `aidevops:CreateBacklogTask` or a tool name.
    public var action: String
    /// What it was attempted on (an ARN, a ticket system, …); empty when there is none.
    public var resource: String
    public var decision: AuditDecision
    public var requestId: String
    /// JSON text, already redacted by the caller.
    public var detail: String

    public init(kind: AuditKind, agentSpaceId: String? = nil, principal: String, action: String,
                resource: String = "", decision: AuditDecision, requestId: String = "", detail: String = "{}",
                time: Date = Date()) {
        self.time = time
        self.kind = kind
        self.agentSpaceId = agentSpaceId
        self.principal = principal
        self.action = action
        self.resource = resource
        self.decision = decision
        self.requestId = requestId
        self.detail = detail
    }

    /// The form that is stored and hashed: time truncated to whole microseconds, and NUL characters
    /// (which SQLite text binding would cut at) replaced by U+FFFD.
    public var normalized: AuditEntry {
        var copy = self
        copy.time = AuditTime.date(micros: AuditTime.micros(time))
        func clean(_ s: String) -> String {
            s.utf8.contains(0) ? s.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : s
        }
        copy.agentSpaceId = agentSpaceId.map(clean)
        copy.principal = clean(principal)
        copy.action = clean(action)
        copy.resource = clean(resource)
        copy.requestId = clean(requestId)
        copy.detail = clean(detail)
        return copy
    }
}

/// A stored record: its position in the log (the Merkle leaf index, from 0), the entry and its leaf hash.
public struct AuditRecord: Sendable, Equatable {
    public var seq: Int64
    public var entry: AuditEntry
    public var leafHash: MerkleHash

    public init(seq: Int64, entry: AuditEntry, leafHash: MerkleHash) {
        self.seq = seq
        self.entry = entry
        self.leafHash = leafHash
    }
}

/// What `append` returns once the record is durable: where it sits and what it hashes to.
public struct AuditReceipt: Sendable, Equatable {
    public var seq: Int64
    public var leafHash: MerkleHash
    public var time: Date
}

/// Where the API layer, the agent and the action guard send audit events. `AuditLog` is the real
/// sink; `InMemoryAuditSink` serves tests. `record` never throws: a sink reports its own failures.
public protocol AuditSink: Sendable {
    func record(_ entry: AuditEntry) async
}

/// Keeps entries in memory, in arrival order. For tests of the layers that audit.
public actor InMemoryAuditSink: AuditSink {
    public private(set) var entries: [AuditEntry] = []
    public init() {}
    public func record(_ entry: AuditEntry) async { entries.append(entry) }
}

/// Discards everything; for contexts that audit nothing (tools, fixtures).
public struct DiscardingAuditSink: AuditSink {
    public init() {}
    public func record(_ entry: AuditEntry) async {}
}

enum AuditTime {
    static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    static func date(micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    static func iso(micros: Int64) -> String {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let date = Date(timeIntervalSince1970: Double(seconds))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, Int(fraction))
    }
}
