import GRDB

/// Versioned schema migrations. Every per-space table carries `space_id`, and its unique keys start
/// with it; rows of a space go when the space's rows are deleted (ON DELETE CASCADE).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE settings (key TEXT PRIMARY KEY, value BLOB NOT NULL);

                CREATE TABLE access_keys (
                    access_key_id TEXT PRIMARY KEY,
                    principal_arn TEXT NOT NULL,
                    secret_sealed BLOB NOT NULL,
                    status TEXT NOT NULL,
                    created_at REAL NOT NULL);

                CREATE TABLE agent_spaces (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    created_at REAL NOT NULL,
                    deleted_at REAL,
                    doc BLOB NOT NULL);
                CREATE INDEX agent_spaces_live ON agent_spaces(deleted_at, seq);

                CREATE TABLE tags (
                    resource_arn TEXT NOT NULL,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (resource_arn, key));

                CREATE TABLE services (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    service_type TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    doc BLOB NOT NULL,
                    secrets_sealed BLOB);

                CREATE TABLE associations (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    service_id TEXT NOT NULL,
                    service_type TEXT NOT NULL,
                    slot TEXT NOT NULL,
                    doc BLOB NOT NULL,
                    UNIQUE (space_id, id),
                    UNIQUE (space_id, slot));
                CREATE INDEX associations_service ON associations(service_id);

                CREATE TABLE webhooks (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    id TEXT NOT NULL UNIQUE,
                    association_id TEXT NOT NULL,
                    webhook_type TEXT NOT NULL,
                    secret_sealed BLOB NOT NULL,
                    doc BLOB NOT NULL);
                CREATE INDEX webhooks_association ON webhooks(space_id, association_id);

                CREATE TABLE tasks (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    status TEXT NOT NULL,
                    priority_rank INTEGER NOT NULL,
                    task_type TEXT NOT NULL,
                    primary_task_id TEXT,
                    version INTEGER NOT NULL,
                    doc BLOB NOT NULL,
                    UNIQUE (space_id, id));
                CREATE INDEX tasks_space_seq ON tasks(space_id, seq);

                CREATE TABLE goals (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    goal_type TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    doc BLOB NOT NULL,
                    UNIQUE (space_id, id));

                CREATE TABLE recommendations (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    goal_id TEXT,
                    status TEXT NOT NULL,
                    priority TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    doc BLOB NOT NULL,
                    UNIQUE (space_id, id));
                CREATE TABLE recommendation_versions (
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    doc BLOB NOT NULL,
                    PRIMARY KEY (space_id, id, version));

                CREATE TABLE executions (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    task_id TEXT,
                    kind TEXT NOT NULL,
                    owner TEXT,
                    doc BLOB NOT NULL,
                    UNIQUE (space_id, id));
                CREATE INDEX executions_task ON executions(space_id, task_id, seq);
                CREATE INDEX executions_kind ON executions(space_id, kind, owner, seq);

                CREATE TABLE journal_records (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    execution_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    doc BLOB NOT NULL,
                    UNIQUE (space_id, id));
                CREATE INDEX journal_execution ON journal_records(space_id, execution_id, seq);

                CREATE TABLE operator_apps (
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    flow TEXT NOT NULL,
                    doc BLOB NOT NULL,
                    secret_sealed BLOB,
                    PRIMARY KEY (space_id, flow));

                CREATE TABLE private_connections (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    doc BLOB NOT NULL,
                    certificate TEXT);

                CREATE TABLE idempotency_records (
                    scope TEXT NOT NULL,
                    operation TEXT NOT NULL,
                    token TEXT NOT NULL,
                    fingerprint BLOB NOT NULL,
                    status INTEGER NOT NULL,
                    body BLOB NOT NULL,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (scope, operation, token));
                CREATE INDEX idempotency_age ON idempotency_records(created_at);
                """)
        }
        return migrator
    }
}
