/// The rules a tool must meet to be registered and allowlisted. Pure.
public enum MCPToolPolicy {
    public static let maxNameLength = 64

    /// Nil when the name is acceptable, else why not.
    public static func nameRefusal(_ name: String) -> String? {
        if name.isEmpty { return "the tool name is empty" }
        let length = name.count
        if length > maxNameLength {
            return "the tool name is \(length) characters long; at most \(maxNameLength) are allowed"
        }
        return nil
    }

    /// Nil when the tool may be allowlisted: a valid name, `readOnlyHint: true` and not
    /// `destructiveHint: true`. Otherwise the reason, naming the annotation at fault.
    public static func allowlistRefusal(_ tool: MCPTool) -> String? {
        if let reason = nameRefusal(tool.name) { return reason }
        if tool.annotations.destructiveHint == true {
            return "the server declares it destructive (destructiveHint: true)"
        }
        switch tool.annotations.readOnlyHint {
        case .some(true): return nil
        case .some(false): return "the server declares it not read-only (readOnlyHint: false)"
        case .none: return "the server does not declare it read-only (readOnlyHint is not set)"
        }
    }

    public static func isAllowlistable(_ tool: MCPTool) -> Bool { allowlistRefusal(tool) == nil }
}
