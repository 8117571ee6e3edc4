import Foundation
import SQLKit

/// Projects, always seen through the caller's membership.
struct ProjectRepository: Sendable {
    let sql: any SQLDatabase

    static let columns = "p.id, p.name, p.description, p.status, p.created_by, p.created_at, p.updated_at, m.role"

    static func decode(_ row: any SQLRow) throws -> Project {
        Project(id: try row.string("id"), name: try row.string("name"), description: try row.string("description"),
                status: ProjectStatus(rawValue: try row.string("status")) ?? .active,
                createdBy: try row.string("created_by"), createdAt: try row.date("created_at"),
                updatedAt: try row.date("updated_at"), role: try row.optionalString("role").flatMap(Role.init(rawValue:)))
    }

    /// Creates the project and makes its creator the owner.
    func create(name: String, description: String, createdBy: String) async throws -> Project {
        let now = Clock.nowMicros()
        let id = Identifier.make()
        try await sql.raw("""
            INSERT INTO projects (id, name, description, status, created_by, created_at, updated_at)
            VALUES (\(bind: id), \(bind: name), \(bind: description), 'active', \(bind: createdBy), \(bind: now), \(bind: now))
            """).run()
        try await sql.raw("""
            INSERT INTO memberships (project_id, user_id, role, created_at)
            VALUES (\(bind: id), \(bind: createdBy), 'owner', \(bind: now))
            """).run()
        return Project(id: id, name: name, description: description, status: .active, createdBy: createdBy,
                       createdAt: Clock.date(micros: now), updatedAt: Clock.date(micros: now), role: .owner)
    }

    /// The project with the caller's role, or nil when it does not exist or the caller is not a member.
    func find(id: String, memberId: String) async throws -> Project? {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM projects p
            JOIN memberships m ON m.project_id = p.id AND m.user_id = \(bind: memberId)
            WHERE p.id = \(bind: id)
            """).first().map(Self.decode)
    }

    /// The project without membership (share links and the audit of deleted projects).
    func find(id: String) async throws -> Project? {
        try await sql.raw("""
            SELECT p.id, p.name, p.description, p.status, p.created_by, p.created_at, p.updated_at, NULL AS role
            FROM projects p WHERE p.id = \(bind: id)
            """).first().map(Self.decode)
    }

    func list(memberId: String, status: ProjectStatus?, _ query: ListQuery) async throws -> Page<Project> {
        var from: SQLQueryString = """
            FROM projects p JOIN memberships m ON m.project_id = p.id AND m.user_id = \(bind: memberId)
            """
        if let status { from += " WHERE p.status = \(bind: status.rawValue)" }
        return try await Lister<Project>(
            columns: Self.columns, from: from,
            sortExpressions: ["name": "LOWER(p.name)", "createdAt": "p.created_at", "updatedAt": "p.updated_at"],
            defaultSort: "name", uniqueColumn: "p.id", decode: Self.decode,
            searchText: { "\($0.name) \($0.description)" }
        ).run(query, on: sql)
    }

    func update(id: String, name: String?, description: String?) async throws {
        let now = Clock.nowMicros()
        if let name {
            try await sql.raw("UPDATE projects SET name = \(bind: name), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
        }
        if let description {
            try await sql.raw("""
                UPDATE projects SET description = \(bind: description), updated_at = \(bind: now) WHERE id = \(bind: id)
                """).run()
        }
    }

    func setStatus(id: String, _ status: ProjectStatus) async throws {
        try await sql.raw("""
            UPDATE projects SET status = \(bind: status.rawValue), updated_at = \(bind: Clock.nowMicros()) WHERE id = \(bind: id)
            """).run()
    }

    /// Deletes the project's rows (members, files, links cascade); returns the blob keys to remove.
    func delete(id: String) async throws -> [String] {
        let keys = try await sql.raw("""
            SELECT v.blob_key FROM file_versions v JOIN files f ON f.id = v.file_id WHERE f.project_id = \(bind: id)
            UNION ALL
            SELECT pt.blob_key FROM upload_parts pt JOIN uploads up ON up.id = pt.upload_id WHERE up.project_id = \(bind: id)
            """).all().map { try $0.string("blob_key") }
        try await sql.raw("DELETE FROM projects WHERE id = \(bind: id)").run()
        return keys
    }
}
