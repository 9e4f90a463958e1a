import GRDB

extension Schema {
    /// Tables owned by the investigation part; registered after the core migrations, in this order.
    static func registerInvestigationMigrations(_ migrator: inout DatabaseMigrator) {
        // One row per run of a task (an execution): what the scheduler needs after a restart and
        // what GetAccountUsage sums. `ended_at` is NULL while the run is live.
        migrator.registerMigration("v5-investigation-runs") { db in
            try db.execute(sql: """
                CREATE TABLE investigation_runs (
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    execution_id TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    task_type TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    started_at REAL NOT NULL,
                    ended_at REAL,
                    outcome TEXT,
                    PRIMARY KEY (space_id, execution_id));
                CREATE INDEX investigation_runs_live ON investigation_runs(ended_at);
                CREATE INDEX investigation_runs_task ON investigation_runs(space_id, task_id);
                CREATE INDEX investigation_runs_started ON investigation_runs(started_at);
                CREATE INDEX tasks_queue ON tasks(status, space_id, priority_rank, seq);
                """)
        }
    }
}
