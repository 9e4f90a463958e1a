import GRDB

extension Schema {
    /// Tables owned by the Operator Web App (sessions, sign-in flows in progress).
    static func registerWebAppMigrations(_ migrator: inout DatabaseMigrator) {
        // One row per signed-in browser. The cookie carries a random 256-bit id; only its SHA-256
        // is stored, so a copy of the database does not let anyone sign in. The principal columns
        // say who the session acts as; every request re-checks that this principal still exists.
        migrator.registerMigration("v7-webapp-sessions") { db in
            try db.execute(sql: """
                CREATE TABLE web_sessions (
                    id_hash BLOB PRIMARY KEY,
                    principal_kind TEXT NOT NULL,
                    principal_arn TEXT NOT NULL,
                    policy_subject_arn TEXT NOT NULL,
                    unique_id TEXT NOT NULL,
                    access_key_id TEXT NOT NULL,
                    session_name TEXT,
                    flow TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    space_scope TEXT,
                    csrf_sealed BLOB NOT NULL,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL);
                CREATE INDEX web_sessions_expiry ON web_sessions(expires_at);
                CREATE INDEX web_sessions_principal ON web_sessions(policy_subject_arn);
                """)
        }
    }
}
