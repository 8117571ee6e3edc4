import Foundation
import SQLKit

/// Who belongs to a project, and with which role.
struct MemberRepository: Sendable {
    let sql: any SQLDatabase

    static let columns = "u.id, u.email, u.name, u.kind, m.role, m.created_at"

    static func decode(_ row: any SQLRow) throws -> Member {
        Member(userId: try row.string("id"), email: try row.string("email"), name: try row.string("name"),
               kind: UserKind(rawValue: try row.string("kind")) ?? .guest,
               role: Role(rawValue: try row.string("role")) ?? .guest, addedAt: try row.date("created_at"))
    }

    func list(projectId: String, _ query: ListQuery) async throws -> Page<Member> {
        try await Lister<Member>(
            columns: Self.columns,
            from: "FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.project_id = \(bind: projectId)",
            sortExpressions: [
                "name": "LOWER(u.name)", "email": "u.email", "addedAt": "m.created_at",
                "role": "CASE m.role WHEN 'owner' THEN 1 WHEN 'manager' THEN 2 WHEN 'editor' THEN 3 WHEN 'viewer' THEN 4 ELSE 5 END",
            ],
            defaultSort: "name", uniqueColumn: "u.id", decode: Self.decode,
            searchText: { "\($0.name) \($0.email) \($0.role.rawValue)" }
        ).run(query, on: sql)
    }

    func find(projectId: String, userId: String) async throws -> Member? {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.project_id = \(bind: projectId) AND m.user_id = \(bind: userId)
            """).first().map(Self.decode)
    }

    func add(projectId: String, userId: String, role: Role) async throws {
        if try await find(projectId: projectId, userId: userId) != nil {
            throw AppError.conflict("This user is already a member; change their role instead.")
        }
        try await sql.raw("""
            INSERT INTO memberships (project_id, user_id, role, created_at)
            VALUES (\(bind: projectId), \(bind: userId), \(bind: role.rawValue), \(bind: Clock.nowMicros()))
            """).run()
    }

    func setRole(projectId: String, userId: String, role: Role) async throws {
        try await sql.raw("""
            UPDATE memberships SET role = \(bind: role.rawValue) WHERE project_id = \(bind: projectId) AND user_id = \(bind: userId)
            """).run()
    }

    func remove(projectId: String, userId: String) async throws {
        try await sql.raw("DELETE FROM memberships WHERE project_id = \(bind: projectId) AND user_id = \(bind: userId)").run()
    }

    func ownerCount(projectId: String) async throws -> Int {
        try await sql.raw("""
            SELECT COUNT(*) AS total FROM memberships WHERE project_id = \(bind: projectId) AND role = 'owner'
            """).first()?.int("total") ?? 0
    }
}
