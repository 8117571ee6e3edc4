import Foundation
import Glibc
import HTTPTypes
import Logging
import NIOCore
import NIOPosix
@preconcurrency import AsyncKit
import PostgresKit
import SQLiteKit

/// The metadata database: SQLite in a file by default, PostgreSQL when given a URL. Everything
/// above this type talks to it through sql-kit's `SQLDatabase`, so one set of queries runs on both.
///
/// ```swift
/// let database = try await DatabaseHandle.open(url: nil, dataDirectory: "data", logger: logger)
/// try await Migrator(database: database).migrate()
/// ```
public final class DatabaseHandle: Sendable {
    /// Which server is behind `sql`, for the few statements that differ (triggers).
    public enum Kind: String, Sendable { case sqlite, postgres }

    public let sql: any SQLDatabase
    public let kind: Kind
    private let closeConnections: @Sendable () async throws -> Void
    private let locks = KeyedLock()

    init(sql: any SQLDatabase, kind: Kind, close: @escaping @Sendable () async throws -> Void) {
        self.sql = sql
        self.kind = kind
        self.closeConnections = close
    }

    /// Opens PostgreSQL for a `postgres://` URL, an in-memory SQLite database for `sqlite::memory:`,
    /// a SQLite file for `sqlite:///path` or, with no URL, `fileshare.sqlite` in `dataDirectory`.
    /// PostgreSQL logins take their password from `passwords` on every new connection (default:
    /// the one in the URL).
    public static func open(url: String?, dataDirectory: String, logger: Logger,
                            passwords: (any DatabasePasswordProvider)? = nil) async throws -> DatabaseHandle {
        guard let url else {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            return try await openSQLite(.file(path: dataDirectory + "/fileshare.sqlite"), logger: logger)
        }
        if url == "sqlite::memory:" {
            return try await openSQLite(.memory, logger: logger)
        }
        if url.hasPrefix("sqlite://") {
            return try await openSQLite(.file(path: String(url.dropFirst("sqlite://".count))), logger: logger)
        }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw AppError(.configuration, status: .internalServerError,
                           message: "DATABASE_URL must start with postgres://, postgresql:// or sqlite://.",
                           context: ["variable": "DATABASE_URL"])
        }
        let configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw AppError(.configuration, status: .internalServerError,
                           message: "DATABASE_URL is not a valid PostgreSQL URL (postgres://user:password@host:port/database).",
                           context: ["variable": "DATABASE_URL"])
        }
        let pool = EventLoopGroupConnectionPool(
            source: FreshCredentialConnectionSource(
                configuration: configuration,
                passwords: passwords ?? FixedDatabasePassword(configuration.coreConfiguration.password ?? "")),
            maxConnectionsPerEventLoop: 4,
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton
        )
        let handle = DatabaseHandle(sql: FreshCredentialPoolDatabase(pool: pool, logger: logger).sql(queryLogLevel: nil), kind: .postgres) {
            try await pool.shutdownAsync()
        }
        // Fail at start-up with the address and the reason, not on the first request.
        do {
            _ = try await handle.sql.raw("SELECT 1 AS ok").first()
        } catch {
            try? await handle.close()
            let components = URLComponents(string: url)
            let address = "\(components?.host ?? "?"):\(components?.port ?? 5432)"
            let reason = (error as? DatabaseLoginError)?.description ?? String(reflecting: error)
            throw AppError(.configuration, status: .internalServerError,
                           message: "Cannot use PostgreSQL at \(address): \(reason). Check DATABASE_URL and that the server is running.",
                           context: ["variable": "DATABASE_URL"])
        }
        return handle
    }

    private static func openSQLite(_ storage: SQLiteConnection.Storage, logger: Logger) async throws -> DatabaseHandle {
        if case .file(let path) = storage { try restrictToOwner(path) }
        let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        let sql = connection.sql(queryLogLevel: nil)
        // WAL lets readers work while a writer commits; foreign keys are off in SQLite unless asked for.
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        try await sql.raw("PRAGMA foreign_keys=ON").run()
        try await sql.raw("PRAGMA synchronous=NORMAL").run()
        return DatabaseHandle(sql: sql, kind: .sqlite) { try await connection.close() }
    }

    /// Runs `body` while no other caller holds `key`, on every instance. Callers of one instance
    /// queue in process first (so waiting never holds a pooled connection); on PostgreSQL the body
    /// then runs in one transaction holding an advisory lock on the key, which also keeps other
    /// instances out. SQLite serves one instance, so the in-process lock is the whole story.
    /// Check-then-write sequences that must not interleave (the last owner, the next version of a
    /// file name, password guesses) go through here.
    public func exclusively<T: Sendable>(_ key: String, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let (sql, kind) = (sql, kind)
        return try await locks.withLock(key) {
            guard kind == .postgres else { return try await body(sql) }
            return try await sql.withSession { session in
                try await session.raw("BEGIN").run()
                do {
                    try await session.raw("SELECT pg_advisory_xact_lock(hashtextextended(\(bind: key), 0))").run()
                    let result = try await body(session)
                    try await session.raw("COMMIT").run()
                    return result
                } catch {
                    try? await session.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
    }

    /// Creates the SQLite file readable by its owner only (0600), or narrows an existing one.
    /// SQLite gives the `-wal` and `-shm` files the mode of the database file.
    static func restrictToOwner(_ path: String) throws {
        let descriptor = Glibc.open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open", path: path) }
        defer { Glibc.close(descriptor) }
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            guard chmod(file, 0o600) == 0 else { throw POSIXFailure(operation: "chmod", path: file) }
        }
    }

    /// Closes every connection; call once, at shutdown.
    public func close() async throws {
        try await closeConnections()
    }

    /// Whether the database answers a trivial query (the readiness probe).
    public func isReachable() async -> Bool {
        (try? await sql.raw("SELECT 1 AS ok").first()) != nil
    }
}
