import HTTPTypes
import SQLKit

/// The app's own PostgreSQL role, made by the migration step (`fileshare migrate` with
/// `DB_APP_USER`, run as the master user) so the service never logs in as the master user.
///
/// Least privilege: it may log in and read and write the rows of the app's tables, nothing more.
/// It cannot create roles or databases, cannot create or drop anything in the schema (it owns no
/// table; the migrating user does), can only read `schema_migrations`, and can only append to
/// `audit_events`. With IAM auth it is granted `rds_iam` (the role RDS provides, which makes RDS
/// accept IAM tokens instead of a password for it) and has no password of its own.
///
/// ```swift
/// try await AppDatabaseRole(name: "fileshare_app", iamAuth: true).ensure(on: database)
/// ```
public struct AppDatabaseRole: Sendable {
    public let name: String
    public let iamAuth: Bool

    /// Tables whose rows the app reads but never changes, and tables it may only add rows to.
    static let readOnlyTables: Set<String> = ["schema_migrations"]
    static let appendOnlyTables: Set<String> = ["audit_events"]

    /// - Throws: an ``AppError`` naming `DB_APP_USER` for a name that is not a plain lower-case identifier.
    public init(name: String, iamAuth: Bool) throws {
        let isPlainIdentifier = (1...63).contains(name.utf8.count) && name.first.map { $0 == "_" || ("a"..."z").contains($0) } == true
            && name.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        guard isPlainIdentifier, !name.hasPrefix("pg_"), !["postgres", "rdsadmin", "rds_iam", "public"].contains(name) else {
            throw AppError(.configuration, status: .internalServerError,
                           message: "DB_APP_USER must be a lower-case PostgreSQL role name (a-z, 0-9, _; at most 63; not pg_*, postgres, rdsadmin or rds_iam), not '\(name)'.",
                           context: ["variable": "DB_APP_USER"])
        }
        self.name = name
        self.iamAuth = iamAuth
    }

    /// The statements that make or repair the role; safe to run on every release.
    func statements(tables: [String]) -> [String] {
        let role = "\"\(name)\""
        var statements = [
            "DO $$ BEGIN CREATE ROLE \(role) LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
            "ALTER ROLE \(role) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
            "DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO \(role)', current_database()); END $$",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            "REVOKE CREATE ON SCHEMA public FROM \(role)",
            "GRANT USAGE ON SCHEMA public TO \(role)",
        ]
        if iamAuth {
            // RDS then checks an IAM token for this role; a password would be ignored, so there is none.
            statements += ["GRANT rds_iam TO \(role)", "ALTER ROLE \(role) PASSWORD NULL"]
        }
        for table in tables.sorted() {
            let privileges = Self.readOnlyTables.contains(table) ? "SELECT"
                : Self.appendOnlyTables.contains(table) ? "SELECT, INSERT" : "SELECT, INSERT, UPDATE, DELETE"
            statements.append("GRANT \(privileges) ON TABLE \"\(table)\" TO \(role)")
        }
        return statements
    }

    /// Creates the role if needed and grants it exactly its privileges on the app's current tables.
    /// Run it after the migrations, as a user that may create roles (the RDS master user).
    public func ensure(on database: DatabaseHandle) async throws {
        guard database.kind == .postgres else {
            throw AppError(.configuration, status: .internalServerError,
                           message: "DB_APP_USER makes a PostgreSQL role; the database here is SQLite. Unset DB_APP_USER or set DATABASE_URL to PostgreSQL.",
                           context: ["variable": "DB_APP_USER"])
        }
        let tables = try await database.sql.raw("""
            SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename
            """).all().map { try $0.decode(column: "tablename", as: String.self) }
        do {
            try await database.sql.withSession { session in
                try await session.raw("BEGIN").run()
                do {
                    for statement in statements(tables: tables) { try await session.raw(SQLQueryString(statement)).run() }
                    try await session.raw("COMMIT").run()
                } catch {
                    try? await session.raw("ROLLBACK").run()
                    throw error
                }
            }
        } catch {
            throw AppError(.configuration, status: .internalServerError,
                           message: "Could not create or update the database role \(name): \(String(reflecting: error)). The migration must run as a user that may create roles (the RDS master user)\(iamAuth ? ", and RDS must provide rds_iam (IAM database authentication on)" : "").",
                           context: ["variable": "DB_APP_USER"])
        }
    }
}
