import GRDB

extension Schema {
    /// Tables owned by the intake part; registered after the core migrations, in this order.
    static func registerIntakeMigrations(_ migrator: inout DatabaseMigrator) {
    }
}
