import GRDB

extension Schema {
    /// Tables owned by the intake pollers (CloudWatch alarms, ServiceNow incidents): their positions.
    static func registerPollerMigrations(_ migrator: inout DatabaseMigrator) {
    }
}
