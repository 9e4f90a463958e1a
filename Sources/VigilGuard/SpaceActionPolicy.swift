import Foundation

/// At most `maxActions` actions of one kind per space within any `window`.
public struct RateLimit: Sendable, Hashable, Codable {
    public var maxActions: Int
    public var window: TimeInterval

    public init(maxActions: Int, window: TimeInterval) {
        self.maxActions = maxActions
        self.window = window
    }
}

/// What one agent space may do: which action kinds, towards which targets (its associated AWS
/// accounts for support cases; its registered ServiceNow instances and webhook URLs for
/// tickets), how often. Built by the caller from the space's associations.
public struct SpaceActionPolicy: Sendable, Hashable, Codable {
    public var agentSpaceId: String
    public var allowedKinds: Set<ActionKind>
    public var accountIds: Set<String>
    public var serviceNowInstances: Set<String>
    public var webhookURLs: Set<String>
    public var rateLimits: [ActionKind: RateLimit]

    /// Defaults: 5 tickets and 2 support cases per hour.
    public static let defaultRateLimits: [ActionKind: RateLimit] = [
        .openTicket: RateLimit(maxActions: 5, window: 3600),
        .createSupportCase: RateLimit(maxActions: 2, window: 3600),
    ]

    public init(agentSpaceId: String, allowedKinds: Set<ActionKind> = Set(ActionKind.allCases), accountIds: Set<String> = [],
                serviceNowInstances: Set<String> = [], webhookURLs: Set<String> = [],
                rateLimits: [ActionKind: RateLimit] = SpaceActionPolicy.defaultRateLimits) {
        self.agentSpaceId = agentSpaceId
        self.allowedKinds = allowedKinds
        self.accountIds = accountIds
        self.serviceNowInstances = Set(serviceNowInstances.map(DestinationURL.normalized))
        self.webhookURLs = Set(webhookURLs.map(DestinationURL.normalized))
        self.rateLimits = rateLimits
    }
}

/// URLs compared as registered: scheme and host lowercased, default port and trailing `/` dropped.
/// Query and fragment are kept (a webhook's token may live there), user info is never accepted.
public enum DestinationURL {
    public static func normalized(_ raw: String) -> String {
        guard var components = URLComponents(string: raw.trimmingCharacters(in: .whitespaces)),
              let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased() else {
            return raw
        }
        components.scheme = scheme
        components.host = host
        if (scheme == "https" && components.port == 443) || (scheme == "http" && components.port == 80) { components.port = nil }
        if components.path.hasSuffix("/") { components.path.removeLast() }
        return components.string ?? raw
    }

    /// http(s) with a host and no user info.
    public static func isAcceptable(_ raw: String) -> Bool {
        guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty else { return false }
        return components.user == nil && components.password == nil
    }
}
