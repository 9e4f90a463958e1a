import VigilCore

/// Request-context keys and their values. Keys are case-insensitive (stored lowercased); values
/// are case-sensitive strings. Every key may carry several values (`aws:TagKeys`); a key with no
/// values is treated as absent.
public struct ContextKeys: Sendable, Equatable {
    private var storage: [String: [String]]
    /// The packed form evaluation reads; rebuilt after every change.
    private(set) var table: ContextTable

    public init(_ values: [String: [String]] = [:]) {
        var storage: [String: [String]] = [:]
        storage.reserveCapacity(values.count)
        for (key, list) in values { storage[ContextKeys.normalize(key), default: []] += list }
        self.init(normalized: storage)
    }

    /// `storage` keys must already be normalized (lowercased).
    init(normalized storage: [String: [String]]) {
        self.storage = storage
        table = ContextTable(storage)
    }

    /// The lowercased key; returns `key` itself when it has no uppercase letters (no allocation).
    static func normalize(_ key: String) -> String {
        let needsWork = key.utf8.contains { $0 >= 0x80 || ($0 &- 65) < 26 }
        return needsWork ? key.lowercased() : key
    }

    /// The values of `key` (any letter case); nil when absent.
    public subscript(key: String) -> [String]? {
        get { storage[ContextKeys.normalize(key)] }
        set {
            storage[ContextKeys.normalize(key)] = newValue
            table = ContextTable(storage)
        }
    }

    /// Adds one value to `key`.
    public mutating func add(_ key: String, _ value: String) {
        storage[ContextKeys.normalize(key), default: []].append(value)
        table = ContextTable(storage)
    }

    /// Lowercased key names.
    public var keys: [String] { storage.keys.sorted() }

    /// All keys (lowercased) and values.
    public var dictionary: [String: [String]] { storage }

    /// The value that replaces `${key}`: the key's single value, else the default; nil when
    /// neither exists (multi-valued keys cannot be variables).
    func variableValue(_ variable: PolicyVariable) -> String? {
        if let values = storage[variable.lookupKey], values.count == 1 { return values[0] }
        return variable.defaultValue
    }

    public static func == (lhs: ContextKeys, rhs: ContextKeys) -> Bool { lhs.storage == rhs.storage }
}

/// The request context of one principal: keys derived from the principal (`aws:PrincipalArn`,
/// `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:PrincipalTag/...`, `aws:username`,
/// `aws:userid`) merged with the caller's keys (which win). Build it once per request and
/// evaluate any number of action/resource pairs against it.
public struct RequestContext: Sendable, Equatable {
    public let principal: PrincipalInfo
    public private(set) var keys: ContextKeys

    public init(principal: PrincipalInfo, keys: [String: [String]] = [:]) {
        self.principal = principal
        var merged = principal.contextKeys
        merged.reserveCapacity(merged.count + keys.count)
        for (key, values) in keys { merged[ContextKeys.normalize(key)] = values }
        self.keys = ContextKeys(normalized: merged)
    }

    /// A context with the keys a request to Vigil carries: the derived principal keys plus
    /// `aws:CurrentTime`, `aws:EpochTime`, `aws:SecureTransport`, and, when known,
    /// `aws:SourceIp`, `aws:RequestedRegion` and `aws:ResourceAccount`.
    public static func standard(principal: PrincipalInfo, epochSeconds: Int, secureTransport: Bool,
                                sourceIp: String? = nil, region: String? = nil, resourceAccount: String? = nil,
                                extra: [String: [String]] = [:]) -> RequestContext {
        var keys = principal.contextKeys
        keys.reserveCapacity(keys.count + 6 + extra.count)
        keys["aws:currenttime"] = [Timestamp.iso8601(epochSeconds: epochSeconds)]
        keys["aws:epochtime"] = [String(epochSeconds)]
        keys["aws:securetransport"] = [secureTransport ? "true" : "false"]
        if let sourceIp { keys["aws:sourceip"] = [sourceIp] }
        if let region { keys["aws:requestedregion"] = [region] }
        if let resourceAccount { keys["aws:resourceaccount"] = [resourceAccount] }
        for (key, values) in extra { keys[ContextKeys.normalize(key)] = values }
        return RequestContext(principal: principal, normalizedKeys: keys)
    }

    private init(principal: PrincipalInfo, normalizedKeys: [String: [String]]) {
        self.principal = principal
        self.keys = ContextKeys(normalized: normalizedKeys)
    }

    /// `YYYY-MM-DDThh:mm:ssZ` for epoch seconds: the format of `aws:CurrentTime`.
    public static func iso8601(epochSeconds: Int) -> String { Timestamp.iso8601(epochSeconds: epochSeconds) }

    /// Sets (replaces) the values of `key`.
    public mutating func set(_ key: String, _ values: [String]) { keys[key] = values }

    /// Adds one value to `key`.
    public mutating func add(_ key: String, _ value: String) { keys.add(key, value) }
}

extension Timestamp {
    /// `YYYY-MM-DDThh:mm:ssZ` for epoch seconds (UTC).
    static func iso8601(epochSeconds: Int) -> String {
        var days = epochSeconds / 86400
        var seconds = epochSeconds % 86400
        if seconds < 0 { seconds += 86400; days -= 1 }
        let (year, month, day) = CivilCalendar.date(days: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        return date + "T\(pad(seconds / 3600, 2)):\(pad(seconds % 3600 / 60, 2)):\(pad(seconds % 60, 2))Z"
    }
}
