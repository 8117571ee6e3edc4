import Foundation
import Logging
import SQLKit
import Testing
@testable import FileShare

@Suite("The app's own least-privilege database role (real PostgreSQL)")
struct AppDatabaseRoleTests {
    /// RDS provides `rds_iam`; the test server does not, so the test makes it as RDS would (a NOLOGIN role).
    static func ensureRDSIAMRole(_ sql: any SQLDatabase) async throws {
        try await sql.raw("DO $$ BEGIN CREATE ROLE rds_iam NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$").run()
    }

    /// `error` is PostgreSQL's "permission denied" (42501) or "must be owner" (42501 as well).
    static func isPermissionDenied(_ body: () async throws -> Void) async -> Bool {
        do {
            try await body()
            return false
        } catch {
            return String(reflecting: error).contains("42501")
        }
    }

    @Test("fileshare migrate with DB_APP_USER makes a role that uses the app's tables and nothing more")
    func leastPrivilege() async throws {
        let (url, dropDatabase) = try await Backend.postgres.makeDatabaseURL()
        let role = "app_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let admin = try await DatabaseHandle.open(url: url, dataDirectory: "", logger: Logger(label: "test"))
        try await Self.ensureRDSIAMRole(admin.sql)

        // The release's migration step, as the master user: migrations, then the role (twice: it is idempotent).
        var configuration = try AppConfiguration(environment: ["DATABASE_URL": url, "DB_APP_USER": String(role)])
        configuration.dataDirectory = FileManager.default.temporaryDirectory.path
        #expect(try await FileShareApp.migrate(configuration: configuration, logger: Logger(label: "test")).count == Schema.migrations.count)
        #expect(try await FileShareApp.migrate(configuration: configuration, logger: Logger(label: "test")).isEmpty)

        let membership = try await admin.sql.raw("""
            SELECT pg_has_role(\(bind: String(role)), 'rds_iam', 'member') AS iam, rolcreaterole, rolcreatedb, rolsuper, rolpassword IS NULL AS nopassword
            FROM pg_authid WHERE rolname = \(bind: String(role))
            """).first()
        #expect(try membership?.decode(column: "iam", as: Bool.self) == true)
        #expect(try membership?.decode(column: "rolcreaterole", as: Bool.self) == false)
        #expect(try membership?.decode(column: "rolcreatedb", as: Bool.self) == false)
        #expect(try membership?.decode(column: "rolsuper", as: Bool.self) == false)
        #expect(try membership?.decode(column: "nopassword", as: Bool.self) == true)

        // As the app's role (the test server trusts it; RDS would want an IAM token).
        var components = URLComponents(string: url)!
        components.user = String(role)
        let app = try await DatabaseHandle.open(url: components.string!, dataDirectory: "", logger: Logger(label: "test"))
        #expect(try await Migrator(database: app).migrate().isEmpty, "the service's start-up migration check needs no DDL rights")
        try await app.sql.raw("INSERT INTO settings (key, value) VALUES ('k', 'v1')").run()
        try await app.sql.raw("UPDATE settings SET value = 'v2' WHERE key = 'k'").run()
        #expect(try await app.sql.raw("SELECT value FROM settings WHERE key = 'k'").first()?.decode(column: "value", as: String.self) == "v2")
        try await app.sql.raw("DELETE FROM settings WHERE key = 'k'").run()
        try await app.sql.raw("INSERT INTO audit_events (id, at, action) VALUES ('a1', 1, 'test')").run()

        #expect(await Self.isPermissionDenied { try await app.sql.raw("UPDATE audit_events SET action = 'x'").run() })
        #expect(await Self.isPermissionDenied { try await app.sql.raw("DELETE FROM schema_migrations").run() })
        #expect(await Self.isPermissionDenied { try await app.sql.raw("CREATE ROLE intruder").run() })
        #expect(await Self.isPermissionDenied { try await app.sql.raw("DROP SCHEMA public CASCADE").run() })
        #expect(await Self.isPermissionDenied { try await app.sql.raw("DROP TABLE settings").run() })
        #expect(await Self.isPermissionDenied { try await app.sql.raw("CREATE TABLE intruder (x INT)").run() })
        #expect(await Self.isPermissionDenied { try await app.sql.raw("ALTER ROLE \(unsafeRaw: String(role)) CREATEROLE").run() })
        try await app.close()

        // The schema is still whole.
        #expect(try await admin.sql.raw("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'").first()?
            .decode(column: "n", as: Int.self) ?? 0 > 5)
        try await admin.close()
        await dropDatabase()
        await PasswordRoleDatabase.dropRole(String(role), serverURL: url)
    }

    @Test("a DB_APP_USER that is not a plain role name is refused before any SQL", arguments: [
        "App", "x; DROP SCHEMA public", "pg_monitor", "rds_iam", "", String(repeating: "a", count: 64), "1app",
    ])
    func badRoleName(name: String) {
        #expect(throws: AppError.self) { try AppDatabaseRole(name: name, iamAuth: true) }
    }
}
