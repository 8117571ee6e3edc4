import Foundation
import HTTPTypes
import Hummingbird

/// Login, token refresh, logout and the caller's own account.
struct AuthController: Sendable {
    let services: AppServices

    struct LoginRequest: Decodable {
        var email: String
        var password: String
        /// Also set the browser session cookie (the web UI logs in this way).
        var setCookie: Bool?
    }

    struct LoginResponse: Codable, Sendable {
        var accessToken: String
        var tokenType: String
        var expiresAt: Date
        var user: User
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/api/auth/login", use: login)
        router.post("/api/auth/refresh", use: refresh)
        router.post("/api/auth/logout", use: logout)
        router.get("/api/me", use: me)
    }

    @Sendable func login(request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(as: LoginRequest.self, context: context)
        let ip = services.clientAddress(request, context)
        let email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
        guard !email.isEmpty, email.count <= 254, input.password.utf8.count <= 1024 else {
            throw AppError.badRequest("email", "Give an email address and a password.")
        }
        let account = try await services.users.findForLogin(email: email)
        let outcome = try await services.loginLimiter.attempt(ip: ip, account: email, now: services.clock.now()) {
            let matches = try await services.passwords.verify(
                String(input.password.prefix(72)), hash: account?.passwordHash ?? services.decoyPasswordHash)
            return matches && account != nil
        }
        switch outcome {
        case .limited(let wait):
            throw AppError.tooManyGuesses(retryAfter: wait, what: "passwords for this account")
        case .rejected:
            try await services.audit("login.failed", request: request, context: context, userId: account?.user.id,
                                     detail: "email=\(email)")
            throw AppError.unauthorized("The email address or the password is wrong.")
        case .accepted:
            break
        }
        guard let account else { throw AppError.unauthorized("The email address or the password is wrong.") }
        let session = try await services.sessions.create(userId: account.user.id, ip: ip)
        let token = try await services.tokens.issue(userId: account.user.id, sessionId: session.id)
        try await services.audit("login", request: request, context: context, userId: account.user.id)
        var response = try JSONResponse(.ok, LoginResponse(
            accessToken: token.accessToken, tokenType: "Bearer", expiresAt: token.expiresAt, user: account.user
        )).response(from: request, context: context)
        if input.setCookie == true {
            response.setCookie(sessionCookie(token.accessToken))
        }
        return response
    }

    /// Exchanges a still-valid token for a fresh one while the session is inside its refresh
    /// window, so active users stay logged in and idle ones are logged out.
    @Sendable func refresh(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let window = services.configuration.sessionRefreshWindow
        guard services.clock.now().timeIntervalSince(identity.sessionCreatedAt) < window else {
            throw AppError.unauthorized("This session is older than the refresh window; log in again.")
        }
        try await services.sessions.markRefreshed(sessionId: identity.sessionId)
        let token = try await services.tokens.issue(userId: identity.user.id, sessionId: identity.sessionId)
        var response = try JSONResponse(.ok, LoginResponse(
            accessToken: token.accessToken, tokenType: "Bearer", expiresAt: token.expiresAt, user: identity.user
        )).response(from: request, context: context)
        if identity.viaCookie { response.setCookie(sessionCookie(token.accessToken)) }
        return response
    }

    /// Revokes the session in the database: every token of it stops working on every instance.
    @Sendable func logout(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await services.sessions.revoke(sessionId: identity.sessionId)
        try await services.audit("logout", request: request, context: context)
        var response = Response(status: .noContent)
        response.setCookie(Cookie(name: AuthenticationMiddleware.cookieName, value: "", maxAge: 0, path: "/",
                                  secure: services.configuration.usesHTTPS, httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func me(request: Request, context: AppRequestContext) async throws -> User {
        try context.requireIdentity().user
    }

    func sessionCookie(_ token: String) -> Cookie {
        Cookie(name: AuthenticationMiddleware.cookieName, value: token,
               maxAge: Int(services.configuration.accessTokenLifetime), path: "/",
               secure: services.configuration.usesHTTPS, httpOnly: true, sameSite: .strict)
    }
}
