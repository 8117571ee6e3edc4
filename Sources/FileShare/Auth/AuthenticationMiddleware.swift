import Foundation
import Hummingbird
import JWTKit
import Logging

/// Finds the caller from `Authorization: Bearer …` or the browser's session cookie and checks
/// the token's session in the database (so logout anywhere takes effect everywhere). A request
/// without credentials goes on anonymous; one with bad credentials stops here with a 401.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "fileshare_session"

    let tokens: AccessTokenService
    let sessions: SessionRepository
    /// Renews browser session cookies of active users; nil leaves cookies alone.
    var renewal: CookieRenewal?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var token: String?
        var viaCookie = false
        if let authorization = request.headers[.authorization] {
            // The scheme is case-insensitive (RFC 9110 §11.1): "bearer" is as good as "Bearer".
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer",
                  case let credentials = parts[1].trimmingCharacters(in: .whitespaces), !credentials.isEmpty else {
                throw AppError.unauthorized("The Authorization header must be 'Bearer <access token>'.")
            }
            token = credentials
        } else if let cookie = request.cookies[Self.cookieName]?.value, !cookie.isEmpty {
            token = cookie
            viaCookie = true
        }
        if let token {
            guard let claims = await tokens.verify(token) else {
                if viaCookie { return try await next(request, context) }
                throw AppError.unauthorized("The access token is invalid or has expired; log in again or refresh it in time.")
            }
            let projectId = Self.projectId(in: request.uri.path)
            let found: (user: User, session: Session, project: Project?)?
            if let projectId {
                found = try await sessions.activeUser(sessionId: claims.sid, projectId: projectId)
            } else {
                found = try await sessions.activeUser(sessionId: claims.sid).map { ($0.user, $0.session, nil) }
            }
            guard let found, found.user.id == claims.sub.value else {
                if viaCookie { return try await next(request, context) }
                throw AppError.unauthorized("This session has ended (logged out); log in again.")
            }
            if viaCookie, request.uri.path.hasPrefix("/api/"), ![.get, .head, .options].contains(request.method),
               request.headers[.xCSRF] != "1" {
                throw AppError.forbidden("Requests from the browser must send the header 'X-CSRF: 1'.")
            }
            context.identity = Identity(user: found.user, sessionId: claims.sid,
                                        sessionCreatedAt: found.session.createdAt, viaCookie: viaCookie)
            if let projectId {
                context.preloadedMembership = PreloadedMembership(projectId: projectId, project: found.project)
            }
            context.logger[metadataKey: "user_id"] = .string(found.user.id)
            if let renewal, let identity = context.identity {
                var response = try await next(request, context)
                if response.headers[.setCookie] == nil,
                   let cookie = try await renewal.renewedCookie(for: identity, tokenExpiresAt: claims.exp.value) {
                    response.setCookie(cookie)
                }
                return response
            }
        }
        return try await next(request, context)
    }

    /// The project ID of an `/api/projects/{id}/…` path, so the session and the membership can be
    /// read together; `ProjectAccessMiddleware` still makes the decision.
    static func projectId(in path: String) -> String? {
        let prefix = "/api/projects/"
        guard path.hasPrefix(prefix) else { return nil }
        let id = path.dropFirst(prefix.count).prefix(36)
        return Identifier.isValid(id) ? String(id).lowercased() : nil
    }
}
