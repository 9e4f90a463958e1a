import GRDB

extension Schema {
    /// Tables owned by the write actions and audit export (escalations, export positions).
    static func registerActionMigrations(_ migrator: inout DatabaseMigrator) {
        // One row per escalation (a ticket or a support case from an investigation): its state
        // and receipt. `created_at` also serves the per-space rate limit after a restart.
        migrator.registerMigration("v8-actions-escalations") { db in
            try db.execute(sql: """
                CREATE TABLE escalations (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    doc BLOB NOT NULL,
                    UNIQUE (space_id, id));
                CREATE INDEX escalations_task ON escalations(space_id, task_id);
                CREATE INDEX escalations_kind_time ON escalations(space_id, kind, created_at);
                """)
        }
    }
}
