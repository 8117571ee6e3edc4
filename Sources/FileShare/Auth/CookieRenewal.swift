import Foundation
import Hummingbird

/// Keeps an active browser session alive: the web UI never calls `/api/auth/refresh`, so a
/// cookie token past half its lifetime is replaced on the way out of any request, as long as the
/// session is inside its refresh window. Idle sessions still end with their last token, and
/// every session ends at the refresh window however active.
struct CookieRenewal: Sendable {
    let services: AppServices

    /// A fresh session cookie for this caller, or nil when the current one is young enough or the
    /// session may no longer be extended.
    func renewedCookie(for identity: Identity, tokenExpiresAt: Date) async throws -> Cookie? {
        let configuration = services.configuration
        let now = services.clock.now()
        guard identity.viaCookie,
              tokenExpiresAt.timeIntervalSince(now) < configuration.accessTokenLifetime / 2,
              now.timeIntervalSince(identity.sessionCreatedAt) < configuration.sessionRefreshWindow else { return nil }
        try await services.sessions.markRefreshed(sessionId: identity.sessionId)
        let token = try await services.tokens.issue(userId: identity.user.id, sessionId: identity.sessionId)
        return AuthController(services: services).sessionCookie(token.accessToken)
    }
}
