import Foundation
import Hummingbird

/// The life of an account after it was created: users change their own password (which ends
/// every session, on every instance); administrators disable and re-enable accounts and end a
/// user's sessions.
struct AccountController: Sendable {
    let services: AppServices

    struct ChangePassword: Decodable {
        var currentPassword: String
        var newPassword: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/api/me/password", use: changePassword)
        router.post("/api/users/:userId/disable", use: disable)
        router.post("/api/users/:userId/enable", use: enable)
        router.delete("/api/users/:userId/sessions", use: revokeSessions)
    }

    /// Checks the current password (under the login limit), stores the new one, ends every
    /// session of the account and answers with a token for a fresh session.
    @Sendable func changePassword(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await request.decodeJSON(as: ChangePassword.self, context: context)
        try PasswordHasher.validate(input.newPassword)
        guard let hash = try await services.users.passwordHash(userId: identity.user.id) else { throw AppError.notFound("user") }
        let ip = services.clientAddress(request, context)
        let outcome = try await services.loginLimiter.attempt(ip: ip, account: identity.user.email, now: services.clock.now()) {
            try await services.passwords.verify(String(input.currentPassword.prefix(72)), hash: hash)
        }
        switch outcome {
        case .limited(let wait):
            throw AppError.tooManyGuesses(retryAfter: wait, what: "passwords for this account")
        case .rejected:
            try await services.audit("password.change_failed", request: request, context: context)
            throw AppError.forbidden("The current password is wrong.")
        case .accepted:
            break
        }
        try await services.users.setPasswordHash(userId: identity.user.id, try await services.passwords.hash(input.newPassword))
        try await services.sessions.revokeAll(userId: identity.user.id)
        try await services.audit("password.change", request: request, context: context)
        let session = try await services.sessions.create(userId: identity.user.id, ip: ip)
        let token = try await services.tokens.issue(userId: identity.user.id, sessionId: session.id)
        let auth = AuthController(services: services)
        var response = try JSONResponse(.ok, AuthController.LoginResponse(
            accessToken: token.accessToken, tokenType: "Bearer", expiresAt: token.expiresAt, user: identity.user
        )).response(from: request, context: context)
        if identity.viaCookie { response.setCookie(auth.sessionCookie(token.accessToken)) }
        return response
    }

    @Sendable func disable(request: Request, context: AppRequestContext) async throws -> Response {
        let target = try await administeredUser(context)
        guard target.id != context.identity?.user.id else {
            throw AppError.conflict("Administrators cannot disable their own account; ask another administrator.")
        }
        try await services.users.setDisabled(userId: target.id, true)
        try await services.sessions.revokeAll(userId: target.id)
        try await services.audit("user.disable", request: request, context: context, detail: "user=\(target.id)")
        return Response(status: .noContent)
    }

    @Sendable func enable(request: Request, context: AppRequestContext) async throws -> Response {
        let target = try await administeredUser(context)
        try await services.users.setDisabled(userId: target.id, false)
        try await services.audit("user.enable", request: request, context: context, detail: "user=\(target.id)")
        return Response(status: .noContent)
    }

    @Sendable func revokeSessions(request: Request, context: AppRequestContext) async throws -> Response {
        let target = try await administeredUser(context)
        try await services.sessions.revokeAll(userId: target.id)
        try await services.audit("user.sessions_revoked", request: request, context: context, detail: "user=\(target.id)")
        return Response(status: .noContent)
    }

    /// The account named in the path, for an administrator.
    private func administeredUser(_ context: AppRequestContext) async throws -> User {
        let identity = try context.requireIdentity()
        guard identity.user.isAdmin else { throw AppError.forbidden("Only administrators manage accounts.") }
        let id = try InputRules.identifier(context.parameters.get("userId"), field: "userId")
        guard let user = try await services.users.find(id: id) else { throw AppError.notFound("user") }
        return user
    }
}
