import GRDB

extension Schema {
    /// Tables owned by the MCP part (tool catalogues of registered servers, OAuth flows in progress).
    static func registerMCPMigrations(_ migrator: inout DatabaseMigrator) {
        // The tools a registered MCP server listed when it was registered, in the server's order.
        // `doc` is the tool as JSON (name, title, description, annotations, inputSchema); no secret
        // is ever part of it. Deleting the service deletes its catalogue.
        migrator.registerMigration("v6-mcp-tools") { db in
            try db.execute(sql: """
                CREATE TABLE mcp_tools (
                    service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    allowlistable INTEGER NOT NULL,
                    doc BLOB NOT NULL,
                    PRIMARY KEY (service_id, name));
                """)
        }
        // Registrations waiting for the OAuth authorization-code callback. Only the SHA-256 of the
        // `state` is stored, so a copy of the database cannot complete a flow; the registration
        // (with its secrets and the PKCE verifier) is sealed. A row is used once: the callback
        // deletes it in the same transaction that reads it.
        migrator.registerMigration("v6-mcp-oauth-pending") { db in
            try db.execute(sql: """
                CREATE TABLE mcp_oauth_pending (
                    state_hash BLOB PRIMARY KEY,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    registration_sealed BLOB NOT NULL);
                CREATE INDEX mcp_oauth_pending_expiry ON mcp_oauth_pending(expires_at);
                """)
        }
    }
}
