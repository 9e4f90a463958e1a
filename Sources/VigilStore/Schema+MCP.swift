import GRDB

extension Schema {
    /// Tables owned by the MCP part (tool catalogues of registered servers, OAuth flows in progress).
    static func registerMCPMigrations(_ migrator: inout DatabaseMigrator) {
    }
}
