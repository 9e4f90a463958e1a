import GRDB

/// Versioned schema migrations. Every per-space table carries `space_id`, and its unique keys start
/// with it; rows of a space go when the space's rows are deleted (ON DELETE CASCADE).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
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
        migrator.registerMigration("v2-iam") { db in
            try db.execute(sql: """
                CREATE TABLE iam_principals (
                    arn TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    unique_id TEXT NOT NULL UNIQUE,
                    trust_policy TEXT,
                    max_session_seconds INTEGER,
                    boundary_policy_arn TEXT,
                    tags BLOB NOT NULL,
                    created_at REAL NOT NULL,
                    UNIQUE (kind, name));

                CREATE TABLE iam_policies (
                    arn TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    document TEXT NOT NULL,
                    created_at REAL NOT NULL);

                CREATE TABLE iam_attachments (
                    principal_arn TEXT NOT NULL REFERENCES iam_principals(arn) ON DELETE CASCADE,
                    policy_arn TEXT NOT NULL,
                    PRIMARY KEY (principal_arn, policy_arn));

                CREATE TABLE iam_inline_policies (
                    principal_arn TEXT NOT NULL REFERENCES iam_principals(arn) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    document TEXT NOT NULL,
                    PRIMARY KEY (principal_arn, name));

                CREATE TABLE sts_sessions (
                    access_key_id TEXT PRIMARY KEY,
                    role_arn TEXT NOT NULL,
                    session_name TEXT NOT NULL,
                    secret_sealed BLOB NOT NULL,
                    token_hash BLOB NOT NULL,
                    session_policy TEXT,
                    tags BLOB NOT NULL,
                    expires_at REAL NOT NULL,
                    created_at REAL NOT NULL);
                CREATE INDEX sts_sessions_expiry ON sts_sessions(expires_at);
                """)
        }
        registerTopologyMigrations(&migrator)
        registerIntakeMigrations(&migrator)
        registerInvestigationMigrations(&migrator)
        // Each part appends its migrations, with names of its own, to its own function.
        registerMCPMigrations(&migrator)
        registerWebAppMigrations(&migrator)
        registerActionMigrations(&migrator)
        registerPollerMigrations(&migrator)
        return migrator
    }
}
