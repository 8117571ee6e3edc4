import TenkaiCore

/// A least-privilege PostgreSQL role for apps that sign in with a user name and a password read
/// once at start (images that cannot sign IAM tokens, unlike a ``DatabaseLogin``).
///
/// The password is a ``GeneratedSecret`` of its own, so RDS's rotation of the master secret
/// (every 7 days) no longer touches the apps. A one-shot container (``container``, from a public
/// PostgreSQL client image) runs in the task before the apps (``ready``) as the master user, the
/// only container holding the master secret, and runs ``script`` with `psql`: it creates the
/// role if missing and sets its password from the app secret every time (so a changed password
/// is repaired at the next task start), without superuser, `CREATEDB`, `CREATEROLE`; grants
/// `CONNECT`, and on each of `schemas` that exists `USAGE` and the rows (`SELECT, INSERT,
/// UPDATE, DELETE`) of its tables and its sequences; and sets the master user's default
/// privileges, so what the release's migration (running as the master) creates later, schemas
/// included, is the app's to use but never to drop or alter. The defaults are not per schema
/// (`IN SCHEMA` needs the schema to exist, and on a first deploy the tasks start before any
/// migration made one).
///
/// The password never appears in the template: ECS injects it, psql reads it with `\getenv` and
/// quotes it as a literal (`format('%L')`). It is sent to the server inside `ALTER ROLE`, which
/// RDS logs only if that statement fails (`log_min_error_statement`) or `log_statement` is set.
///
/// ```swift
/// let role = DatabaseRole(db, user: "crm_app", password: GeneratedSecret("db-app-password"), schemas: ["staff"])
/// Service("api", in: net) {
///     role.container
///     Container("app", image: .repository(images)) {
///         role.ready
///         Secret("DATABASE_PASSWORD", role.password.value)
///     }
///     .environment("DATABASE_USER", role.user)
/// }
/// ```
public struct DatabaseRole: Sendable {
    /// The official PostgreSQL image, from Docker's library mirrored on ECR Public (no Docker Hub
    /// pull limits); its `psql` (16) has `\getenv`.
    public static let clientImage = "public.ecr.aws/docker/library/postgres:16-alpine"

    public var database: Database
    /// The role the apps sign in as.
    public var user: String
    /// The app role's password.
    public var password: GeneratedSecret
    /// Schemas whose existing tables and sequences the role may use.
    public var schemas: [String]
    /// The one-shot container's name in the task.
    public var containerName: String
    /// The variable the container reads the app password from.
    public var passwordVariable = "APP_ROLE_PASSWORD"
    /// The variable holding ``script``.
    public var scriptVariable = "ROLE_SQL"

    public init(_ database: Database, user: String, password: GeneratedSecret, schemas: [String] = ["public"], containerName: String = "database-role") {
        self.database = database
        self.user = user
        self.password = password
        self.schemas = schemas
        self.containerName = containerName
    }

    /// Makes an app container wait until the role is ready.
    public var ready: StartAfter { StartAfter(containerName, .success) }

    /// Whether the role and schema names are plain names, safe as written in SQL and by PostgreSQL.
    public var hasPlainNames: Bool {
        DatabaseLogin(database, user: user).isPlainRoleName && schemas.allSatisfy(Self.isPlainSchemaName)
    }

    static func isPlainSchemaName(_ name: String) -> Bool {
        (1...63).contains(name.utf8.count) && name.first.map { $0 == "_" || ("a"..."z").contains($0) } == true
            && name.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) } && !name.hasPrefix("pg_")
    }

    /// The one-shot container that makes the role; not essential (it exits), and the apps wait
    /// for its success. TLS is required in the cloud (RDS forces it); the local database has none.
    public var container: Container {
        var container = Container(containerName, image: .registry(Self.clientImage)) {
            Secret("PGPASSWORD", database.masterPassword)
            Secret(passwordVariable, password.value)
        }
        .environment("PGHOST", database.endpoint)
        .environment("PGPORT", database.endpointPort)
        .environment("PGDATABASE", database.databaseName)
        .environment("PGUSER", database.masterUsername)
        .environment("PGSSLMODE", "require")
        .environment(scriptVariable, script)
        .essential(false)
        .command(command)
        container.databaseRole = self
        return container
    }

    /// Variables that exist only in the cloud (compose leaves them out).
    public var cloudOnlyVariables: Set<String> { ["PGSSLMODE"] }

    /// Refuses an empty password (the task would otherwise make a role anyone could guess), then
    /// runs the script, stopping at the first error.
    var command: [String] {
        [
            "sh", "-c",
            "test -n \"$\(passwordVariable)\" || { echo '\(containerName): \(passwordVariable) is empty; the task must inject the app role password secret' >&2; exit 1; }; "
                + "printf '%s\\n' \"$\(scriptVariable)\" | psql -X -q -v ON_ERROR_STOP=1 -f -",
        ]
    }

    /// The idempotent SQL, for `psql` (it uses `\getenv` and `\gexec`). Errors are terse, so
    /// a failing statement is never quoted into the task's log with the password in it.
    public var script: String {
        let role = "'\(user)'"
        let schemaList = schemas.map { "'\($0)'" }.joined(separator: ", ")
        let master = "\"\(database.masterUsername)\""
        let grantee = "\"\(user)\""
        return """
            \\set VERBOSITY terse
            \\getenv app_password \(passwordVariable)
            SELECT format('CREATE ROLE %I', \(role)) WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = \(role))
            \\gexec
            SELECT format('ALTER ROLE %I WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD %L', \(role), :'app_password')
            \\gexec
            SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), \(role))
            \\gexec
            SELECT format('GRANT USAGE ON SCHEMA %1$I TO %2$I; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %1$I TO %2$I; GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %1$I TO %2$I', nspname, \(role)) FROM pg_namespace WHERE nspname IN (\(schemaList))
            \\gexec
            ALTER DEFAULT PRIVILEGES FOR ROLE \(master) GRANT USAGE ON SCHEMAS TO \(grantee);
            ALTER DEFAULT PRIVILEGES FOR ROLE \(master) GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \(grantee);
            ALTER DEFAULT PRIVILEGES FOR ROLE \(master) GRANT USAGE, SELECT ON SEQUENCES TO \(grantee);
            """
    }
}
