import Foundation
import SQLKit

/// Users and their password hashes.
struct UserRepository: Sendable {
    let sql: any SQLDatabase

    static let columns = "u.id, u.email, u.name, u.kind, u.is_admin, u.created_at"

    static func decode(_ row: any SQLRow) throws -> User {
        User(id: try row.string("id"), email: try row.string("email"), name: try row.string("name"),
             kind: UserKind(rawValue: try row.string("kind")) ?? .guest, isAdmin: try row.flag("is_admin"),
             createdAt: try row.date("created_at"))
    }

    func create(email: String, name: String, passwordHash: String, kind: UserKind, isAdmin: Bool) async throws -> User {
        let user = User(id: Identifier.make(), email: email.lowercased(), name: name, kind: kind, isAdmin: isAdmin,
                        createdAt: Clock.date(micros: Clock.nowMicros()))
        if try await findForLogin(email: user.email) != nil {
            throw AppError.conflict("A user with this email address already exists.")
        }
        try await sql.raw("""
            INSERT INTO users (id, email, name, password_hash, kind, is_admin, created_at)
            VALUES (\(bind: user.id), \(bind: user.email), \(bind: name), \(bind: passwordHash),
                    \(bind: kind.rawValue), \(bind: isAdmin ? 1 : 0), \(bind: Clock.micros(user.createdAt)))
            """).run()
        return user
    }

    func find(id: String) async throws -> User? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM users u WHERE u.id = \(bind: id)").first().map(Self.decode)
    }

    func find(email: String) async throws -> User? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM users u WHERE u.email = \(bind: email.lowercased())")
            .first().map(Self.decode)
    }

    /// An account that may log in (not disabled) and its password hash.
    func findForLogin(email: String) async throws -> (user: User, passwordHash: String)? {
        guard let row = try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns), u.password_hash FROM users u
            WHERE u.email = \(bind: email.lowercased()) AND u.disabled_at IS NULL
            """).first() else { return nil }
        return (try Self.decode(row), try row.string("password_hash"))
    }

    func passwordHash(userId: String) async throws -> String? {
        try await sql.raw("SELECT password_hash FROM users WHERE id = \(bind: userId)").first()?.string("password_hash")
    }

    func setPasswordHash(userId: String, _ hash: String) async throws {
        try await sql.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: userId)").run()
    }

    /// Disables or re-enables an account; a disabled account cannot log in and its sessions stop working.
    func setDisabled(userId: String, _ disabled: Bool) async throws {
        if disabled {
            try await sql.raw("UPDATE users SET disabled_at = \(bind: Clock.nowMicros()) WHERE id = \(bind: userId) AND disabled_at IS NULL").run()
        } else {
            try await sql.raw("UPDATE users SET disabled_at = NULL WHERE id = \(bind: userId)").run()
        }
    }

    func count() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS total FROM users").first()?.int("total") ?? 0
    }

    func list(_ query: ListQuery) async throws -> Page<User> {
        try await Lister<User>(
            columns: Self.columns, from: "FROM users u",
            sortExpressions: ["name": "LOWER(u.name)", "email": "u.email", "createdAt": "u.created_at"],
            defaultSort: "name", uniqueColumn: "u.id", decode: Self.decode,
            searchText: { "\($0.name) \($0.email)" }
        ).run(query, on: sql)
    }
}
