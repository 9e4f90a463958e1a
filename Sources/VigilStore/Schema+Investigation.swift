import GRDB

extension Schema {
    /// Tables owned by the investigation part; registered after the core migrations, in this order.
    static func registerInvestigationMigrations(_ migrator: inout DatabaseMigrator) {
    }
}
