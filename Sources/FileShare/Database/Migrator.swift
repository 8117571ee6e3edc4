import Foundation
import HTTPTypes
import SQLKit

/// Applies the schema migrations that a database has not seen yet, each in its own transaction,
/// recording them in `schema_migrations`. Safe to run from several instances at once on
/// PostgreSQL: the row for a version is inserted first, so a second instance fails that
/// transaction and then finds the version applied.
///
/// ```swift
/// let applied = try await Migrator(database: database).migrate()   // e.g. [1, 2]
/// ```
public struct Migrator: Sendable {
    let database: DatabaseHandle

    public init(database: DatabaseHandle) {
        self.database = database
    }

    /// The versions applied by this call, oldest first.
    @discardableResult
    public func migrate() async throws -> [Int] {
        let sql = database.sql
        // Up to date: touch nothing, so the service may run as a role that cannot create tables.
        if let known = try? await appliedVersions(), Set(known).isSuperset(of: Schema.migrations.map(\.version)) {
            return []
        }
        try await sql.raw("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
            """).run()
        var applied: [Int] = []
        for migration in Schema.migrations {
            if try await isApplied(migration.version) { continue }
            let kind = database.kind
            do {
                try await sql.withSession { session in
                    try await session.raw("BEGIN").run()
                    do {
                        try await session.raw("""
                            INSERT INTO schema_migrations (version, name, applied_at)
                            VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Clock.nowMicros()))
                            """).run()
                        for statement in migration.statements(for: kind) {
                            try await session.raw(SQLQueryString(statement)).run()
                        }
                        try await session.raw("COMMIT").run()
                    } catch {
                        try? await session.raw("ROLLBACK").run()
                        throw error
                    }
                }
                applied.append(migration.version)
            } catch {
                // Another instance may have applied it at the same moment; that is fine.
                if try await isApplied(migration.version) { continue }
                throw AppError(.configuration, status: .internalServerError,
                               message: "Schema migration \(migration.version) (\(migration.name)) failed: \(String(reflecting: error))",
                               context: ["migration": String(migration.version)])
            }
        }
        return applied
    }

    /// Versions recorded in the database, oldest first.
    public func appliedVersions() async throws -> [Int] {
        try await database.sql.raw("SELECT version FROM schema_migrations ORDER BY version").all()
            .map { try $0.decode(column: "version", as: Int.self) }
    }

    private func isApplied(_ version: Int) async throws -> Bool {
        try await database.sql.raw("SELECT version FROM schema_migrations WHERE version = \(bind: version)").first() != nil
    }
}
