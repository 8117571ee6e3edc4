import Foundation
import SQLKit

/// A live login session. Access tokens name their session, so revoking the row logs the token
/// out on every instance at once.
struct Session: Sendable, Equatable {
    var id: String
    var userId: String
    var createdAt: Date
}

/// Sessions, looked up on every authenticated request together with their user.
struct SessionRepository: Sendable {
    let sql: any SQLDatabase
    /// When sessions start, for the refresh window.
    var clock: AppClock = .system

    func create(userId: String, ip: String) async throws -> Session {
        let now = Clock.micros(clock.now())
        let session = Session(id: Identifier.make(), userId: userId, createdAt: Clock.date(micros: now))
        try await sql.raw("""
            INSERT INTO sessions (id, user_id, created_at, refreshed_at, ip)
            VALUES (\(bind: session.id), \(bind: userId), \(bind: now), \(bind: now), \(bind: ip))
            """).run()
        return session
    }

    /// The user of a session that is still live, in one query.
    func activeUser(sessionId: String) async throws -> (user: User, session: Session)? {
        guard let row = try await sql.raw("""
            SELECT \(unsafeRaw: UserRepository.columns), s.created_at AS session_created_at
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id = \(bind: sessionId) AND s.revoked_at IS NULL AND u.disabled_at IS NULL
            """).first() else { return nil }
        let user = try UserRepository.decode(row)
        return (user, Session(id: sessionId, userId: user.id, createdAt: try row.date("session_created_at")))
    }

    /// The same, plus the project `projectId` with the user's role in it when they are a member:
    /// project routes resolve the caller and their membership in one round trip.
    func activeUser(sessionId: String, projectId: String) async throws -> (user: User, session: Session, project: Project?)? {
        guard let row = try await sql.raw("""
            SELECT \(unsafeRaw: UserRepository.columns), s.created_at AS session_created_at,
                   p.id AS p_id, p.name AS p_name, p.description AS p_description, p.status AS p_status,
                   p.created_by AS p_created_by, p.created_at AS p_created_at, p.updated_at AS p_updated_at, m.role AS p_role
            FROM sessions s JOIN users u ON u.id = s.user_id
            LEFT JOIN memberships m ON m.user_id = u.id AND m.project_id = \(bind: projectId)
            LEFT JOIN projects p ON p.id = m.project_id
            WHERE s.id = \(bind: sessionId) AND s.revoked_at IS NULL AND u.disabled_at IS NULL
            """).first() else { return nil }
        let user = try UserRepository.decode(row)
        let session = Session(id: sessionId, userId: user.id, createdAt: try row.date("session_created_at"))
        guard let id = try row.optionalString("p_id"), let role = try row.optionalString("p_role").flatMap(Role.init(rawValue:)) else {
            return (user, session, nil)
        }
        let project = Project(id: id, name: try row.string("p_name"), description: try row.string("p_description"),
                              status: ProjectStatus(rawValue: try row.string("p_status")) ?? .active,
                              createdBy: try row.string("p_created_by"), createdAt: try row.date("p_created_at"),
                              updatedAt: try row.date("p_updated_at"), role: role)
        return (user, session, project)
    }

    func markRefreshed(sessionId: String) async throws {
        try await sql.raw("UPDATE sessions SET refreshed_at = \(bind: Clock.nowMicros()) WHERE id = \(bind: sessionId)").run()
    }

    /// Ends every session of a user (password change, disabled account, "log out everywhere").
    func revokeAll(userId: String) async throws {
        try await sql.raw("""
            UPDATE sessions SET revoked_at = \(bind: Clock.nowMicros()) WHERE user_id = \(bind: userId) AND revoked_at IS NULL
            """).run()
    }

    func revoke(sessionId: String) async throws {
        try await sql.raw("""
            UPDATE sessions SET revoked_at = \(bind: Clock.nowMicros()) WHERE id = \(bind: sessionId) AND revoked_at IS NULL
            """).run()
    }
}
