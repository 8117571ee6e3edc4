import Foundation
import Tenkai
import TenkaiCore
import TestSupport
import Testing

/// A ``DatabaseRole``'s container, run as rendered (its `sh -c` command, `ROLE_SQL` and the
/// `PG*` variables) with the real `psql` against a real PostgreSQL (scripts/start-postgres.sh),
/// signing in as a master user that is, as on RDS, not a superuser (`CREATEROLE`, `CREATEDB`,
/// owner of the database) and must use its password (SCRAM).
@Suite("DatabaseRole SQL", .serialized)
struct DatabaseRoleSQLTests {
    /// One throw-away database with its own master user and app role names.
    struct Scratch {
        let base: URL
        let port: String
        let suffix = String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(12))
        var master: String { "m_\(suffix)" }
        var app: String { "app_\(suffix)" }
        var database: String { "role_\(suffix)" }
        let masterPassword = "master-" + UUID().uuidString
        let appPassword = "app-" + UUID().uuidString

        var role: DatabaseRole {
            let db = Database("main", engine: .postgres("16.9"), in: Network("main", availabilityZones: 2), databaseName: database)
                .masterUsername(master)
            return DatabaseRole(db, user: app, password: .databasePassword("app-password"), schemas: ["public", "staff"])
        }

        /// Runs `sql` with psql as `user` (the superuser `postgres` signs in by trust).
        func psql(_ sql: String, as user: String, password: String? = nil) async throws -> ProcessResult {
            var environment = ["PGHOST": "127.0.0.1", "PGPORT": port, "PGDATABASE": database, "PGUSER": user, "PATH": "/usr/bin:/bin"]
            if let password { environment["PGPASSWORD"] = password }
            return try await runProcess(
                URL(fileURLWithPath: "/usr/bin/psql"), ["-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-c", sql], environment: environment)
        }

        /// Runs the role container's command with the variables ECS would give it.
        func runContainer(appPassword: String? = nil) async throws -> ProcessResult {
            let container = role.container
            var environment = ["PATH": "/usr/bin:/bin"]
            for variable in container.environment {
                guard let text = variable.value.stringValue else { continue }
                environment[variable.name] = text
            }
            // What ECS resolves from the template's references and secrets.
            environment["PGHOST"] = "127.0.0.1"
            environment["PGPORT"] = port
            environment["PGSSLMODE"] = "disable"  // the test server has no TLS; the cloud's `require` is checked in CRMDatabaseRoleTests
            environment["PGPASSWORD"] = masterPassword
            environment[role.passwordVariable] = appPassword ?? self.appPassword
            let command = container.command
            return try await runProcess(URL(fileURLWithPath: "/bin/\(command[0])"), Array(command.dropFirst()), environment: environment)
        }
    }

    /// Runs `body` with a fresh scratch database, dropped afterwards whatever happened.
    static func withScratch(_ body: (Scratch) async throws -> Void) async throws {
        let scratch = try await scratch()
        do {
            try await body(scratch)
        } catch {
            await drop(scratch)
            throw error
        }
        await drop(scratch)
    }

    static func scratch() async throws -> Scratch {
        let url: String
        if let given = ProcessInfo.processInfo.environment["FILESHARE_TEST_DATABASE_URL"], !given.isEmpty {
            url = given
        } else {
            let started = try await runProcess(ProjectPaths.root.appendingPathComponent("scripts/start-postgres.sh"), [])
            try #require(started.status == 0, "scripts/start-postgres.sh failed: \(started.stderr)")
            url = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let port = try #require(URLComponents(string: url)?.port)
        let scratch = Scratch(base: try #require(URL(string: url)), port: String(port))
        // The RDS-like master: not a superuser, signs in with a password, owns the database.
        try await admin(scratch, """
            CREATE ROLE \(scratch.master) LOGIN CREATEROLE CREATEDB PASSWORD '\(scratch.masterPassword)' IN ROLE password_login
            """)
        try await admin(scratch, "CREATE DATABASE \(scratch.database) OWNER \(scratch.master)")
        return scratch
    }

    /// Runs `sql` as the superuser in the scratch database's server (in `postgres`, or the scratch database).
    @discardableResult
    static func admin(_ scratch: Scratch, _ sql: String, inScratch: Bool = false) async throws -> String {
        let result = try await runProcess(
            URL(fileURLWithPath: "/usr/bin/psql"),
            ["-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", scratch.port, "-U", "postgres",
             "-d", inScratch ? scratch.database : "postgres", "-c", sql],
            environment: ["PATH": "/usr/bin:/bin"])
        try #require(result.status == 0, "\(sql): \(result.stderr)")
        return result.stdout
    }

    static func drop(_ scratch: Scratch) async {
        _ = try? await admin(scratch, "DROP DATABASE IF EXISTS \(scratch.database) WITH (FORCE)")
        _ = try? await admin(scratch, "DROP ROLE IF EXISTS \(scratch.app)")
        _ = try? await admin(scratch, "DROP ROLE IF EXISTS \(scratch.master)")
    }

    @Test("makes a login role without superuser, CREATEDB or CREATEROLE, and a second run changes nothing")
    func createsRoleIdempotently() async throws {
        try await Self.withScratch { scratch in
            let first = try await scratch.runContainer()
            #expect(first.status == 0, "first run: \(first.stderr)")
            let second = try await scratch.runContainer()
            #expect(second.status == 0, "second run: \(second.stderr)")
            let attributes = try await Self.admin(
                scratch, "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = '\(scratch.app)'")
            #expect(attributes.trimmingCharacters(in: .whitespacesAndNewlines) == "t|f|f|f")
            // The password is not in the SQL: it came from the variable.
            #expect(!scratch.role.script.contains(scratch.appPassword))
        }
    }

    @Test("the app role reads and writes tables the master creates after the script ran, and nothing more")
    func leastPrivilege() async throws {
        try await Self.withScratch { scratch in
            let master = scratch.master, password = scratch.masterPassword
            // A schema and table that exist before the role does.
            _ = try await scratch.psql("CREATE SCHEMA staff; CREATE TABLE staff.before (id serial PRIMARY KEY, v text)", as: master, password: password)
            let run = try await scratch.runContainer()
            try #require(run.status == 0, "\(run.stderr)")
            // As the app logs in on RDS: with its password (SCRAM), never by trust.
            try await Self.admin(scratch, "GRANT password_login TO \(scratch.app)")
            // The migration, as the master, after the script: a table in an existing schema and a new schema.
            let migration = try await scratch.psql(
                "CREATE TABLE staff.later (id serial PRIMARY KEY, v text); CREATE SCHEMA inquiries; CREATE TABLE inquiries.items (id bigserial PRIMARY KEY, v text)",
                as: master, password: password)
            try #require(migration.status == 0, "\(migration.stderr)")

            for table in ["staff.before", "staff.later", "inquiries.items"] {
                let crud = try await scratch.psql(
                    "INSERT INTO \(table) (v) VALUES ('a'); UPDATE \(table) SET v = 'b'; SELECT v FROM \(table); DELETE FROM \(table)",
                    as: scratch.app, password: scratch.appPassword)
                #expect(crud.status == 0, "CRUD on \(table): \(crud.stderr)")
                #expect(crud.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "b", "\(table): \(crud.stdout)")
            }
            let refused = [
                "CREATE TABLE public.mine (id int)", "CREATE TABLE staff.mine (id int)", "CREATE ROLE intruder",
                "DROP TABLE staff.later", "ALTER TABLE staff.later ADD COLUMN x int", "TRUNCATE staff.later", "CREATE SCHEMA mine",
            ]
            for sql in refused {
                let result = try await scratch.psql(sql, as: scratch.app, password: scratch.appPassword)
                #expect(result.status != 0, "the app role could: \(sql)")
                #expect(result.stderr.contains("permission denied") || result.stderr.contains("must be owner"), "\(sql): \(result.stderr)")
            }
        }
    }

    @Test("a changed password is set back from the secret on the next run")
    func repairsPassword() async throws {
        try await Self.withScratch { scratch in
            try #require(try await scratch.runContainer().status == 0)
            try await Self.admin(scratch, "GRANT password_login TO \(scratch.app)")
            let login = "SELECT current_user"
            #expect(try await scratch.psql(login, as: scratch.app, password: scratch.appPassword).status == 0)
            try await Self.admin(scratch, "ALTER ROLE \(scratch.app) PASSWORD 'drifted'")
            #expect(try await scratch.psql(login, as: scratch.app, password: scratch.appPassword).status != 0)
            let repair = try await scratch.runContainer()
            #expect(repair.status == 0, "\(repair.stderr)")
            let after = try await scratch.psql(login, as: scratch.app, password: scratch.appPassword)
            #expect(after.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == scratch.app, "\(after.stderr)")
        }
    }

    @Test("a role the master may not change stops the container, and its log shows no password")
    func failsWithoutLeakingPassword() async throws {
        try await Self.withScratch { scratch in
            // Someone made the app's name a superuser: the RDS-like master may not alter it.
            try await Self.admin(scratch, "CREATE ROLE \(scratch.app) SUPERUSER")
            let run = try await scratch.runContainer()
            #expect(run.status != 0, "the apps must not start")
            #expect(run.stderr.contains("must be superuser to alter superuser roles"), "\(run.stderr)")
            #expect(!run.stderr.contains(scratch.appPassword) && !run.stdout.contains(scratch.appPassword))
        }
    }

    @Test("an empty app password stops the container before any SQL, saying which variable")
    func refusesEmptyPassword() async throws {
        try await Self.withScratch { scratch in
            let run = try await scratch.runContainer(appPassword: "")
            #expect(run.status != 0)
            #expect(run.stderr.contains("APP_ROLE_PASSWORD is empty"))
            let exists = try await Self.admin(scratch, "SELECT count(*) FROM pg_roles WHERE rolname = '\(scratch.app)'")
            #expect(exists.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        }
    }
}
