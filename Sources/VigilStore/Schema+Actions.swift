import GRDB

extension Schema {
    /// Tables owned by the write actions and audit export (escalations, export positions).
    static func registerActionMigrations(_ migrator: inout DatabaseMigrator) {
    }
}
