import GRDB

extension Schema {
    /// Tables owned by the intake part; registered after the core migrations, in this order.
    static func registerIntakeMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-intake-1") { db in
            try db.execute(sql: """
                -- Every accepted webhook delivery, written before the 2xx. processed_at is set in the
                -- same transaction as the task writes it caused, so each row is applied exactly once.
                CREATE TABLE intake_inbox (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    webhook_id TEXT NOT NULL,
                    received_at REAL NOT NULL,
                    headers BLOB NOT NULL,
                    body BLOB NOT NULL,
                    delivery_key TEXT NOT NULL,
                    processed_at REAL,
                    outcome TEXT,
                    UNIQUE (space_id, webhook_id, delivery_key));
                CREATE INDEX intake_inbox_pending ON intake_inbox(seq) WHERE processed_at IS NULL;

                -- One row per alert fingerprint: the task it belongs to and its repeat count.
                CREATE TABLE intake_alerts (
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    fingerprint TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    group_key TEXT NOT NULL,
                    status TEXT NOT NULL,
                    alert_name TEXT NOT NULL,
                    resource TEXT,
                    count INTEGER NOT NULL,
                    first_seen REAL NOT NULL,
                    last_seen REAL NOT NULL,
                    resolved_at REAL,
                    PRIMARY KEY (space_id, fingerprint));
                CREATE INDEX intake_alerts_task ON intake_alerts(space_id, task_id);

                -- Alertmanager-style groups: alerts of one group join one task while the group is open.
                CREATE TABLE intake_groups (
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    group_key TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    opened_at REAL NOT NULL,
                    last_alert_at REAL NOT NULL,
                    release_at REAL,
                    PRIMARY KEY (space_id, group_key));
                CREATE INDEX intake_groups_release ON intake_groups(release_at) WHERE release_at IS NOT NULL;

                -- The resource each intake-created task is about, for linking by topology.
                CREATE TABLE intake_tasks (
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    task_id TEXT NOT NULL,
                    resource TEXT,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (space_id, task_id));
                CREATE INDEX intake_tasks_created ON intake_tasks(space_id, created_at);

                -- Where each poller of a space resumes (CloudWatch alarms, ServiceNow incidents).
                CREATE TABLE intake_poll_positions (
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    source TEXT NOT NULL,
                    position TEXT NOT NULL,
                    PRIMARY KEY (space_id, source));
                """)
        }
    }
}
