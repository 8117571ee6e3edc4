/// The schema, as an ordered list of migrations. Never edit a released migration: add a new one.
enum Schema {
    static let migrations: [Migration] = [
        Migration(version: 1, name: "users, sessions and settings", portable: [
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                password_hash TEXT NOT NULL, kind TEXT NOT NULL, is_admin BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at BIGINT NOT NULL, refreshed_at BIGINT NOT NULL, revoked_at BIGINT,
                ip TEXT NOT NULL DEFAULT '')
            """,
            "CREATE INDEX sessions_user ON sessions(user_id)",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ]),
        Migration(version: 2, name: "projects and members", portable: [
            """
            CREATE TABLE projects (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL, created_by TEXT NOT NULL, created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE memberships (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                role TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (project_id, user_id))
            """,
            "CREATE INDEX memberships_user ON memberships(user_id)",
        ]),
        Migration(version: 3, name: "files, versions and uploads", portable: [
            """
            CREATE TABLE files (
                id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                folder TEXT NOT NULL, name TEXT NOT NULL, content_type TEXT NOT NULL, size BIGINT NOT NULL,
                sha256 TEXT NOT NULL, version BIGINT NOT NULL, created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, deleted_at BIGINT)
            """,
            "CREATE INDEX files_project ON files(project_id, folder)",
            """
            CREATE TABLE file_versions (
                file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE, version BIGINT NOT NULL,
                blob_key TEXT NOT NULL, size BIGINT NOT NULL, sha256 TEXT NOT NULL,
                content_type TEXT NOT NULL, created_by TEXT NOT NULL, created_at BIGINT NOT NULL,
                PRIMARY KEY (file_id, version))
            """,
            """
            CREATE TABLE uploads (
                id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                file_id TEXT, folder TEXT NOT NULL, name TEXT NOT NULL, content_type TEXT NOT NULL,
                created_by TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE upload_parts (
                upload_id TEXT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
                part_number BIGINT NOT NULL, blob_key TEXT NOT NULL, size BIGINT NOT NULL,
                sha256 TEXT NOT NULL, PRIMARY KEY (upload_id, part_number))
            """,
        ]),
        Migration(version: 4, name: "share links", portable: [
            """
            CREATE TABLE share_links (
                id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                file_id TEXT, folder TEXT, label TEXT NOT NULL DEFAULT '', token_hash TEXT NOT NULL UNIQUE,
                password_hash TEXT, expires_at BIGINT NOT NULL, max_downloads BIGINT,
                download_count BIGINT NOT NULL DEFAULT 0, allow_download BIGINT NOT NULL,
                created_by TEXT NOT NULL, created_at BIGINT NOT NULL, revoked_at BIGINT)
            """,
            "CREATE INDEX share_links_project ON share_links(project_id)",
        ]),
        Migration(
            version: 5, name: "append-only audit log",
            portable: [
                // No foreign keys: the trail of a deleted project or user must survive it.
                """
                CREATE TABLE audit_events (
                    id TEXT PRIMARY KEY, at BIGINT NOT NULL, project_id TEXT, actor_user_id TEXT,
                    actor_link_id TEXT, action TEXT NOT NULL, file_id TEXT, detail TEXT NOT NULL DEFAULT '',
                    ip TEXT NOT NULL DEFAULT '', request_id TEXT NOT NULL DEFAULT '')
                """,
                "CREATE INDEX audit_project ON audit_events(project_id, at)",
            ],
            sqliteOnly: [
                """
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
                """,
                """
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
                """,
            ],
            postgresOnly: [
                """
                CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$
                """,
                """
                CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION audit_append_only()
                """,
            ]
        ),
        Migration(version: 6, name: "direct uploads to S3", portable: [
            "ALTER TABLE uploads ADD COLUMN direct_key TEXT",
            "ALTER TABLE uploads ADD COLUMN direct_upload_id TEXT",
        ]),
        Migration(version: 7, name: "login failures shared by all instances", portable: [
            "CREATE TABLE login_failures (key TEXT NOT NULL, at BIGINT NOT NULL)",
            "CREATE INDEX login_failures_key ON login_failures(key, at)",
        ]),
        Migration(version: 8, name: "disabled accounts; audit events by link", portable: [
            "ALTER TABLE users ADD COLUMN disabled_at BIGINT",
            "CREATE INDEX audit_link ON audit_events(actor_link_id, at)",
        ]),
    ]
}
