import GRDB

extension Schema {
    /// Tables owned by the topology part; registered after the core migrations, in this order.
    static func registerTopologyMigrations(_ migrator: inout DatabaseMigrator) {
    }
}
