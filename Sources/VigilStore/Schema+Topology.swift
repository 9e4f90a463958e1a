import GRDB

extension Schema {
    /// Tables owned by the topology part; registered after the core migrations, in this order.
    static func registerTopologyMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-topology") { db in
            try db.execute(sql: """
                -- Resources of each agent space's graph. scope_account/scope_region name the
                -- discovery (account + region) that last saw the row: only a complete run of that
                -- scope may mark it stale. Stale rows are deleted after the retention period.
                CREATE TABLE topology_nodes (
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    arn TEXT NOT NULL,
                    type TEXT NOT NULL,
                    name TEXT NOT NULL,
                    account TEXT NOT NULL,
                    region TEXT NOT NULL,
                    stack TEXT,
                    tags BLOB NOT NULL,
                    first_seen REAL NOT NULL,
                    last_seen REAL NOT NULL,
                    last_run_id TEXT NOT NULL,
                    scope_account TEXT NOT NULL,
                    scope_region TEXT NOT NULL,
                    stale_since REAL,
                    PRIMARY KEY (space_id, arn));
                CREATE INDEX topology_nodes_scope ON topology_nodes(space_id, scope_account, scope_region, last_run_id);

                CREATE TABLE topology_edges (
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    from_arn TEXT NOT NULL,
                    to_arn TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    evidence BLOB NOT NULL,
                    first_seen REAL NOT NULL,
                    last_seen REAL NOT NULL,
                    last_run_id TEXT NOT NULL,
                    scope_account TEXT NOT NULL,
                    scope_region TEXT NOT NULL,
                    stale_since REAL,
                    PRIMARY KEY (space_id, from_arn, to_arn, kind));
                CREATE INDEX topology_edges_scope ON topology_edges(space_id, scope_account, scope_region, last_run_id);
                CREATE INDEX topology_edges_to ON topology_edges(space_id, to_arn);

                CREATE TABLE discovery_runs (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    space_id TEXT NOT NULL REFERENCES agent_spaces(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    account TEXT NOT NULL,
                    region TEXT NOT NULL,
                    trigger TEXT NOT NULL,
                    started_at REAL NOT NULL,
                    finished_at REAL,
                    status TEXT NOT NULL,
                    counts BLOB NOT NULL,
                    gaps BLOB NOT NULL,
                    notes BLOB NOT NULL,
                    error TEXT,
                    UNIQUE (space_id, id));
                CREATE INDEX discovery_runs_scope ON discovery_runs(space_id, account, region, seq);

                -- A deleted space keeps a tombstone row, so ON DELETE CASCADE never fires: its graph
                -- and runs go when the tombstone is set.
                CREATE TRIGGER topology_space_deleted AFTER UPDATE OF deleted_at ON agent_spaces
                WHEN NEW.deleted_at IS NOT NULL
                BEGIN
                    DELETE FROM topology_edges WHERE space_id = NEW.id;
                    DELETE FROM topology_nodes WHERE space_id = NEW.id;
                    DELETE FROM discovery_runs WHERE space_id = NEW.id;
                END;
                """)
        }
    }
}
