import GRDB

extension Schema {
    /// Tables owned by the Operator Web App (sessions, sign-in flows in progress).
    static func registerWebAppMigrations(_ migrator: inout DatabaseMigrator) {
    }
}
