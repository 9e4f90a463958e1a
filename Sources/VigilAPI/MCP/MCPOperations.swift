/// Vigil's MCP operations beyond the model (tool invocation in a space). See docs/mcp.md.
enum MCPOperations {
    static let all: [ExtensionOperation] = []
}
