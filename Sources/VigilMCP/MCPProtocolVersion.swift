/// The MCP protocol revisions this client speaks, newest first. `initialize` offers the first;
/// a server may answer with any of these.
public enum MCPProtocolVersion {
    public static let supported = ["2025-06-18", "2025-03-26"]
    public static var latest: String { supported[0] }
}
