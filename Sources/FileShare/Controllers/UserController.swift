import Foundation
import Hashing
import Hummingbird

/// Accounts, managed by administrators; and the one-time set-up of the first administrator.
struct UserController: Sendable {
    let services: AppServices

    struct CreateUser: Decodable {
        var email: String
        var name: String
        var password: String
        var kind: UserKind?
        var isAdmin: Bool?
    }

    struct SetupRequest: Decodable {
        var token: String
        var email: String
        var name: String
        var password: String
    }

    static let setupTokenKey = "setup_token_sha256"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/users", use: list)
        router.post("/api/users", use: create)
        router.post("/api/setup", use: setup)
    }

    private func requireAdmin(_ context: AppRequestContext) throws -> Identity {
        let identity = try context.requireIdentity()
        guard identity.user.isAdmin else { throw AppError.forbidden("Only administrators manage accounts.") }
        return identity
    }

    /// Staff may look people up to add them to projects; only administrators create accounts.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<User> {
        let identity = try context.requireIdentity()
        guard identity.user.kind == .staff else { throw AppError.forbidden("Guests cannot list accounts.") }
        let query = try ListQuery(request: request, sortable: ["name", "email", "createdAt"])
        return try await services.users.list(query)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> JSONResponse<User> {
        _ = try requireAdmin(context)
        let input = try await request.decodeJSON(as: CreateUser.self, context: context)
        let user = try await createUser(email: input.email, name: input.name, password: input.password,
                                        kind: input.kind ?? .staff, isAdmin: input.isAdmin ?? false)
        try await services.audit("user.create", request: request, context: context, detail: "user=\(user.id) kind=\(user.kind.rawValue)")
        return JSONResponse(.created, user)
    }

    func createUser(email: String, name: String, password: String, kind: UserKind, isAdmin: Bool) async throws -> User {
        let email = try InputRules.email(email)
        let name = try InputRules.text(name, field: "name")
        try PasswordHasher.validate(password)
        guard !(isAdmin && kind == .guest) else { throw AppError.badRequest("isAdmin", "Guests cannot be administrators.") }
        let hash = try await services.passwords.hash(password)
        return try await services.users.create(email: email, name: name, passwordHash: hash, kind: kind, isAdmin: isAdmin)
    }

    /// Creates the first administrator with the one-time token printed at start-up.
    @Sendable func setup(request: Request, context: AppRequestContext) async throws -> JSONResponse<User> {
        let input = try await request.decodeJSON(as: SetupRequest.self, context: context)
        guard let expected = try await services.settings.value(Self.setupTokenKey),
              SHA256.hex(of: input.token) == expected, try await services.users.count() == 0 else {
            throw AppError.forbidden("This set-up link is not valid (it works once, before any account exists).")
        }
        let user = try await createUser(email: input.email, name: input.name, password: input.password, kind: .staff, isAdmin: true)
        try await services.settings.remove(Self.setupTokenKey)
        try await services.audit("setup.admin", request: request, context: context, userId: user.id)
        return JSONResponse(.created, user)
    }
}
