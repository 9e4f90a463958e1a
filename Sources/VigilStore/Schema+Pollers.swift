import GRDB

extension Schema {
    /// Tables owned by the intake pollers (CloudWatch alarms, ServiceNow incidents): their positions.
    static func registerPollerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-pollers-1") { db in
            try db.execute(sql: """
                -- The last version a poller saw of each item (an alarm's state and its update time, an
                -- incident's update time and state), per space, source and scope (account/region,
                -- association). Written in the same transaction as the inbox rows a change causes, so a
                -- restart neither loses nor repeats a change.
                CREATE TABLE poller_items (
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    source TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    item_id TEXT NOT NULL,
                    version TEXT NOT NULL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (space_id, source, scope, item_id));

                -- Where a poller resumes its query (ServiceNow: the last sys_updated_on read).
                CREATE TABLE poller_cursors (
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    source TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    position TEXT NOT NULL,
                    PRIMARY KEY (space_id, source, scope));
                """)
        }
    }
}
